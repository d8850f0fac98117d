/**
 * The access log behind the port on every engine: idempotent batches, day partitions made on demand,
 * last_access_at moved forward once per batch, network and account searches scoped to the tenant.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/storage/open.ts';
import type { AccessEventRow, AccountRecord, Store } from '../../src/storage/port.ts';
import { aResellerOf, aTenant } from '../support/builders.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import { engines, type TestDatabase } from '../support/databases.ts';
import { rawSql } from '../support/raw-sql.ts';

const DAY = new Date('2026-11-30T00:00:00Z');
const WINDOW = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-31T00:00:00Z') };

function anEvent(account: AccountRecord, overrides: Partial<AccessEventRow> = {}): AccessEventRow {
  return {
    accountId: account.id,
    eventKey: String(BigInt.asIntN(64, BigInt(Math.floor(Math.random() * 2 ** 52)) * 4099n)),
    at: new Date(DAY.getTime() + 3_600_000),
    ip: '203.0.113.7',
    action: 1,
    principal: 'alice@example.com',
    userAgent: 'curl/8.5',
    region: 'us-east-1',
    ...overrides,
  };
}

for (const engine of engines()) {
  describe(`access log storage on ${engine.name}`, () => {
    let database: TestDatabase;
    let store: Store;
    const tenant = aTenant();
    const other = aTenant();
    const reseller = aResellerOf(tenant);
    let mine: AccountRecord;
    let theirs: AccountRecord;
    let resold: AccountRecord;

    before(async () => {
      database = await engine.create();
      store = await openStore(database.config);
      await store.migrate();
      for (const t of [tenant, other, reseller]) await store.tenants.insert(t);
      mine = await anAccountIn(store, tenant.id, { externalId: 'cust-1' });
      theirs = await anAccountIn(store, other.id, { externalId: 'cust-1' });
      resold = await anAccountIn(store, reseller.id, { externalId: 'r-9' });
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    it('does not resolve another tenant’s account, by id or by external id', async () => {
      const refs = await store.accessEvents.resolveAccounts(tenant.id, [theirs.id, 'nobody']);
      assert.deepEqual(refs, []);
      const byExternal = await store.accessEvents.resolveAccounts(tenant.id, ['cust-1']);
      assert.deepEqual(byExternal, [{ ref: 'cust-1', accountId: mine.id, tenantId: tenant.id }]);
    });

    it('resolves a reseller’s account for its provider, attributed to the reseller', async () => {
      const refs = await store.accessEvents.resolveAccounts(tenant.id, ['r-9', resold.id]);
      assert.equal(refs.length, 2);
      assert.ok(refs.every((r) => r.accountId === resold.id && r.tenantId === reseller.id));
    });

    it('stores a retried batch once and keeps the latest last_access_at', async () => {
      const late = anEvent(mine, { at: new Date(DAY.getTime() + 7_200_000) });
      const batch = [
        anEvent(mine),
        late,
        anEvent(mine, { ip: '2001:db8::1', principal: null, userAgent: null }),
      ];
      assert.deepEqual(await store.accessEvents.insertBatch(batch), { inserted: 3 });
      assert.deepEqual(await store.accessEvents.insertBatch(batch), { inserted: 0 });
      await store.accessEvents.insertBatch([anEvent(mine, { at: new Date(DAY.getTime() + 60_000) })]);
      const account = await store.accounts.get(tenant.id, mine.id);
      assert.equal(account?.lastAccessAt?.toISOString(), late.at.toISOString());
    });

    it('keeps last_access_at to the minute of the newest event, never moving it back', async () => {
      const account = await anAccountIn(store, tenant.id);
      const five = DAY.getTime() + 5 * 3_600_000;
      const lastAccess = async (at: number) => {
        await store.accessEvents.insertBatch([anEvent(account, { at: new Date(at), ip: '198.18.0.1' })]);
        return (await store.accounts.get(tenant.id, account.id))?.lastAccessAt?.toISOString();
      };
      assert.equal(await lastAccess(five + 12_345), '2026-11-30T05:00:00.000Z');
      assert.equal(await lastAccess(five + 59_999), '2026-11-30T05:00:00.000Z');
      assert.equal(await lastAccess(five + 60_001), '2026-11-30T05:01:00.000Z');
      assert.equal(await lastAccess(five - 3_600_000), '2026-11-30T05:01:00.000Z');
    });

    it('stores only the new rows of a batch that repeats stored ones and itself', async () => {
      const account = await anAccountIn(store, tenant.id);
      const stored = [anEvent(account, { ip: '198.51.100.9' }), anEvent(account, { ip: '198.51.100.1' })];
      assert.deepEqual(await store.accessEvents.insertBatch(stored), { inserted: 2 });
      const fresh = anEvent(account, { ip: '198.51.100.2' });
      // On PostgreSQL the straight COPY fails on the stored rows and the batch goes the staged way.
      const mixed = [stored[1]!, fresh, fresh, stored[0]!, anEvent(account, { ip: '198.51.100.3' })];
      assert.deepEqual(await store.accessEvents.insertBatch(mixed), { inserted: 2 });
      // A first-time batch repeating one of its own events stores it once.
      const twice = anEvent(account, { ip: '198.51.100.4' });
      assert.deepEqual(await store.accessEvents.insertBatch([twice, twice]), { inserted: 1 });
      const page = await store.accessEvents.searchByAccount(tenant.id, account.id, {
        ...WINDOW,
        after: undefined,
        limit: 100,
      });
      const ips = page.map((e) => e.ip).sort();
      assert.deepEqual(ips, ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.9']);
    });

    it('creates the partition of a day it has not seen and of days ahead', async () => {
      const old = anEvent(mine, { at: new Date('2021-03-04T05:06:07.089Z'), ip: '198.51.100.1' });
      assert.deepEqual(await store.accessEvents.insertBatch([old]), { inserted: 1 });
      const created = await store.accessEvents.ensurePartitions(
        DAY,
        new Date(DAY.getTime() + 3 * 86_400_000),
      );
      assert.equal(created, 2);
      const size = await store.accessEvents.sizeUnscoped();
      assert.equal(size.partitions, 4);
    });

    it('writes a day whose partition another process dropped after this one had seen it', async () => {
      const at = new Date('2023-05-06T07:08:09.010Z');
      assert.deepEqual(await store.accessEvents.insertBatch([anEvent(mine, { at })]), { inserted: 1 });
      // Another process's retention job drops the day; this store still remembers having made it.
      await rawSql(store, 'DROP TABLE access_events_p20230506');
      const again = anEvent(mine, { at, ip: '198.51.100.9' });
      assert.deepEqual(await store.accessEvents.insertBatch([again]), { inserted: 1 });
      const stored = await rawSql<{ n: number }>(
        store,
        "SELECT count(*)::int AS n FROM access_events WHERE at = '2023-05-06T07:08:09.010Z'",
      );
      assert.equal(stored[0]?.n, 1);
    });

    it('never shows another tenant’s events in a network search', async () => {
      await store.accessEvents.insertBatch([anEvent(theirs, { ip: '192.0.2.55' })]);
      const page = await store.accessEvents.searchByNetwork(
        tenant.id,
        { cidr: '192.0.2.0/24', first: '192.0.2.0', last: '192.0.2.255' },
        { ...WINDOW, after: undefined, limit: 10 },
      );
      assert.deepEqual(page, []);
      const account = await store.accessEvents.searchByAccount(tenant.id, theirs.id, {
        ...WINDOW,
        after: undefined,
        limit: 10,
      });
      assert.deepEqual(account, []);
    });

    it('finds a /24 including its last address, in time order, and pages after a position', async () => {
      const edge = anEvent(mine, { ip: '203.0.113.255', at: new Date(DAY.getTime() + 9_000_000) });
      await store.accessEvents.insertBatch([edge, anEvent(mine, { ip: '203.0.114.1' })]);
      const network = { cidr: '203.0.113.0/24', first: '203.0.113.0', last: '203.0.113.255' };
      const all = await store.accessEvents.searchByNetwork(tenant.id, network, {
        ...WINDOW,
        after: undefined,
        limit: 10,
      });
      assert.deepEqual(
        all.map((e) => e.ip),
        ['203.0.113.7', '203.0.113.7', '203.0.113.7', '203.0.113.255'],
      );
      assert.equal(all[0]?.principal, 'alice@example.com');
      assert.equal(all[0]?.externalId, 'cust-1');
      const first = all[1]!;
      const rest = await store.accessEvents.searchByNetwork(tenant.id, network, {
        ...WINDOW,
        after: { at: first.at, key: first.eventKey },
        limit: 10,
      });
      assert.deepEqual(rest, all.slice(2));
    });

    it('pages through an account with 600 addresses a day, one of them busy, exactly in (time, key) order', async () => {
      // 600 addresses on each of three days: more sightings than one statement reads (500), so each day
      // is a statement, and a page that ends inside a day goes on into the next with another.
      const many = await anAccountIn(store, tenant.id, { externalId: 'cust-many' });
      const start = new Date('2026-11-20T00:00:00Z').getTime();
      const rows: AccessEventRow[] = [];
      for (let i = 0; i < 150; i += 1)
        rows.push(anEvent(many, { ip: '198.18.0.1', at: new Date(start + i * 1000), eventKey: String(i) }));
      for (let a = 2; a <= 601; a += 1)
        for (let day = 0; day < 3; day += 1)
          rows.push(
            anEvent(many, {
              ip: `198.18.${a >> 8}.${a & 255}`,
              // After the busy address; two events share each millisecond, told apart by the key.
              at: new Date(start + day * 86_400_000 + 1_000_000 + Math.floor(a / 2) * 1000),
              eventKey: String(-(a * 10 + day)),
            }),
          );
      await store.accessEvents.insertBatch(rows);
      const expected = [...rows]
        .sort((x, y) => x.at.getTime() - y.at.getTime() || Number(BigInt(x.eventKey) - BigInt(y.eventKey)))
        .map((r) => `${r.at.toISOString()} ${r.eventKey} ${r.ip}`);
      const seen: string[] = [];
      let after: { at: Date; key: string } | undefined;
      for (let page = 0; page < 30; page += 1) {
        const items = await store.accessEvents.searchByAccount(tenant.id, many.id, {
          ...WINDOW,
          after,
          limit: 100,
        });
        const shown = items.slice(0, 100);
        seen.push(...shown.map((e) => `${e.at.toISOString()} ${e.eventKey} ${e.ip}`));
        assert.ok(shown.every((e) => e.externalId === 'cust-many' && e.principal === 'alice@example.com'));
        if (items.length <= 100) break;
        const last = shown.at(-1)!;
        after = { at: last.at, key: last.eventKey };
      }
      assert.equal(seen.length, 1950);
      assert.equal(new Set(seen).size, 1950);
      assert.deepEqual(seen, expected);
      // A network search over the same addresses finds the same events.
      const block = await store.accessEvents.searchByNetwork(
        tenant.id,
        { cidr: '198.18.0.0/22', first: '198.18.0.0', last: '198.18.3.255' },
        { ...WINDOW, after: undefined, limit: 100 },
      );
      assert.deepEqual(
        block.slice(0, 100).map((e) => `${e.at.toISOString()} ${e.eventKey} ${e.ip}`),
        expected.slice(0, 100),
      );
    });

    it('summarises the distinct addresses of an account', async () => {
      const rows = await store.accessEvents.summariseIps(tenant.id, mine.id, WINDOW.from, WINDOW.to, 10);
      const main = rows.find((r) => r.ip === '203.0.113.7');
      assert.equal(main?.count, 3);
      assert.ok(rows.some((r) => r.ip === '2001:db8::1'));
    });

    it('deletes an account’s events only for its own tenant, then drops an emptied old day', async () => {
      assert.equal(await store.accessEvents.deleteOfAccount(other.id, mine.id), 0);
      const oldDay = new Date('2021-03-04T00:00:00Z');
      const before = await store.accessEvents.dropEmptyPartitionsBefore(new Date('2022-01-01T00:00:00Z'));
      assert.deepEqual(before, [], 'the 2021 day still holds an event');
      const closed = await store.accessEvents.closedAccountsWithEventsUnscoped(
        new Date('2030-01-01T00:00:00Z'),
        undefined,
        10,
      );
      assert.deepEqual(closed, []);
      await store.accessEvents.insertBatch([anEvent(resold, { at: oldDay, ip: '198.51.100.9' })]);
      assert.equal(await store.accessEvents.deleteOfAccount(reseller.id, resold.id), 1);
      const deleted = await store.accessEvents.deleteOfAccount(tenant.id, mine.id);
      assert.ok(deleted >= 7);
      const dropped = await store.accessEvents.dropEmptyPartitionsBefore(new Date('2022-01-01T00:00:00Z'));
      assert.deepEqual(dropped, ['access_events_p20210304']);
    });

    it('stores every field exactly: both address families, times either side of 2000, 64-bit keys, nulls', async () => {
      const account = await anAccountIn(store, tenant.id);
      const rows = [
        anEvent(account, {
          at: new Date('1990-01-01T00:00:00.000Z'),
          ip: '0.0.0.0',
          eventKey: '-9223372036854775808',
          principal: null,
        }),
        anEvent(account, {
          at: new Date('1999-12-31T23:59:59.999Z'),
          ip: '255.255.255.255',
          eventKey: '9223372036854775807',
          action: 5,
          userAgent: 'Mozilla/5.0 (Ünïcode ✓)',
          region: null,
        }),
        anEvent(account, {
          at: new Date('2000-01-01T00:00:00.001Z'),
          ip: '2001:db8::1:2',
          eventKey: '-1',
          userAgent: null,
        }),
        anEvent(account, { at: new Date('2000-01-01T00:00:00.001Z'), ip: 'fe80::1', eventKey: '0' }),
      ];
      assert.deepEqual(await store.accessEvents.insertBatch(rows), { inserted: 4 });
      const stored = await store.accessEvents.searchByAccount(tenant.id, account.id, {
        from: new Date('1989-12-31T00:00:00Z'),
        to: new Date('2000-01-02T00:00:00Z'),
        after: undefined,
        limit: 10,
      });
      const byKey = (a: { eventKey: string }, b: { eventKey: string }) => (a.eventKey < b.eventKey ? -1 : 1);
      assert.deepEqual(
        stored.map(({ externalId: _externalId, ...row }) => row).sort(byKey),
        [...rows].sort(byKey),
      );
      const after = await store.accounts.get(tenant.id, account.id);
      // Kept to the minute: the start of the minute of the newest event.
      assert.equal(after?.lastAccessAt?.toISOString(), '2000-01-01T00:00:00.000Z');
    });

    it('moves last_access_at of overlapping accounts in concurrent batches without a deadlock', async () => {
      const accounts: AccountRecord[] = [];
      for (let i = 0; i < 300; i += 1) accounts.push(await anAccountIn(store, tenant.id));
      const start = DAY.getTime() + 10 * 3_600_000;
      const newest = new Map<string, number>();
      let minute = 0;
      // Batches of every size over the same accounts in different orders, each in a later minute than the
      // last, so every batch updates rows another batch is updating.
      const batchOf = (chosen: readonly AccountRecord[]) => {
        minute += 1;
        return chosen.map((account, i) => {
          newest.set(account.id, start + minute * 60_000);
          return anEvent(account, { at: new Date(start + minute * 60_000 + i), ip: '198.51.100.77' });
        });
      };
      const orders = [
        accounts,
        [...accounts].reverse(),
        accounts.filter((_, i) => i % 3 === 0),
        [...accounts].sort((a, b) => (a.id < b.id ? 1 : -1)),
        accounts.slice(0, 7).reverse(),
        accounts.filter((_, i) => i % 2 === 1).reverse(),
      ];
      for (let round = 0; round < 8; round += 1) {
        await Promise.all(orders.map((order) => store.accessEvents.insertBatch(batchOf(order))));
      }
      for (const account of [accounts[0]!, accounts[7]!, accounts[150]!, accounts[299]!]) {
        const stored = await store.accounts.get(tenant.id, account.id);
        assert.equal(stored?.lastAccessAt?.getTime(), newest.get(account.id));
      }
    });
  });
}
