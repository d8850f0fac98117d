/**
 * The access log's retention job on a real store: an account's events are deleted once its profile's
 * period has run from the anchor (the later of closure and last access, or closure), never while the
 * account is open or recently used, and day partitions it empties are dropped once old enough.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../../src/services/index.ts';
import { openStore } from '../../src/storage/open.ts';
import type { AccountRecord, Store } from '../../src/storage/port.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import { aTenant } from '../support/builders.ts';
import { rawSql } from '../support/raw-sql.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const yearsAgo = (years: number, days = 0) => new Date(Date.UTC(2026 - years, 10, 30 - days, 12));

describe('access log retention', () => {
  let store: Store;
  let services: Services;
  const tenant = aTenant();
  let expired: AccountRecord;
  let recentlyUsed: AccountRecord;
  let open: AccountRecord;
  let bank: AccountRecord;

  async function eventsOf(account: AccountRecord, at: Date, count = 3): Promise<void> {
    await store.accessEvents.insertBatch(
      Array.from({ length: count }, (_, i) => ({
        accountId: account.id,
        eventKey: String(BigInt(i + 1) * 7919n + BigInt(parseInt(account.id.slice(0, 8), 16))),
        at: new Date(at.getTime() + i),
        ip: '198.51.100.1',
        action: 1,
        principal: null,
        userAgent: null,
        region: null,
      })),
    );
  }
  const count = async (account: AccountRecord) =>
    (await store.accessEvents.summariseIps(tenant.id, account.id, yearsAgo(10), NOW, 10)).reduce(
      (s, r) => s + r.count,
      0,
    );

  before(async () => {
    store = await openStore({ kind: 'memory' });
    await store.migrate();
    services = createServices(store, { now: () => NOW });
    await store.tenants.insert(tenant);
    expired = await anAccountIn(store, tenant.id, { status: 'closed', closedAt: yearsAgo(3) });
    recentlyUsed = await anAccountIn(store, tenant.id, { status: 'closed', closedAt: yearsAgo(3) });
    open = await anAccountIn(store, tenant.id);
    bank = await anAccountIn(store, tenant.id, {
      status: 'closed',
      closedAt: yearsAgo(3),
      profileId: 'us-bank-cip',
    });
    await eventsOf(expired, yearsAgo(3, 5));
    await eventsOf(recentlyUsed, yearsAgo(3, 10));
    await eventsOf(recentlyUsed, yearsAgo(1), 1);
    await eventsOf(open, yearsAgo(4));
    await eventsOf(bank, yearsAgo(3, 20));
  });
  after(() => store.close());

  it('keeps an open account, one accessed within the period, and a bank-profile account for five years', async () => {
    const report = await services.accessRetention.purgeExpired();
    assert.equal(await count(open), 3);
    assert.equal(await count(recentlyUsed), 4);
    assert.equal(await count(bank), 3);
    assert.equal(report.accountsPurged, 1);
    assert.equal(report.eventsDeleted, 3);
    assert.deepEqual(report.partitionsDropped, ['access_events_p20231125']);
  });

  it('deleted the expired account’s events and address sightings, audited it, and dropped the day it emptied', async () => {
    assert.equal(await count(expired), 0);
    const sightings = await rawSql<{ account_id: string }>(
      store,
      'SELECT DISTINCT account_id FROM access_ip_sightings',
    );
    assert.deepEqual(sightings.map((r) => r.account_id).sort(), [recentlyUsed.id, open.id, bank.id].sort());
    const audit = await store.audit.list(
      tenant.id,
      { action: 'access_events.purged' },
      { limit: 10, after: undefined },
    );
    assert.deepEqual(
      audit.items.map((e) => [e.targetId, e.details.deleted]),
      [[expired.id, 3]],
    );
    const again = await services.accessRetention.purgeExpired();
    assert.deepEqual(again, { accountsPurged: 0, eventsDeleted: 0, partitionsDropped: [] });
    assert.equal((await store.accessEvents.sizeUnscoped()).partitions, 4);
  });
});
