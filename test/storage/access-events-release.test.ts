/**
 * A batch waiting on PostgreSQL no longer holds its rows (access-events.ts, insertBatch; the service's
 * ingest): once encoded for COPY, the rows, the validated events and the parsed JSON can be collected
 * while the transaction waits. Until 2026-12-01 the awaiting frames kept every in-flight batch alive, half
 * of the API's young generation at each scavenge (docs/benchmarks.md, 17:12–18:50).
 *
 * The store test fails on the code before (the rows array stays reachable from insertBatch's frame).
 * The batch is held at the ingest lock (another session holds it exclusively, as the digest job's barrier
 * does), a full garbage collection runs, and weak references tell whether the batch's objects survived.
 * PostgreSQL only: PGlite has no COPY, and its batch is written from the rows themselves.
 */
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { openStore } from '../../src/storage/open.ts';
import type { AccessEventRow, AccountRecord, Store } from '../../src/storage/port.ts';
import { INGEST_LOCK } from '../../src/storage/repositories/access-log-digests.ts';
import type { Actor } from '../../src/services/context.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import { engines, type TestDatabase } from '../support/databases.ts';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const NOW = new Date('2026-11-30T12:00:00Z');

const postgres = engines().find((e) => e.name === 'postgres');

describe(
  'a batch waiting on PostgreSQL holds no rows',
  {
    skip: postgres === undefined ? 'GATEHOUSE_TEST_DATABASE_URL is not set' : false,
  },
  () => {
    const engine = postgres!;
    let database: TestDatabase;
    let store: Store;
    let services: Services;
    let actor: Actor;
    let account: AccountRecord;
    let locker: pg.Client;

    before(async () => {
      database = await engine.create();
      store = await openStore(database.config);
      await store.migrate();
      services = createServices(store, { now: () => NOW });
      const boot = await bootstrapProvider(services.deps, 'Release');
      account = await anAccountIn(store, boot.tenant.id, { externalId: 'cust-1' });
      actor = {
        tenantId: boot.tenant.id,
        type: 'api_key',
        id: 'ingest-test',
        role: 'ingest',
        requestId: null,
      };
      // The day's partition and the dictionary's strings exist, so the batch below goes straight to COPY.
      await services.accessLog.ingestJson(actor, events(1));
      locker = new pg.Client({ connectionString: database.url });
      await locker.connect();
    });
    after(async () => {
      await locker.end();
      await store.close();
      await database.drop();
    });

    function events(count: number): Array<Record<string, string>> {
      return Array.from({ length: count }, (_, i) => ({
        id: `e-${count}-${i}`,
        account: 'cust-1',
        ip: `198.51.100.${i % 250}`,
        at: new Date(NOW.getTime() - 60_000 + i).toISOString(),
        action: 'api',
        principal: `user-${i % 7}`,
        userAgent: 'aws-cli/2.15',
        region: 'us-east-1',
      }));
    }

    /** Starts the write in a frame of its own, so this test keeps only weak references to the batch. */
    function startBehindTheLock<T extends object>(
      make: () => T[],
      write: (batch: T[]) => Promise<unknown>,
    ): { pending: Promise<unknown>; batch: WeakRef<T[]>; first: WeakRef<T> } {
      const batch = make();
      return { pending: write(batch), batch: new WeakRef(batch), first: new WeakRef(batch[0] as T) };
    }

    async function waitForTheLock(): Promise<void> {
      for (let tries = 0; tries < 500; tries += 1) {
        const waiting = await locker.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        if ((waiting.rows[0]?.n ?? 0) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('the batch never reached the ingest lock');
    }

    async function holdTheIngestLock<R>(run: () => Promise<R>): Promise<R> {
      await locker.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [INGEST_LOCK]);
      try {
        return await run();
      } finally {
        await locker.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [INGEST_LOCK]);
      }
    }

    it('lets the store’s rows be collected while the COPY waits for the ingest lock', async () => {
      const { pending, batch, first } = await holdTheIngestLock(async () => {
        const started = startBehindTheLock<AccessEventRow>(
          () =>
            Array.from({ length: 2000 }, (_, i) => ({
              accountId: account.id,
              eventKey: String(1_000_000 + i),
              at: new Date(NOW.getTime() - 30_000 + i),
              ip: '203.0.113.9',
              action: 3,
              principal: null,
              userAgent: null,
              region: null,
            })),
          (rows) => store.accessEvents.insertBatch(rows),
        );
        await waitForTheLock();
        collectGarbage();
        return started;
      });
      assert.equal(batch.deref(), undefined, 'the rows array was still reachable');
      assert.equal(first.deref(), undefined, 'a row was still reachable');
      assert.deepEqual(await pending, { inserted: 2000 });
    });

    // The service's own rows and events cannot be reached from here; this holds the parsed JSON it is given.
    it('lets the parsed JSON given to the service be collected while its batch waits', async () => {
      const { pending, batch, first } = await holdTheIngestLock(async () => {
        const started = startBehindTheLock(
          () => events(2000),
          (items) => services.accessLog.ingestJson(actor, items),
        );
        await waitForTheLock();
        collectGarbage();
        return started;
      });
      assert.equal(batch.deref(), undefined, 'the parsed array was still reachable');
      assert.equal(first.deref(), undefined, 'a parsed event was still reachable');
      const outcome = (await pending) as { accepted: number; rejected: unknown[] };
      assert.equal(outcome.accepted, 2000);
      assert.deepEqual(outcome.rejected, []);
    });
  },
);
