/**
 * PostgreSQL down while access events stream in (issue #7), staged with a TCP proxy in front of a
 * fresh database, the shared server untouched:
 * - direct mode: ingestion answers 503 STORE_UNAVAILABLE (never a 500, a crash, or a 202 for a batch
 *   that was not stored, and never half a batch), recovers by itself, and a client that retries the
 *   refused batches with the same event ids ends with every event stored exactly once;
 * - scale-out mode: API nodes keep acknowledging into JetStream while the database the workers write
 *   to is down; the worker naks and retries without losing or acking anything, and catches up by
 *   itself when the database returns. With their own connection down too, API nodes keep accepting for
 *   the keys and accounts they verified within the grace period (services/outage-memory.ts) and answer
 *   503 for an account they never resolved.
 * What is stored is checked with SQL straight against the database, not through the API.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { openStore } from '../../src/storage/open.ts';
import { ACCESS_STREAM } from '../../src/workers/access-jetstream.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import {
  AccessBatches,
  assertEveryBatchStoredOnce,
  EVENTS_PER_BATCH,
  storedPerBatch,
  until,
  within,
} from '../support/access-batches.ts';
import { startCli, type CliProcess } from '../support/cli.ts';
import { createPostgresDatabase, POSTGRES_URL } from '../support/databases.ts';
import { startNatsServer } from '../support/nats-server.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const skip = POSTGRES_URL === undefined ? 'GATEHOUSE_TEST_DATABASE_URL is not set' : false;
const TIMEOUT_MS = 120_000;
const RECOVERY_MS = 20_000;
const NOT_WRITTEN = 'access log batch not written; will retry';
const WAITING = 'database unavailable at start';

interface Setup {
  db: { url: string; drop: () => Promise<void> };
  sql: pg.Client;
  cleanUps: Array<() => Promise<unknown>>;
}

/** A fresh database and a SQL client on it; everything registered in `cleanUps` runs first on exit. */
async function setUp(t: TestContext): Promise<Setup> {
  const db = await createPostgresDatabase();
  const sql = new pg.Client({ connectionString: db.url });
  const setup: Setup = { db, sql, cleanUps: [] };
  // One hook, in reverse order of set-up: processes end before their database is dropped.
  t.after(async () => {
    for (const cleanUp of setup.cleanUps.reverse()) await cleanUp().catch(() => undefined);
    await sql.end().catch(() => undefined);
    await db.drop();
  });
  await sql.connect();
  return setup;
}

async function proxyTo(setup: Setup): Promise<{ proxy: TcpProxy; url: string }> {
  const { proxy, proxiedUrl } = TcpProxy.forUrl(setup.db.url);
  setup.cleanUps.push(() => proxy.down());
  await proxy.up();
  return { proxy, url: proxiedUrl() };
}

async function startApi(setup: Setup, settings: Record<string, string>): Promise<ServerProcess> {
  const server = await startServer({
    GATEHOUSE_MIGRATE_ON_START: 'true',
    GATEHOUSE_DB_CONNECT_TIMEOUT_MS: '1000',
    GATEHOUSE_RATE_LIMIT_PER_MINUTE: '1000000',
    ...settings,
  });
  setup.cleanUps.push(() => server.stop());
  assert.ok(server.adminKey && server.providerTenantId, `no admin key printed:\n${server.output()}`);
  return server;
}

/** An account of the provider, written straight into the (migrated) database. */
async function anAccount(setup: Setup, tenantId: string): Promise<string> {
  const store = await openStore({
    kind: 'postgres',
    url: setup.db.url,
    poolSize: 1,
    connectTimeoutMs: 5000,
    queryTimeoutMs: 30_000,
  });
  try {
    return (await anAccountIn(store, tenantId)).id;
  } finally {
    await store.close();
  }
}

async function storedEvents(sql: pg.Client): Promise<number> {
  const result = await sql.query<{ n: string }>('SELECT count(*) AS n FROM access_events');
  return Number(result.rows[0]?.n ?? 0);
}

/** Three ways for the database to go: each leaves a different part of a batch's work in the air. */
const OUTAGES: Array<{ name: string; stage: (proxy: TcpProxy) => Promise<void> }> = [
  {
    // The ambiguous case: the batch is stored, the client gets a 503, and its retry must not double it.
    name: 'just after a batch is committed, before the answer',
    stage: (proxy) => proxy.downOn('COMMIT\0', { deliver: true }),
  },
  {
    name: 'in the middle of a COPY',
    stage: (proxy) => proxy.downOn('COPY access_events (', { deliver: true }),
  },
  {
    name: 'with whatever query is in flight (a partition), then refusing connections',
    stage: async (proxy) => {
      await proxy.hold().sent;
      await proxy.down();
    },
  },
];

