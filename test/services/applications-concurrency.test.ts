import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApplicationInput } from '../../src/domain/applications/input.ts';
import { FixedGeoLookup } from '../../src/providers/geoip/fixed-geo-lookup.ts';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { openStore } from '../../src/storage/open.ts';
import type { Store } from '../../src/storage/port.ts';
import { TEST_GEO } from '../support/app.ts';
import { engines, type TestDatabase } from '../support/databases.ts';

const application: ApplicationInput = {
  type: 'individual',
  name: { full: 'Anna Maria Eriksson', given: 'Anna Maria', family: 'Eriksson' },
  citizenship: ['SE'],
  address: { line1: 'Storgatan 1', city: 'Stockholm', country: 'SE' },
  emails: ['anna@example.se'],
  signup: { ip: '81.2.69.142' },
  account: { externalId: 'acct-concurrent' },
};

for (const engine of engines()) {
  describe(`concurrent applications on ${engine.name}`, () => {
    let database: TestDatabase;
    let store: Store;
    let services: Services;
    let tenantId: string;
    before(async () => {
      database = await engine.create();
      store = await openStore(database.config);
      await store.migrate();
      services = createServices(store, { geo: new FixedGeoLookup(TEST_GEO) });
      tenantId = (await bootstrapProvider(services.deps, 'Acme')).tenant.id;
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    it('opens one account for one new external id, each application adding a party version', async () => {
      const actor = { tenantId, type: 'cli' as const, id: 'test', role: 'admin' as const, requestId: null };
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => services.applications.submitApplication(actor, application)),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        Array(6).fill('fulfilled'),
        JSON.stringify(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))),
      );
      const accounts = new Set(
        results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.account.id] : [])),
      );
      assert.equal(accounts.size, 1);
      const [first] = results;
      assert.ok(first?.status === 'fulfilled');
      const versions = await store.parties.listVersions(tenantId, first.value.application.partyId);
      assert.deepEqual(
        versions.map((v) => v.version),
        [6, 5, 4, 3, 2, 1],
      );
    });
  });
}
