/**
 * Access-log digests on both engines (issue #5 point 4): each closed hour of store time is digested per
 * tenant and ledgered, and `ledger verify` names the hour when an insider deletes, changes or adds an
 * event behind the services' back, but not when the retention job purges one.
 *
 * `stored_at` is the database's clock, which a test cannot move; `age` plays time forward instead by
 * moving the rows stored since the digest head, and the head, back by whole hours.
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import pg from 'pg';
import { operatorActor } from '../../src/services/operator.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { LedgerVerification } from '../../src/services/ledger-verify.ts';
import { openStore } from '../../src/storage/open.ts';
import type { AccountRecord, Store, TenantRecord } from '../../src/storage/port.ts';
import { runScheduledJobs } from '../../src/workers/scheduler.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import { aTenant } from '../support/builders.ts';
import { engines, type TestDatabase } from '../support/databases.ts';
import { rawSql } from '../support/raw-sql.ts';

const HOUR = 3_600_000;
/** Ten minutes ahead of the database: the grace period after an hour's end has passed for the service. */
const serviceNow = () => new Date(Date.now() + 10 * 60_000);

interface Log {
  store: Store;
  services: Services;
  tenant: TenantRecord;
  other: TenantRecord;
  alice: AccountRecord;
  bob: AccountRecord;
  carol: AccountRecord;
  events(account: AccountRecord, count: number, at: Date, ip?: string): Promise<void>;
  /** Every row stored since the digest head, and the head, `hours` earlier: as if that much time passed. */
  age(hours: number): Promise<void>;
  /** The verification, with only the divergences about the access log: the accounts' parties are written
   * straight into the store by the test, so they are never ledgered. */
  verify(): Promise<LedgerVerification>;
  sql<R = Record<string, unknown>>(text: string): Promise<R[]>;
}

let keys = 0n;

async function aLog(db: TestDatabase): Promise<Log> {
  const store = await openStore(db.config);
  await store.migrate();
  const services = createServices(store, { now: serviceNow });
  const tenant = aTenant();
  const other = aTenant({ name: 'Other Cloud' });
  await store.tenants.insert(tenant);
  await store.tenants.insert(other);
  const closed = { status: 'closed' as const, closedAt: new Date('2023-01-01T00:00:00Z') };
  const log: Log = {
    store,
    services,
    tenant,
    other,
    alice: await anAccountIn(store, tenant.id),
    bob: await anAccountIn(store, tenant.id, closed),
    carol: await anAccountIn(store, other.id),
    events: async (account, count, at, ip = '198.51.100.7') => {
      await store.accessEvents.insertBatch(
        Array.from({ length: count }, (_, i) => ({
          accountId: account.id,
          eventKey: String((keys += 1n)),
          at: new Date(at.getTime() + i * 1000),
          ip,
          action: 1,
          principal: i % 2 === 0 ? 'alice@example.com' : null,
          userAgent: 'aws-cli/2.15',
          region: i % 3 === 0 ? null : 'us-east-1',
        })),
      );
    },
    age: async (hours) => {
      await log.sql(`UPDATE access_events SET stored_at = stored_at - interval '${hours} hours'
        WHERE stored_at >= (SELECT digested_until FROM access_log_digest_head)`);
      await log.sql(
        `UPDATE access_log_digest_head SET digested_until = digested_until - interval '${hours} hours'`,
      );
    },
    verify: async () => {
      const report = await services.ledger.verify(operatorActor(tenant.id, 'test'));
      const divergences = report.divergences.filter(
        (d) => d.kind.startsWith('access_') || (d.recordType ?? '').startsWith('access_log'),
      );
      return { ...report, ok: divergences.length === 0, divergences };
    },
    sql: (text) => rawSql(store, text),
  };
  return log;
}

const hourOf = (date: Date) => new Date(Math.floor(date.getTime() / HOUR) * HOUR);

