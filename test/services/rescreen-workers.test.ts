/**
 * Re-screening spread over workers through a real NATS JetStream server (its own process, port and
 * folder): the ranges published by an import are all screened once, by two workers, and publishing
 * them again adds no job.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { pino } from 'pino';
import type { Actor } from '../../src/services/context.ts';
import {
  openRescreenQueue,
  publishRescreenJobs,
  RESCREEN_STREAM,
  startRescreenWorker,
  type RescreenQueue,
} from '../../src/workers/rescreen-jetstream.ts';
import { anna } from '../support/applicants.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';

const LISTS = path.resolve('../shared/data/lists');
const sdnFiles = (folder: string) =>
  ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'].map((name) => ({
    name,
    content: readFileSync(path.join(LISTS, folder, name), 'utf8'),
  }));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('re-screening jobs on NATS JetStream', () => {
  let t: TestApp;
  let nats: ChildProcess;
  let dir: string;
  let queue: RescreenQueue;
  let operator: Actor;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-rescreen-nats-'));
    const port = await freePort();
    nats = spawn('/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
      stdio: 'ignore',
    });
    const servers = [`nats://127.0.0.1:${port}`];
    await waitFor(async () => {
      queue = await openRescreenQueue({ servers, replicas: 1 });
      return true;
    }, 'nats-server');
    t = await createTestApp();
    operator = { tenantId: t.tenantId, type: 'cli', id: 'test', role: 'admin', requestId: null };
    await t.services.lists.importFiles(operator, 'ofac-sdn', sdnFiles('ofac-sdn-older'));
  });
  after(async () => {
    await queue.close().catch(() => undefined);
    nats.kill('SIGKILL');
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('screens every range once across two workers, and a repeated publish adds no job', async () => {
    const submitted = [];
    for (const [i, name] of [
      'Ousmane Illiassou Djibo',
      'Erika Exempel',
      'Max Mustermann',
      'Kari Nordmann',
    ].entries()) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/applications',
        headers: bearer(t.adminKey),
        payload: anna({
          name: { full: name },
          dateOfBirth: '1984-01-01',
          citizenship: ['NE'],
          documents: [],
          account: { externalId: `acct-nats-${i}` },
        }),
      });
      assert.equal(response.statusCode, 201, response.body);
      submitted.push(response.json<{ id: string; decision: { rule: string } }>());
    }
    assert.doesNotMatch(submitted[0]!.decision.rule, /^screening\./);

    const imported = await t.services.lists.importFiles(operator, 'ofac-sdn', sdnFiles('ofac-sdn'));
    assert.equal(imported.status, 'imported');
    if (imported.status !== 'imported') return;
    const ranges = await t.services.rescreening.planRanges(imported.version, 2);
    assert.equal(ranges.length, 2, JSON.stringify(ranges));
    assert.equal(await publishRescreenJobs(queue, ranges), 2);

    const logger = pino({ level: 'silent' });
    const workers = [
      startRescreenWorker(queue, t.services.rescreening, logger, { fetchWaitMs: 1000, retryDelayMs: 500 }),
      startRescreenWorker(queue, t.services.rescreening, logger, { fetchWaitMs: 1000, retryDelayMs: 500 }),
    ];
    await waitFor(async () => workers.reduce((n, w) => n + w.jobsDone(), 0) === 2, 'two jobs done');
    await publishRescreenJobs(queue, ranges);
    const jsm = await jetstreamManager(queue.nc);
    await waitFor(
      async () => (await jsm.streams.info(RESCREEN_STREAM)).state.messages === 0,
      'an empty queue',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(
      workers.reduce((n, w) => n + w.jobsDone(), 0),
      2,
      'the repeated publish was deduplicated',
    );
    await Promise.all(workers.map((w) => w.stop()));

    const application = await t.app.inject({
      method: 'GET',
      url: `/v1/applications/${submitted[0]!.id}`,
      headers: bearer(t.adminKey),
    });
    assert.match(application.json<{ decision: { rule: string } }>().decision.rule, /^screening\./);
  });

  it('runs each full re-screening asked for (not deduplicated away), and raises no hit twice', async () => {
    const [version] = (await t.services.lists.activeVersions(operator)).filter(
      (v) => v.source === 'ofac-sdn',
    );
    assert.ok(version);
    const ranges = await t.services.rescreening.planRanges(version, 2, true);
    assert.equal(ranges.length, 2);
    assert.ok(ranges.every((r) => r.full === true));
    const hitsBefore = (
      await t.services.screening.listHits(operator, undefined, { limit: 1000, after: undefined })
    ).items.length;
    assert.ok(hitsBefore > 0);
    assert.equal(await publishRescreenJobs(queue, ranges), 2);
    assert.equal(await publishRescreenJobs(queue, ranges), 2, 'a second request is a new run');
    const worker = startRescreenWorker(queue, t.services.rescreening, pino({ level: 'silent' }), {
      fetchWaitMs: 1000,
      retryDelayMs: 500,
    });
    await waitFor(async () => worker.jobsDone() === 4, 'four jobs done');
    await worker.stop();
    const hitsAfter = (
      await t.services.screening.listHits(operator, undefined, { limit: 1000, after: undefined })
    ).items.length;
    assert.equal(hitsAfter, hitsBefore);
  });
});
