/**
 * Console users from the machine: the first start prints the first console admin next to the admin
 * API key; `gatehouse users create --admin` adds another and prints its password once; both sign in
 * to a real server on the same embedded store. One folder for the file (initdb is slow).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  describeResult,
  errorOf,
  jsonOf,
  killAllCli,
  makeTempDir,
  removeTempDir,
  runCli,
  startCli,
} from '../support/cli.ts';

const LISTENING = /^Gatehouse listening on (http:\/\/\S+) /;
const CONSOLE_ADMIN = /^Console admin: (\S+) \/ (\S+)$/m;

async function signIn(url: string, email: string, password: string): Promise<Response> {
  return fetch(`${url}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

describe('gatehouse users', () => {
  let dataDir: string;
  let settings: Record<string, string>;
  let first: { email: string; password: string };

  before(() => {
    dataDir = makeTempDir('gatehouse-cli-users-');
    settings = { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_PORT: '0', GATEHOUSE_HOST: '127.0.0.1' };
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dataDir);
  });

  it('the first start prints the first console admin’s credentials, once', async () => {
    const server = startCli(['serve'], settings);
    await server.waitForLine((l) => LISTENING.test(l));
    await server.stop('SIGTERM', 10_000);
    const match = CONSOLE_ADMIN.exec(server.stdout());
    assert.ok(match !== null, `no console admin line in:\n${server.stdout()}`);
    first = { email: match[1]!, password: match[2]! };
    assert.ok(!server.stderr().includes(first.password), 'the password never reaches the logs');
  });

  it('refuses a second user with the same email (any case)', async () => {
    const result = await runCli(
      ['users', 'create', '--admin', '--email', first.email.toUpperCase(), '--json'],
      settings,
    );
    assert.equal(result.code, 65, describeResult(result));
    assert.equal(errorOf(result).code, 'CONSOLE_USER_EXISTS');
  });

  it('creates an admin with a generated password that signs in, as does the first admin', async () => {
    const result = await runCli(
      ['users', 'create', '--admin', '--email', 'boss@example.com', '--json'],
      settings,
    );
    assert.equal(result.code, 0, describeResult(result));
    const created = jsonOf<{ email: string; role: string; password: string }>(result);
    assert.equal(created.role, 'admin');
    assert.ok(created.password.length >= 20);
    assert.ok(!result.stderr.includes(created.password));
    const server = startCli(['serve'], settings);
    const url = LISTENING.exec(await server.waitForLine((l) => LISTENING.test(l)))![1]!;
    assert.doesNotMatch(server.stdout(), /Console admin/);
    const wrong = await signIn(url, 'boss@example.com', 'not-it');
    assert.equal(wrong.status, 401);
    assert.equal((await signIn(url, 'boss@example.com', created.password)).status, 200);
    const firstAdmin = await signIn(url, first.email, first.password);
    assert.equal(firstAdmin.status, 200);
    assert.match(firstAdmin.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Strict/);
    await server.stop('SIGTERM', 10_000);
  });
});
