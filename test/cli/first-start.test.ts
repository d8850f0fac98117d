/**
 * The first start of an empty embedded store creates the provider and prints its admin key, once:
 * only a hash is stored, so a second start has nothing to show and must not mint another.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { killAllCli, makeTempDir, removeTempDir, startCli, type CliProcess } from '../support/cli.ts';

const LISTENING = /^Gatehouse listening on (http:\/\/\S+) /;
const ADMIN_KEY = /^Admin API key: (gth_\S+)$/m;

describe('gatehouse serve on an empty embedded store', () => {
  let dataDir: string;
  let settings: Record<string, string>;
  let adminKey: string;

  before(() => {
    dataDir = makeTempDir('gatehouse-cli-first-start-');
    settings = { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_PORT: '0', GATEHOUSE_HOST: '127.0.0.1' };
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dataDir);
  });

  /** Starts `serve` (human output), waits until it listens and returns it with its URL. */
  async function serve(): Promise<{ server: CliProcess; url: string }> {
    const server = startCli(['serve'], settings);
    const line = await server.waitForLine((l) => LISTENING.test(l));
    return { server, url: LISTENING.exec(line)![1]! };
  }

  it('prints the admin API key on the first start, and stops gracefully on a SIGTERM as soon as it listens', async () => {
    const { server } = await serve();
    // The signal goes out the moment the listening line arrives: a supervisor may stop the server
    // then, and it must still drain and close the store rather than die mid-write.
    const exit = await server.stop('SIGTERM', 10_000);
    const match = ADMIN_KEY.exec(server.stdout());
    assert.ok(match !== null, `no admin key line in:\n${server.stdout()}`);
    adminKey = match[1]!;
    assert.match(adminKey, /^gth_[a-z2-7]{16}_[a-z2-7]{52}$/);
    assert.deepEqual(exit, { code: 0, signal: null }, `not a graceful exit:\n${server.output()}`);
  });

  it('does not print a key on the next start, and the first key still works', async () => {
    const { server, url } = await serve();
    assert.doesNotMatch(server.stdout(), /Admin API key/);
    assert.doesNotMatch(server.stdout(), /gth_/);
    const response = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${adminKey}` } });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { key: { role: string } }).key.role, 'admin');
    const exit = await server.stop('SIGTERM', 10_000);
    assert.deepEqual(exit, { code: 0, signal: null }, server.output());
  });
});