for (const engine of engines()) {
  describe(`access-log digests on ${engine.name}`, () => {
    const databases: TestDatabase[] = [];
    let log: Log;
    /** A log with events of two tenants, stored two hours ago and digested. */
    const digested = async () => {
      const db = await engine.create();
      databases.push(db);
      log = await aLog(db);
      await log.events(log.alice, 5, new Date('2026-11-29T08:00:00Z'));
      await log.events(log.bob, 3, new Date('2022-12-30T08:00:00Z'));
      await log.events(log.carol, 4, new Date('2026-11-29T09:00:00Z'));
      await log.age(2);
      await log.services.accessDigests.digestClosedSegments();
      await log.services.ledger.runSequencer();
    };
    const digestHour = async () =>
      (await log.sql<{ s: Date }>(`SELECT min(segment_start) AS s FROM access_log_digests`))[0]?.s as Date;
    afterEach(async () => {
      await log.store.close();
    });
    after(async () => {
      for (const db of databases) await db.drop();
    });

    it('digests nothing while the hour is still open', async () => {
      const db = await engine.create();
      databases.push(db);
      log = await aLog(db);
      await log.events(log.alice, 3, new Date('2026-11-29T08:00:00Z'));
      await log.sql(`UPDATE access_events SET stored_at = statement_timestamp()`);
      await log.sql(
        `UPDATE access_log_digest_head SET digested_until = date_trunc('hour', statement_timestamp(), 'UTC')`,
      );
      const run = await log.services.accessDigests.digestClosedSegments();
      assert.deepEqual(run, { segments: 0, digests: 0, events: 0 });
      assert.equal((await log.verify()).ok, true);
    });

    it('digests a closed hour once per tenant with events, ledgers each digest, and verifies', async () => {
      await digested();
      const rows = await log.sql<{ tenant_id: string; event_count: string | number; segment_end: Date }>(
        `SELECT tenant_id, event_count, segment_end FROM access_log_digests ORDER BY event_count`,
      );
      assert.deepEqual(
        rows.map((r) => [r.tenant_id, Number(r.event_count)]),
        [
          [log.other.id, 4],
          [log.tenant.id, 8],
        ],
      );
      const ledgered = await log.sql(`SELECT 1 FROM ledger_entries WHERE record_type = 'access_log_digest'`);
      assert.equal(ledgered.length, 2);
      const again = await log.services.accessDigests.digestClosedSegments();
      assert.equal(again.digests, 0);
      const report = await log.verify();
      assert.deepEqual(report.divergences, []);
      assert.equal(report.accessSegments, 2);
    });

    it('names the hour when an event row is deleted', async () => {
      await digested();
      const hour = await digestHour();
      await log.sql(`DELETE FROM access_events WHERE account_id = '${log.alice.id}'
        AND event_key = (SELECT min(event_key) FROM access_events WHERE account_id = '${log.alice.id}')`);
      const report = await log.verify();
      assert.equal(report.ok, false);
      const [first] = report.divergences;
      assert.equal(first?.kind, 'access_segment_changed');
      assert.equal(first?.tenantId, log.tenant.id);
      assert.equal(first?.segment, `${hour.toISOString()}/${new Date(hour.getTime() + HOUR).toISOString()}`);
      assert.match(first?.message ?? '', /7 event\(s\) now, 8 digested/);
      assert.equal(report.divergences.length, 1, 'the other tenant’s hour still verifies');
    });

    it('names the hour when an event’s address is changed', async () => {
      await digested();
      await log.sql(`UPDATE access_events SET ip = '203.0.113.9' WHERE account_id = '${log.carol.id}'
        AND event_key = (SELECT max(event_key) FROM access_events WHERE account_id = '${log.carol.id}')`);
      const report = await log.verify();
      assert.equal(report.divergences.length, 1);
      assert.equal(report.divergences[0]?.kind, 'access_segment_changed');
      assert.equal(report.divergences[0]?.tenantId, log.other.id);
      assert.match(report.divergences[0]?.message ?? '', /no longer match the digest/);
    });

    it('names the hour when a dictionary string or a sub-millisecond time is changed', async () => {
      await digested();
      await log.sql(
        `UPDATE access_strings SET value = 'mallory@example.com' WHERE value = 'alice@example.com'`,
      );
      assert.equal((await log.verify()).divergences[0]?.kind, 'access_segment_changed');
      await log.sql(
        `UPDATE access_strings SET value = 'alice@example.com' WHERE value = 'mallory@example.com'`,
      );
      assert.equal((await log.verify()).ok, true);
      await log.sql(`UPDATE access_events SET at = at + interval '1 microsecond'
        WHERE account_id = '${log.carol.id}'`);
      assert.equal((await log.verify()).divergences[0]?.tenantId, log.other.id);
    });

    it('names the hour when an event is added to it, also for a tenant that had no events there', async () => {
      await digested();
      const hour = await digestHour();
      const stored = new Date(hour.getTime() + 60_000).toISOString();
      await log.sql(`INSERT INTO access_events (at, account_id, event_key, ip, action, stored_at)
        VALUES ('2026-11-29T08:30:00Z', '${log.alice.id}', 424242, '192.0.2.1', 1, '${stored}')`);
      const other = aTenant({ name: 'Third Cloud' });
      await log.store.tenants.insert(other);
      const dave = await anAccountIn(log.store, other.id);
      await log.sql(`INSERT INTO access_events (at, account_id, event_key, ip, action, stored_at)
        VALUES ('2026-11-29T08:30:00Z', '${dave.id}', 434343, '192.0.2.1', 1, '${stored}')`);
      const report = await log.verify();
      assert.deepEqual(
        report.divergences.map((d) => [d.kind, d.tenantId]),
        [
          ['access_segment_changed', log.tenant.id],
          ['access_segment_undigested', other.id],
        ],
      );
    });

    it('still verifies when the retention job purges an account of a digested hour, and records the purge', async () => {
      await digested();
      const report = await log.services.accessRetention.purgeExpired();
      assert.equal(report.eventsDeleted, 3);
      const purges = await log.sql<{ account_id: string; event_count: string | number }>(
        `SELECT account_id, event_count FROM access_log_purges`,
      );
      assert.deepEqual(
        purges.map((p) => [p.account_id, Number(p.event_count)]),
        [[log.bob.id, 3]],
      );
      await log.services.ledger.runSequencer();
      assert.deepEqual((await log.verify()).divergences, []);
    });

    it('names the hour when events are deleted as if purged, without a recorded purge', async () => {
      await digested();
      await log.sql(`DELETE FROM access_events WHERE account_id = '${log.bob.id}'`);
      const report = await log.verify();
      assert.equal(report.divergences[0]?.kind, 'access_segment_changed');
      assert.match(report.divergences[0]?.message ?? '', /5 event\(s\) now, 8 digested/);
    });

    it('reports a forged purge record (the ledger commits to it)', async () => {
      await digested();
      await log.services.accessRetention.purgeExpired();
      await log.services.ledger.runSequencer();
      await log.sql(`UPDATE access_log_purges SET event_count = event_count + 1`);
      const kinds = (await log.verify()).divergences.map((d) => d.kind);
      assert.ok(kinds.includes('record_changed'), kinds.join());
      assert.ok(kinds.includes('access_segment_changed'), kinds.join());
    });

    it('reports a digest head moved back, and the job stops rather than digest around it', async () => {
      await digested();
      await log.sql(`UPDATE access_log_digest_head SET digested_until = digested_until - interval '3 hours'`);
      const kinds = (await log.verify()).divergences.map((d) => d.kind);
      assert.deepEqual(kinds, ['access_digest_head_behind']);
      await assert.rejects(log.services.accessDigests.digestClosedSegments(), { code: 'INTERNAL' });
    });

    it('puts a late event in the hour it is stored, so an hour already digested never changes', async () => {
      await digested();
      const before = await log.sql(`SELECT id, event_count, digest FROM access_log_digests ORDER BY id`);
      await log.events(log.alice, 2, new Date('2026-11-26T08:00:00Z'));
      assert.equal((await log.verify()).ok, true, 'the open hour is not checked yet');
      await log.age(1);
      const run = await log.services.accessDigests.digestClosedSegments();
      assert.deepEqual([run.digests, run.events], [1, 2]);
      assert.deepEqual(
        await log.sql(`SELECT id, event_count, digest FROM access_log_digests
        WHERE id IN (${before.map((r) => `'${String(r.id)}'`).join(',')}) ORDER BY id`),
        before,
      );
      await log.services.ledger.runSequencer();
      assert.deepEqual((await log.verify()).divergences, []);
    });

    it('digests each hour once when two nodes run the job at the same time', async () => {
      const db = await engine.create();
      databases.push(db);
      log = await aLog(db);
      await log.events(log.alice, 4, new Date('2026-11-29T08:00:00Z'));
      await log.age(3);
      const second = createServices(log.store, { now: serviceNow });
      const runs = await Promise.all([
        log.services.accessDigests.digestClosedSegments(),
        second.accessDigests.digestClosedSegments(),
      ]);
      assert.equal(runs[0].digests + runs[1].digests, 1);
      const rows = await log.sql(`SELECT 1 FROM access_log_digests`);
      assert.equal(rows.length, 1);
      const head = await log.store.accessDigests.head();
      assert.equal(head.getTime(), hourOf(new Date()).getTime());
    });

    it('runs in the scheduler before the sequencer, so a pass leaves the digests integrated', async () => {
      const db = await engine.create();
      databases.push(db);
      log = await aLog(db);
      await log.events(log.carol, 2, new Date('2026-11-29T08:00:00Z'));
      await log.age(1);
      const run = await runScheduledJobs(log.services);
      assert.equal(run.accessDigests.digests, 1);
      assert.ok(run.ledger.integrated >= 1);
      const entry = await log.store.ledger.findRecordEntry(
        log.other.id,
        'access_log_digest',
        String((await log.sql(`SELECT id FROM access_log_digests`))[0]?.id),
      );
      assert.notEqual(entry?.leafIndex, null);
    });

    if (engine.name === 'postgres') {
      it('waits for an ingest transaction still in flight before closing an hour', async () => {
        const db = await engine.create();
        databases.push(db);
        log = await aLog(db);
        await log.events(log.alice, 1, new Date('2026-11-29T08:00:00Z'));
        await log.age(1);
        const ingest = new pg.Client({ connectionString: db.url });
        await ingest.connect();
        try {
          await ingest.query('BEGIN');
          await ingest.query(
            `SELECT pg_advisory_xact_lock_shared(hashtextextended('gatehouse:access-log:ingest', 0))`,
          );
          let done = false;
          const digesting = log.services.accessDigests.digestClosedSegments().then((run) => {
            done = true;
            return run;
          });
          await new Promise((resolve) => setTimeout(resolve, 300));
          assert.equal(done, false, 'the digest waits at the barrier');
          await ingest.query('COMMIT');
          assert.equal((await digesting).digests, 1);
        } finally {
          await ingest.end();
        }
      });
    }
  });
}
