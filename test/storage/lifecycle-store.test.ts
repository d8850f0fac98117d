/**
 * The lifecycle tables behind the port (events, webhook deliveries, measure sweeps) on every engine:
 * the delivery lease and the once-only effective-date sweep are SQL guarantees, so they are tested
 * against the real engines, PostgreSQL included.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/storage/open.ts';
import type { Store, WebhookDeliveryRecord } from '../../src/storage/port.ts';
import { aTenant } from '../support/builders.ts';
import { engines, type TestDatabase } from '../support/databases.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

for (const engine of engines()) {
  describe(`lifecycle storage on ${engine.name}`, () => {
    let database: TestDatabase;
    let store: Store;
    const tenant = aTenant();

    before(async () => {
      database = await engine.create();
      store = await openStore(database.config);
      await store.migrate();
      await store.tenants.insert(tenant);
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    async function pendingDeliveries(count: number): Promise<string[]> {
      const endpointId = randomUUID();
      await store.events.insertEndpoint({
        id: endpointId,
        tenantId: tenant.id,
        url: 'https://hooks.example.com/x',
        eventTypes: [],
        secret: 'whsec_AAAA',
        status: 'active',
        createdAt: T0,
        createdBy: 'test',
      });
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const eventId = randomUUID();
        await store.events.insert({
          id: eventId,
          tenantId: tenant.id,
          type: 'decision.made',
          subjectType: 'application',
          subjectId: randomUUID(),
          payload: { i },
          createdAt: T0,
        });
        const delivery: WebhookDeliveryRecord = {
          id: randomUUID(),
          tenantId: tenant.id,
          endpointId,
          eventId,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: T0,
          lastAttemptAt: null,
          lastStatus: null,
          lastError: null,
          createdAt: T0,
        };
        await store.events.insertDelivery(delivery);
        ids.push(delivery.id);
      }
      return ids;
    }

    const claim = (now: Date, limit: number) =>
      store.transaction(() => store.events.claimDueDeliveriesUnscoped(now, later(60_000), limit));

    it('leases each due delivery to one claimer, counts the attempt, and frees it when the lease runs out', async () => {
      const ids = await pendingDeliveries(3);
      const [a, b] = await Promise.all([claim(T0, 2), claim(T0, 2)]);
      const claimed = [...(a ?? []), ...(b ?? [])].map((c) => c.delivery.id);
      assert.deepEqual([...claimed].sort(), [...ids].sort(), 'every delivery claimed exactly once');
      assert.ok(
        [...(a ?? []), ...(b ?? [])].every(
          (c) => c.delivery.attempts === 1 && c.event.tenantId === tenant.id,
        ),
      );
      assert.deepEqual(await claim(later(1000), 10), [], 'leased');
      const again = await claim(later(61_000), 10);
      assert.equal(again.length, 3, 'a crashed worker’s lease runs out');
      for (const item of again) {
        await store.events.recordDeliveryOutcome(item.delivery.id, {
          status: 'delivered',
          nextAttemptAt: null,
          lastAttemptAt: later(61_000),
          lastStatus: 204,
          lastError: null,
        });
      }
      assert.deepEqual(await claim(later(999_999_999), 10), []);
    });

    it('records the effective-date sweep of a measure once, and lists the measure as due until then', async () => {
      const measureId = randomUUID();
      await store.measures.insert({
        id: measureId,
        tenantId: tenant.id,
        definition: { effectiveDate: '2027-04-30' },
        createdAt: T0,
      });
      const due = (today: string) =>
        store.lifecycle
          .measuresDueForEffectiveSweepUnscoped(today, 100)
          .then((list) => list.map((m) => m.id));
      assert.ok(!(await due('2027-04-29')).includes(measureId));
      assert.ok((await due('2027-04-30')).includes(measureId));
      let minute = 0;
      const sweep = (trigger: 'effective' | 'manual') =>
        store.lifecycle.recordSweep({
          id: randomUUID(),
          tenantId: tenant.id,
          measureId,
          trigger,
          found: 0,
          ranAt: later((minute += 1) * 60_000),
        });
      assert.equal(await sweep('effective'), true);
      assert.equal(await sweep('effective'), false);
      assert.equal(await sweep('manual'), true);
      assert.equal(await sweep('manual'), true);
      assert.ok(!(await due('2027-05-01')).includes(measureId));
      const other = aTenant();
      await store.tenants.insert(other);
      assert.deepEqual(await store.lifecycle.listSweeps(other.id, measureId), [], 'tenant-scoped');
      assert.deepEqual(
        (await store.lifecycle.listSweeps(tenant.id, measureId)).map((s) => s.trigger),
        ['effective', 'manual', 'manual'],
      );
    });
  });
}
