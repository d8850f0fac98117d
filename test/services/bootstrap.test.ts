import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import { createServices } from '../../src/services/index.ts';
import { openStore } from '../../src/storage/open.ts';
import type { Store } from '../../src/storage/port.ts';
import { engines, type TestDatabase } from '../support/databases.ts';

for (const engine of engines()) {
  describe(`first start on ${engine.name}`, () => {
    let database: TestDatabase;
    const stores: Store[] = [];
    before(async () => {
      database = await engine.create();
    });
    after(async () => {
      for (const store of stores) await store.close();
      await database.drop();
    });

    it('creates exactly one provider and one admin key when several nodes start at once', async () => {
      // PGlite lives in one process, so "nodes" share its store; on PostgreSQL each has its own pool.
      const nodeCount = engine.name === 'postgres' ? 3 : 1;
      for (let i = 0; i < nodeCount; i += 1) stores.push(await openStore(database.config));
      const [first] = stores;
      assert.ok(first);
      await first.migrate();
      const attempts = [...stores, ...stores].map((store) =>
        bootstrapProvider(createServices(store).deps, 'Acme'),
      );
      const results = await Promise.all(attempts);
      const withKey = results.filter((r) => r.adminKey !== undefined);
      assert.equal(withKey.length, 1);
      assert.equal(new Set(results.map((r) => r.tenant.id)).size, 1);
      assert.equal((await first.tenants.listRootsUnscoped()).length, 1);
      const again = await bootstrapProvider(createServices(first).deps, 'Acme');
      assert.equal(again.adminKey, undefined);
    });
  });
}