void describe('access log: PostgreSQL down, direct mode', () => {
  void it(
    'answers 503 STORE_UNAVAILABLE, keeps no half batch, recovers by itself, and retries store each event once',
    { skip, timeout: TIMEOUT_MS },
    async (t) => {
      const setup = await setUp(t);
      const { proxy, url } = await proxyTo(setup);
      const server = await startApi(setup, { GATEHOUSE_DATABASE_URL: url });
      const accountId = await anAccount(setup, server.providerTenantId!);
      const batches = new AccessBatches(server.url, server.adminKey!, accountId);

      batches.stream(2);
      for (const outage of OUTAGES) {
        const acked = batches.acked.size;
        await until(
          'batches acknowledged before the outage',
          () => batches.acked.size >= acked + 3,
          RECOVERY_MS,
        );
        await within(`PostgreSQL going down ${outage.name}`, outage.stage(proxy), RECOVERY_MS);
        const refused = batches.refused.size;
        await until(
          'batches refused during the outage',
          () => batches.refused.size >= refused + 3,
          RECOVERY_MS,
        );
        await batches.pause();
        assert.ok(server.isRunning(), `the server exited during the outage:\n${server.output()}`);
        assert.deepEqual(batches.unexpected, [], 'every answer is a 202 or a 503 STORE_UNAVAILABLE');
        await assertWholeOrNothing(setup.sql, batches);

        await proxy.up();
        batches.watchForAck();
        batches.stream(2);
        await until(
          'ingestion back after the outage',
          () => batches.firstAckAfterWatch !== undefined,
          RECOVERY_MS,
        );
        t.diagnostic(
          `down ${outage.name}: back ${batches.firstAckAfterWatch! - batches.watchedFrom} ms after the database`,
        );
      }
      await batches.pause();

      // Refused batches are no longer in flight: what they left is final.
      const stored = await storedPerBatch(setup.sql);
      const committed = [...batches.refused].filter((n) => stored.get(n)?.rows === EVENTS_PER_BATCH).length;
      assert.ok(committed >= 1, 'the batch whose COMMIT went through was answered 503');
      const retried = await batches.retryRefused(RECOVERY_MS);
      t.diagnostic(
        `${batches.sent} batches of ${EVENTS_PER_BATCH} events; ${retried} refused and retried, ` +
          `${committed} of which the database had committed before the answer was lost`,
      );
      assert.deepEqual(batches.unexpected, [], 'every answer is a 202 or a 503 STORE_UNAVAILABLE');
      assert.equal(batches.duplicatesOnRetry, committed * EVENTS_PER_BATCH, 'the retries say what was there');
      await assertEveryBatchStoredOnce(setup.sql, batches.sent);
      assert.ok(server.isRunning(), 'the server recovered without a restart');
    },
  );
});

/** While the database is down: a batch is stored whole or not at all, and every 202 is stored. */
async function assertWholeOrNothing(sql: pg.Client, batches: AccessBatches): Promise<void> {
  const stored = await storedPerBatch(sql);
  const rowsOf = (n: number) => stored.get(n)?.rows ?? 0;
  const half = [...batches.refused].filter((n) => rowsOf(n) !== 0 && rowsOf(n) !== EVENTS_PER_BATCH);
  assert.deepEqual(half, [], 'no refused batch is half-written');
  const lost = [...batches.acked].filter((n) => rowsOf(n) !== EVENTS_PER_BATCH);
  assert.deepEqual(lost, [], 'every acknowledged batch is stored whole');
}

