/** The console's tables and read models on both engines: users, sessions, party search, review queue, stats. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationInputSchema } from '../../src/domain/applications/input.ts';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import type { Actor } from '../../src/services/context.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { createProviderTenant, operatorActor } from '../../src/services/operator.ts';
import { openStore } from '../../src/storage/open.ts';
import type { Store } from '../../src/storage/port.ts';
import { anna } from '../support/applicants.ts';
import { engines, type TestDatabase } from '../support/databases.ts';

for (const engine of engines()) {
  describe(`console storage on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: Store;
    let services: Services;
    let actor: Actor;
    let other: Actor;
    let partyId: string;
    let applicationId: string;

    before(async () => {
      db = await engine.create();
      store = await openStore(db.config);
      await store.migrate();
      services = createServices(store);
      const boot = await bootstrapProvider(services.deps, 'Acme Cloud', { consoleAdmin: true });
      assert.equal(boot.consoleAdmin?.email, 'admin@localhost');
      actor = operatorActor(boot.tenant.id, 'test');
      other = operatorActor((await createProviderTenant(services.deps, 'test', 'Other Cloud')).id, 'test');
      const submitted = await services.applications.submitApplication(
        actor,
        ApplicationInputSchema.parse(anna()),
      );
      partyId = submitted.application.partyId;
      applicationId = submitted.application.id;
    });
    after(async () => {
      await store.close();
      await db.drop();
    });

    it('keeps emails unique across tenants, case-insensitively', async () => {
      await services.consoleUsers.createUser(actor, {
        email: 'Rev@Example.com',
        name: 'Rev',
        role: 'reviewer',
      });
      await assert.rejects(
        services.consoleUsers.createUser(other, { email: 'rev@example.COM', name: 'Rev', role: 'admin' }),
        (error: { code?: string }) => error.code === 'CONSOLE_USER_EXISTS',
      );
      assert.equal((await store.consoleUsers.findByEmailUnscoped('REV@example.com'))?.role, 'reviewer');
      assert.deepEqual(await services.consoleUsers.listUsers(other), []);
    });

    it('stores sessions by hash and forgets them on sign-out', async () => {
      const created = await services.consoleUsers.createUser(actor, {
        email: 'session@example.com',
        name: 'S',
        role: 'analyst',
      });
      const signedIn = await services.consoleSessions.signIn('session@example.com', created.password, null);
      assert.equal(await store.consoleUsers.findSessionUnscoped(signedIn.sessionId), undefined);
      const principal = await services.consoleSessions.authenticate(signedIn.sessionId);
      assert.equal(principal.user.id, created.user.id);
      await services.consoleSessions.signOut(
        { tenantId: actor.tenantId, type: 'user', id: created.user.id, role: 'analyst', requestId: null },
        signedIn.sessionId,
      );
      await assert.rejects(services.consoleSessions.authenticate(signedIn.sessionId));
    });

    it('searches, queues and counts within the tenant only', async () => {
      const q = store.consoleQueries;
      assert.deepEqual(await q.searchParties(other.tenantId, 'anna@example.se', 10), []);
      assert.deepEqual(await q.searchParties(other.tenantId, partyId, 10), []);
      const [found] = await q.searchParties(actor.tenantId, 'anna@example.se', 10);
      assert.equal(found?.partyId, partyId);
      assert.equal(found?.latestApplicationId, applicationId);
      assert.equal((await q.searchParties(actor.tenantId, '100%_', 10)).length, 0, 'wildcards are literal');
      assert.deepEqual(await q.listReviewQueue(other.tenantId, 10), []);
      assert.deepEqual(
        (await q.listReviewQueue(actor.tenantId, 10)).map((i) => [i.partyId, i.treatedAs]),
        [[partyId, 'foreign']],
      );
      const since = new Date(Date.now() - 86_400_000);
      assert.equal((await q.stats(other.tenantId, since)).unverifiedForeignAccounts, 0);
      const stats = await q.stats(actor.tenantId, since);
      assert.equal(stats.unverifiedForeignAccounts, 1);
      assert.deepEqual(stats.byCountry, [{ treatedAs: 'foreign', country: 'SE', count: 1 }]);
    });
  });
}
