/**
 * Address sightings (migration 0014) on every engine: the way into the access log for both questions.
 * A stored event must always be findable by its address; a purged account's sightings go with its events
 * even when an ingest process remembers them; an upgraded database gets sightings for its old events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator, type Kysely } from 'kysely';
import { migrationProvider } from '../../src/storage/migrations/index.ts';
import { openStore } from '../../src/storage/open.ts';
import type { AccessEventRow, AccessEventSearch, AccountRecord, Store } from '../../src/storage/port.ts';
import { aTenant } from '../support/builders.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import { engines, type TestDatabase } from '../support/databases.ts';
import { rawSql } from '../support/raw-sql.ts';

const DAY = new Date('2026-11-30T00:00:00Z');
const WINDOW: AccessEventSearch = {
  from: new Date('2026-11-29T00:00:00Z'),
  to: new Date('2026-12-02T00:00:00Z'),
  limit: 100,
  after: undefined,
};
const NETWORK = { cidr: '203.0.113.0/24', first: '203.0.113.0', last: '203.0.113.255' };
let keys = 0;

function anEvent(account: AccountRecord, ip: string, minute: number): AccessEventRow {
  keys += 1;
  return {
    accountId: account.id,
    eventKey: String(1_000_000 + keys),
    at: new Date(DAY.getTime() + minute * 60_000),
    ip,
    action: 1,
    principal: null,
    userAgent: null,
    region: null,
  };
}

async function sightings(store: Store): Promise<string[]> {
  const rows = await rawSql<{ s: string }>(
    store,
    `SELECT to_char(day, 'YYYY-MM-DD') || ' ' || host(ip) || ' ' || account_id AS s
     FROM access_ip_sightings ORDER BY 1`,
  );
  return rows.map((r) => r.s);
}

for (const engine of engines()) {
  describe(`access log address sightings on ${engine.name}`, () => {
    let database: TestDatabase;
    let store: Store;
    const tenant = aTenant();
    let alice: AccountRecord;
    let bob: AccountRecord;

    before(async () => {
      database = await engine.create();
      store = await openStore(database.config);
      await store.migrate();
      await store.tenants.insert(tenant);
      alice = await anAccountIn(store, tenant.id);
      bob = await anAccountIn(store, tenant.id);
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    it('keeps one sighting per day, address and account, however many events and batches', async () => {
      await store.accessEvents.insertBatch([
        anEvent(alice, '203.0.113.7', 1),
        anEvent(alice, '203.0.113.7', 2),
        anEvent(alice, '198.51.100.1', 3),
        anEvent(bob, '203.0.113.7', 4),
        anEvent(bob, '203.0.113.7', 60 * 24 + 5), // the next day
      ]);
      await store.accessEvents.insertBatch([
        anEvent(alice, '203.0.113.7', 6),
        anEvent(bob, '203.0.113.7', 7),
      ]);
      assert.deepEqual(
        await sightings(store),
        [
          `2026-11-30 198.51.100.1 ${alice.id}`,
          `2026-11-30 203.0.113.7 ${alice.id}`,
          `2026-11-30 203.0.113.7 ${bob.id}`,
          `2026-12-01 203.0.113.7 ${bob.id}`,
        ].sort(),
      );
      const byNetwork = await store.accessEvents.searchByNetwork(tenant.id, NETWORK, WINDOW);
      assert.deepEqual(
        byNetwork.map((e) => [e.accountId, e.at.getTime() - DAY.getTime()]),
        [
          [alice.id, 60_000],
          [alice.id, 120_000],
          [bob.id, 240_000],
          [alice.id, 360_000],
          [bob.id, 420_000],
          [bob.id, (60 * 24 + 5) * 60_000],
        ],
      );
      const byAccount = await store.accessEvents.searchByAccount(tenant.id, alice.id, WINDOW);
      assert.deepEqual(
        byAccount.map((e) => e.ip),
        ['203.0.113.7', '203.0.113.7', '198.51.100.1', '203.0.113.7'],
      );
    });

    it('pages across pairs in time order without losing or repeating an event', async () => {
      const seen: string[] = [];
      let position: { at: Date; key: string } | undefined;
      for (;;) {
        const page = await store.accessEvents.searchByNetwork(tenant.id, NETWORK, {
          ...WINDOW,
          limit: 2,
          after: position,
        });
        seen.push(...page.slice(0, 2).map((e) => e.eventKey));
        if (page.length <= 2) break;
        const last = page[1]!;
        position = { at: last.at, key: last.eventKey };
      }
      const all = await store.accessEvents.searchByNetwork(tenant.id, NETWORK, WINDOW);
      assert.deepEqual(
        seen,
        all.map((e) => e.eventKey),
      );
      assert.equal(new Set(seen).size, 6);
    });

    it('deletes a purged account’s sightings, and finds its later events though this process remembered them', async () => {
      assert.ok((await store.accessEvents.deleteOfAccount(tenant.id, bob.id)) > 0);
      assert.ok((await sightings(store)).every((s) => !s.endsWith(bob.id)));
      assert.equal(await store.accessEvents.settlePurgedSightings([bob.id]), 0);
      // The same store (one ingest process) committed this pair before the purge.
      await store.accessEvents.insertBatch([anEvent(bob, '203.0.113.7', 60 * 24 + 30)]);
      const found = await store.accessEvents.searchByNetwork(tenant.id, NETWORK, WINDOW);
      assert.deepEqual(
        found.filter((e) => e.accountId === bob.id).map((e) => e.at.getTime() - DAY.getTime()),
        [(60 * 24 + 30) * 60_000],
      );
    });

    it('gives sightings back to events stored while a purge was settling', async () => {
      // An ingest that trusted a remembered pair just before the purge deleted it: the event is stored,
      // its sighting is not, until the retention job settles the purge.
      await store.accessEvents.insertBatch([anEvent(alice, '192.0.2.55', 40)]);
      await rawSql(store, `DELETE FROM access_ip_sightings WHERE account_id = '${alice.id}'`);
      await store.accessEvents.insertBatch([anEvent(alice, '192.0.2.55', 41)]);
      const hidden = { cidr: '192.0.2.55/32', first: '192.0.2.55', last: '192.0.2.55' };
      assert.equal((await store.accessEvents.searchByNetwork(tenant.id, hidden, WINDOW)).length, 0);
      assert.equal(await store.accessEvents.settlePurgedSightings([alice.id]), 3);
      assert.equal((await store.accessEvents.searchByNetwork(tenant.id, hidden, WINDOW)).length, 2);
      // The settle moved the epoch: the process forgets what it remembered, so the pair is written again
      // with its next event.
      await rawSql(
        store,
        `DELETE FROM access_ip_sightings WHERE account_id = '${alice.id}' AND ip = '192.0.2.55'`,
      );
      await store.accessEvents.insertBatch([anEvent(alice, '192.0.2.55', 42)]);
      assert.equal((await store.accessEvents.searchByNetwork(tenant.id, hidden, WINDOW)).length, 3);
    });
  });

  describe(`migration 0014 on ${engine.name}`, () => {
    it('gives the events stored before it their sightings, and keeps them unique', async () => {
      const database = await engine.create();
      const store = await openStore(database.config);
      try {
        const kysely = (store as unknown as { kysely: Kysely<unknown> }).kysely;
        const migrator = new Migrator({
          db: kysely,
          provider: migrationProvider,
          migrationTableName: 'schema_migrations',
          migrationLockTableName: 'schema_migrations_lock',
        });
        const { error } = await migrator.migrateTo('0013-access-log-digests');
        assert.equal(error, undefined);
        const tenant = aTenant();
        await store.tenants.insert(tenant);
        const carol = await anAccountIn(store, tenant.id);
        await rawSql(
          store,
          `CREATE TABLE access_events_p20261130 PARTITION OF access_events
             FOR VALUES FROM ('2026-11-30 00:00:00+00') TO ('2026-12-01 00:00:00+00')`,
        );
        await rawSql(
          store,
          `INSERT INTO access_events (at, account_id, event_key, ip, action) VALUES
             ('2026-11-30T01:00:00Z', '${carol.id}', 1, '203.0.113.9', 1),
             ('2026-11-30T02:00:00Z', '${carol.id}', 2, '203.0.113.9', 1),
             ('2026-11-30T03:00:00Z', '${carol.id}', 3, '2001:db8::1', 1)`,
        );
        await store.migrate();
        assert.deepEqual(await sightings(store), [
          `2026-11-30 2001:db8::1 ${carol.id}`,
          `2026-11-30 203.0.113.9 ${carol.id}`,
        ]);
        const found = await store.accessEvents.searchByNetwork(tenant.id, NETWORK, WINDOW);
        assert.deepEqual(
          found.map((e) => e.eventKey),
          ['1', '2'],
        );
        // The retried first event is refused by the new unique index.
        assert.equal(
          (
            await store.accessEvents.insertBatch([
              { ...anEvent(carol, '203.0.113.9', 60), eventKey: '1' },
              { ...anEvent(carol, '203.0.113.9', 61), eventKey: '77' },
            ])
          ).inserted,
          1,
        );
      } finally {
        await store.close();
        await database.drop();
      }
    });
  });
}