void describe('access log: PostgreSQL down, scale-out mode (NATS JetStream)', () => {
  void it(
    'keeps acknowledging into the stream while the workers cannot write, and the worker catches up by itself',
    { skip, timeout: TIMEOUT_MS },
    async (t) => {
      const setup = await setUp(t);
      const nats = await startNatsServer();
      setup.cleanUps.push(() => nats.stop());
      // Two routes to one database: the API node's (keys, accounts) and the worker's (the writes).
      const api = await proxyTo(setup);
      const writes = await proxyTo(setup);
      const server = await startApi(setup, { GATEHOUSE_DATABASE_URL: api.url, GATEHOUSE_NATS_URL: nats.url });
      const accountId = await anAccount(setup, server.providerTenantId!);
      const worker = startWorker(setup, writes.url, nats.url);
      await worker.waitForLine((line) => line.includes('worker-started'), 60_000);
      const nc = await connect({ servers: nats.url });
      setup.cleanUps.push(() => nc.close());
      const jsm = await jetstreamManager(nc);
      const inStream = async () => (await jsm.streams.info(ACCESS_STREAM)).state.messages;
      const batches = new AccessBatches(server.url, server.adminKey!, accountId);

      for (let n = 0; n < 4; n += 1) assert.equal(await batches.send(n), 202);
      await until(
        'the worker writes',
        async () => (await storedEvents(setup.sql)) === 4 * EVENTS_PER_BATCH,
        RECOVERY_MS,
      );

      // The worker's database goes away just as it commits a write: the rows are in, the acks are not.
      const down = writes.proxy.downOn('COMMIT\0', { deliver: true });
      for (let n = 4; n < 14; n += 1) {
        assert.equal(await batches.send(n), 202, `batch ${n} while the workers' database is down`);
      }
      await within('the worker committing a write', down, RECOVERY_MS);
      const failedWrites = () => worker.stderr().split(NOT_WRITTEN).length - 1;
      await until('the worker tried and failed twice', () => failedWrites() >= 2, RECOVERY_MS);
      assert.ok(worker.isRunning(), `the worker exited:\n${worker.output()}`);
      const committed = (await storedEvents(setup.sql)) - 4 * EVENTS_PER_BATCH;
      assert.ok(committed > 0 && committed % EVENTS_PER_BATCH === 0, `whole batches committed: ${committed}`);
      assert.equal(await inStream(), 10, 'every message taken since is still in the stream: none acked');
      // A worker (re)started meanwhile waits for the database rather than exiting into a restart loop.
      // It has a route of its own, kept down until the first worker has caught up alone.
      const lateWrites = await proxyTo(setup);
      await lateWrites.proxy.down();
      const late = startWorker(setup, lateWrites.url, nats.url);
      await until('the late worker waiting', () => late.stderr().includes(WAITING), RECOVERY_MS);
      assert.ok(late.isRunning(), `the late worker exited:\n${late.output()}`);

      // The whole database down, the API node's connection too: it keeps accepting for the key and the
      // account it verified before (services/outage-memory.ts), and refuses an account it never resolved.
      const unseen = await anAccount(setup, server.providerTenantId!);
      const unseenBatches = new AccessBatches(server.url, server.adminKey!, unseen);
      await api.proxy.down();
      assert.equal(await batches.send(14), 202, 'the API node without its database, for a known account');
      assert.equal(await unseenBatches.send(15), 503, 'an account this node never resolved');
      assert.deepEqual(batches.unexpected, []);
      await api.proxy.up();
      await until(
        'the API node resolves the new account again',
        async () => (await unseenBatches.send(15)) === 202,
        RECOVERY_MS,
      );
      assert.ok(server.isRunning(), `the server exited:\n${server.output()}`);

      await writes.proxy.up();
      const backAt = Date.now();
      const total = 16 * EVENTS_PER_BATCH;
      await until(
        'the worker catches up',
        async () => (await storedEvents(setup.sql)) === total,
        RECOVERY_MS,
      );
      const caughtUp = Date.now() - backAt;
      await until(
        'the stream is drained (acked after commit)',
        async () => (await inStream()) === 0,
        RECOVERY_MS,
      );
      t.diagnostic(
        `worker: ${committed / EVENTS_PER_BATCH} batch(es) committed but not acked when its database went, ` +
          `${failedWrites()} failed write(s) while it was down, caught up ${caughtUp} ms after it returned`,
      );
      assert.deepEqual(batches.unexpected, []);
      await assertEveryBatchStoredOnce(setup.sql, 16);
      assert.ok(worker.isRunning(), 'the same worker process caught up, without a restart');
      await lateWrites.proxy.up();
      await late.waitForLine((line) => line.includes('worker-started'), RECOVERY_MS);
      for (const each of [worker, late]) {
        const exit = await each.stop('SIGTERM', 15_000);
        assert.equal(exit.code, 0, each.output());
      }
    },
  );
});

function startWorker(setup: Setup, databaseUrl: string, natsUrl: string): CliProcess {
  const worker = startCli(['worker', '--json', '--batch', '5'], {
    GATEHOUSE_DATABASE_URL: databaseUrl,
    GATEHOUSE_NATS_URL: natsUrl,
    GATEHOUSE_DB_CONNECT_TIMEOUT_MS: '1000',
    GATEHOUSE_LOG_LEVEL: 'warn',
  });
  setup.cleanUps.push(() => worker.stop('SIGKILL', 15_000));
  return worker;
}
