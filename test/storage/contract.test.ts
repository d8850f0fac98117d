/**
 * The storage contract: every engine behind the port must pass this suite. It runs on an in-memory
 * PGlite always and on PostgreSQL when GATEHOUSE_TEST_DATABASE_URL is set (CI sets it).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeCursor } from '../../src/domain/pagination/cursor.ts';
import { AppError } from '../../src/errors.ts';
import { openStore } from '../../src/storage/open.ts';
import type { Store } from '../../src/storage/port.ts';
import { aResellerOf, aTenant, anApiKey, anAuditEvent, nextInstant } from '../support/builders.ts';
import { engines, type TestDatabase } from '../support/databases.ts';

for (const engine of engines()) {
  describe(`storage contract on ${engine.name}`, () => {
    let database: TestDatabase;
    let store: Store;

    before(async () => {
      database = await engine.create();
      store = await openStore(database.config);
      await store.migrate();
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    describe('migrations', () => {
      it('reports nothing pending after migrate, and a second migrate changes nothing', async () => {
        const first = await store.migrationStatus();
        assert.deepEqual(first.pending, []);
        assert.ok(first.applied.includes('0001-foundation'));
        const second = await store.migrate();
        assert.deepEqual(second, { ...first, ran: [] });
      });

      it('answers a ping', async () => {
        await store.ping();
      });
    });

    describe('tenants', () => {
      it('does not show another provider, nor its reseller, to a provider', async () => {
        const acme = aTenant();
        const other = aTenant({ name: 'Other Cloud' });
        const othersReseller = aResellerOf(other);
        for (const t of [acme, other, othersReseller]) await store.tenants.insert(t);

        assert.equal(await store.tenants.getVisible(acme.id, other.id), undefined);
        assert.equal(await store.tenants.getVisible(acme.id, othersReseller.id), undefined);
        const visible = await store.tenants.listVisible(acme.id, { limit: 50, after: undefined });
        assert.deepEqual(
          visible.items.map((t) => t.id),
          [acme.id],
        );
      });

      it('shows a provider itself and its resellers, but not the provider to its reseller', async () => {
        const acme = aTenant();
        const reseller = aResellerOf(acme);
        await store.tenants.insert(acme);
        await store.tenants.insert(reseller);

        assert.deepEqual(await store.tenants.getVisible(acme.id, reseller.id), reseller);
        assert.deepEqual(await store.tenants.getVisible(acme.id, acme.id), acme);
        assert.equal(await store.tenants.getVisible(reseller.id, acme.id), undefined);
      });

      it('refuses a reseller without a parent and a provider with one', async () => {
        await assert.rejects(store.tenants.insert(aTenant({ kind: 'reseller', parentId: null })));
        const parent = aTenant();
        await store.tenants.insert(parent);
        await assert.rejects(store.tenants.insert(aTenant({ kind: 'provider', parentId: parent.id })));
      });

      it('pages through resellers in creation order without gaps or repeats', async () => {
        const acme = aTenant();
        await store.tenants.insert(acme);
        const resellers = Array.from({ length: 5 }, (_, i) => aResellerOf(acme, { name: `R${i}` }));
        for (const r of resellers) await store.tenants.insert(r);

        const seen: string[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const page = await store.tenants.listVisible(acme.id, { limit: 2, after });
          seen.push(...page.items.map((t) => t.id));
          after = page.nextCursor === null ? undefined : decodeCursor(page.nextCursor);
          pages += 1;
        } while (after !== undefined);
        assert.deepEqual(seen, [acme.id, ...resellers.map((r) => r.id)]);
        assert.equal(pages, 3);
      });

      it('rejects a position that is not a (time, uuid) pair with INVALID_CURSOR', async () => {
        await assert.rejects(
          store.tenants.listVisible(aTenant().id, { limit: 2, after: 'abc' }),
          (error: unknown) => error instanceof AppError && error.code === 'INVALID_CURSOR',
        );
      });
    });

    describe('api keys', () => {
      it('does not return another tenant’s key by id, list or revoke', async () => {
        const acme = aTenant();
        const other = aTenant();
        await store.tenants.insert(acme);
        await store.tenants.insert(other);
        const othersKey = anApiKey(other);
        await store.apiKeys.insert(othersKey);

        assert.equal(await store.apiKeys.get(acme.id, othersKey.id), undefined);
        assert.equal(await store.apiKeys.revoke(acme.id, othersKey.id, nextInstant()), undefined);
        assert.deepEqual((await store.apiKeys.list(acme.id, { limit: 10, after: undefined })).items, []);
        assert.equal((await store.apiKeys.get(other.id, othersKey.id))?.revokedAt, null);
      });

      it('finds a key by its lookup id for authentication, and keeps the first revocation time', async () => {
        const acme = aTenant();
        await store.tenants.insert(acme);
        const key = anApiKey(acme, { role: 'auditor' });
        await store.apiKeys.insert(key);

        const found = await store.apiKeys.findByLookupIdUnscoped(key.lookupId);
        assert.equal(found?.id, key.id);
        assert.equal(found?.role, 'auditor');
        const firstTime = nextInstant();
        assert.deepEqual((await store.apiKeys.revoke(acme.id, key.id, firstTime))?.revokedAt, firstTime);
        assert.deepEqual((await store.apiKeys.revoke(acme.id, key.id, nextInstant()))?.revokedAt, firstTime);
      });

      it('refuses two keys with one lookup id and a role outside the list', async () => {
        const acme = aTenant();
        await store.tenants.insert(acme);
        const key = anApiKey(acme);
        await store.apiKeys.insert(key);
        await assert.rejects(store.apiKeys.insert(anApiKey(acme, { lookupId: key.lookupId })));
        await assert.rejects(store.apiKeys.insert(anApiKey(acme, { role: 'root' as never })));
      });
    });

    describe('audit log', () => {
      it('lists only the tenant’s own events, newest first, filtered by action and time', async () => {
        const acme = aTenant();
        const other = aTenant();
        await store.tenants.insert(acme);
        await store.tenants.insert(other);
        await store.audit.append(anAuditEvent(other, { action: 'key.created' }));
        const a1 = await store.audit.append(anAuditEvent(acme, { action: 'key.created' }));
        const a2 = await store.audit.append(
          anAuditEvent(acme, { action: 'key.revoked', details: { role: 'admin' } }),
        );
        const a3 = await store.audit.append(anAuditEvent(acme, { action: 'key.created' }));

        const all = await store.audit.list(acme.id, {}, { limit: 10, after: undefined });
        assert.deepEqual(
          all.items.map((e) => e.id),
          [a3.id, a2.id, a1.id],
        );
        assert.deepEqual(all.items[1]?.details, { role: 'admin' });
        const created = await store.audit.list(
          acme.id,
          { action: 'key.created' },
          { limit: 10, after: undefined },
        );
        assert.deepEqual(
          created.items.map((e) => e.id),
          [a3.id, a1.id],
        );
        const window = await store.audit.list(
          acme.id,
          { from: a2.occurredAt, to: a3.occurredAt },
          { limit: 10, after: undefined },
        );
        assert.deepEqual(
          window.items.map((e) => e.id),
          [a2.id],
        );
      });

      it('pages newest first with cursors', async () => {
        const acme = aTenant();
        await store.tenants.insert(acme);
        const events = [];
        for (let i = 0; i < 5; i += 1) events.push(await store.audit.append(anAuditEvent(acme)));
        const first = await store.audit.list(acme.id, {}, { limit: 3, after: undefined });
        assert.ok(first.nextCursor !== null);
        const second = await store.audit.list(
          acme.id,
          {},
          { limit: 3, after: decodeCursor(first.nextCursor) },
        );
        assert.equal(second.nextCursor, null);
        assert.deepEqual(
          [...first.items, ...second.items].map((e) => e.id),
          events.map((e) => e.id).reverse(),
        );
      });
    });

    describe('transactions', () => {
      it('keeps nothing of a transaction that throws, the audit record included', async () => {
        const acme = aTenant();
        await assert.rejects(
          store.transaction(async () => {
            await store.tenants.insert(acme);
            await store.audit.append(anAuditEvent(acme));
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal(await store.tenants.getUnscoped(acme.id), undefined);
      });

      it('joins a nested transaction to the outer one', async () => {
        const acme = aTenant();
        await assert.rejects(
          store.transaction(async () => {
            await store.transaction(() => store.tenants.insert(acme));
            throw new Error('outer fails');
          }),
        );
        assert.equal(await store.tenants.getUnscoped(acme.id), undefined);
      });

      it('runs concurrent transactions without mixing their statements', async () => {
        const tenants = Array.from({ length: 8 }, () => aTenant());
        await Promise.all(
          tenants.map((t, i) =>
            store
              .transaction(async () => {
                await store.tenants.insert(t);
                await store.audit.append(anAuditEvent(t));
                if (i % 2 === 1) throw new Error('odd ones roll back');
              })
              .catch(() => undefined),
          ),
        );
        for (const [i, t] of tenants.entries()) {
          assert.equal((await store.tenants.getUnscoped(t.id)) !== undefined, i % 2 === 0, `tenant ${i}`);
        }
      });

      it('serialises work under one transaction lock name', async () => {
        const order: string[] = [];
        const holder = (label: string, delayMs: number) =>
          store.transaction(async () => {
            await store.lockForTransaction('contract-test-lock');
            order.push(`${label}:start`);
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            order.push(`${label}:end`);
          });
        await Promise.all([holder('a', 150), holder('b', 0)]);
        assert.ok(
          order.join() === 'a:start,a:end,b:start,b:end' || order.join() === 'b:start,b:end,a:start,a:end',
          order.join(),
        );
      });
    });

    describe('CIP records', () => {
      async function anAccountWithParty(tenantId: string, externalId: string | null = null) {
        const partyId = randomUUID();
        const at = nextInstant();
        await store.parties.insert(
          { id: partyId, tenantId, type: 'individual', currentVersion: 1, createdAt: at },
          {
            partyId,
            tenantId,
            version: 1,
            data: { name: { full: 'Anna' } },
            createdAt: at,
            createdBy: 'test',
          },
        );
        const account = {
          id: randomUUID(),
          tenantId,
          externalId,
          partyId,
          resellerTenantId: null,
          status: 'pending' as const,
          profileId: 'us-iaas-2024',
          profileVersion: 1,
          openedAt: at,
          closedAt: null,
          lastAccessAt: null,
          updatedAt: at,
        };
        await store.accounts.insert(account);
        return account;
      }

      it('appends a party version only from the version it expects, and keeps every version', async () => {
        const acme = aTenant();
        await store.tenants.insert(acme);
        const account = await anAccountWithParty(acme.id);
        const v2 = {
          partyId: account.partyId,
          tenantId: acme.id,
          version: 2,
          data: { name: { full: 'Anna M' } },
          createdAt: nextInstant(),
          createdBy: 'test',
        };
        assert.equal(await store.parties.appendVersion(acme.id, v2, 1), true);
        assert.equal(await store.parties.appendVersion(acme.id, { ...v2, version: 3 }, 1), false);
        const versions = await store.parties.listVersions(acme.id, account.partyId);
        assert.deepEqual(
          versions.map((v) => v.version),
          [2, 1],
        );
        assert.deepEqual(versions[1]?.data, { name: { full: 'Anna' } });
        assert.equal((await store.parties.get(acme.id, account.partyId))?.currentVersion, 2);
      });

      it('scopes parties, accounts and external ids to their tenant', async () => {
        const acme = aTenant();
        const other = aTenant();
        await store.tenants.insert(acme);
        await store.tenants.insert(other);
        const account = await anAccountWithParty(acme.id, 'acct-1');
        await anAccountWithParty(other.id, 'acct-1');
        assert.equal(await store.parties.get(other.id, account.partyId), undefined);
        assert.equal(await store.accounts.get(other.id, account.id), undefined);
        assert.equal((await store.accounts.getByExternalId(acme.id, 'acct-1'))?.id, account.id);
        await assert.rejects(anAccountWithParty(acme.id, 'acct-1'));
      });

      it('keeps tenant settings with their binary key, and lists sweep candidates with a measure action recorded once', async () => {
        const acme = aTenant();
        await store.tenants.insert(acme);
        const key = Buffer.from('0123456789abcdef0123456789abcdef');
        await store.settings.upsert({
          tenantId: acme.id,
          defaultProfileId: 'us-iaas-2024',
          cardFingerprintKey: key,
          requireReadPurpose: false,
          updatedAt: nextInstant(),
        });
        assert.deepEqual((await store.settings.get(acme.id))?.cardFingerprintKey, key);
        const stored = await store.settings.get(acme.id);
        assert.ok(stored);
        await store.settings.upsert({ ...stored, requireReadPurpose: true, updatedAt: nextInstant() });
        assert.equal((await store.settings.get(acme.id))?.requireReadPurpose, true);
        assert.deepEqual(
          (await store.settings.get(acme.id))?.cardFingerprintKey,
          key,
          'the key is never replaced',
        );

        const open = await anAccountWithParty(acme.id);
        const closed = await anAccountWithParty(acme.id);
        await store.accounts.setStatus(acme.id, closed.id, 'closed', nextInstant());
        const candidates = await store.measures.sweepCandidates(acme.id, undefined, 10);
        assert.deepEqual(
          candidates.map((c) => c.account.id),
          [open.id],
        );
        assert.deepEqual(candidates[0]?.partyData, { name: { full: 'Anna' } });
        assert.deepEqual(candidates[0]?.people, []);

        // A reseller's open accounts are the provider's candidates too; the reseller's are its own only.
        const reseller = aResellerOf(acme);
        await store.tenants.insert(reseller);
        const resold = await anAccountWithParty(reseller.id);
        assert.deepEqual(
          (await store.measures.sweepCandidates(acme.id, undefined, 10)).map((c) => c.account.id).toSorted(),
          [open.id, resold.id].toSorted(),
        );
        assert.deepEqual(
          (await store.measures.sweepCandidates(reseller.id, undefined, 10)).map((c) => c.account.id),
          [resold.id],
        );
        await store.accounts.setStatus(reseller.id, resold.id, 'closed', nextInstant());

        // The people linked to the customer now, owners first; a former signatory is left out.
        const person = async (full: string) => {
          const id = randomUUID();
          const at = nextInstant();
          await store.parties.insert(
            { id, tenantId: acme.id, type: 'individual', currentVersion: 1, createdAt: at },
            {
              partyId: id,
              tenantId: acme.id,
              version: 1,
              data: { name: { full } },
              createdAt: at,
              createdBy: 'test',
            },
          );
          return id;
        };
        const [signatory, former, owner] = [await person('Sig'), await person('Former'), await person('Own')];
        const link = {
          tenantId: acme.id,
          entityPartyId: open.partyId,
          ownershipPercent: null,
          control: false,
        };
        await store.parties.link({ ...link, personPartyId: signatory, role: 'signatory', endedAt: null });
        await store.parties.link({ ...link, personPartyId: former, role: 'signatory', endedAt: null });
        await store.parties.link({ ...link, personPartyId: owner, role: 'beneficial_owner', endedAt: null });
        await store.parties.endLinks(acme.id, open.partyId, 'signatory', [former], nextInstant());
        const [withPeople] = await store.measures.sweepCandidates(acme.id, undefined, 10);
        assert.deepEqual(withPeople?.people, [
          { partyId: owner, role: 'beneficial_owner', data: { name: { full: 'Own' } } },
          { partyId: signatory, role: 'signatory', data: { name: { full: 'Sig' } } },
        ]);

        const measureId = randomUUID();
        await store.measures.insert({
          id: measureId,
          tenantId: acme.id,
          definition: { id: measureId },
          createdAt: nextInstant(),
        });
        const action = {
          id: randomUUID(),
          tenantId: acme.id,
          measureId,
          accountId: open.id,
          action: 'close' as const,
          dueBy: '2027-03-01',
          matchedOn: [],
          status: 'open' as const,
          createdAt: nextInstant(),
        };
        assert.equal(await store.measures.insertAction(action), true);
        assert.equal(await store.measures.insertAction({ ...action, id: randomUUID() }), false);
        const actions = await store.measures.listActions(acme.id, measureId);
        assert.deepEqual(
          actions.map((a) => [a.accountId, a.dueBy]),
          [[open.id, '2027-03-01']],
        );
      });
    });

    describe('idempotency records', () => {
      it('reserves a key once; a second reservation sees the completed response', async () => {
        const acme = aTenant();
        await store.tenants.insert(acme);
        const first = await store.transaction(async () => {
          const reservation = await store.idempotency.reserve(acme.id, 'k1', 'hash-a', nextInstant());
          await store.idempotency.complete(acme.id, 'k1', 201, 'sealed');
          return reservation;
        });
        assert.deepEqual(first, { outcome: 'reserved' });
        const second = await store.transaction(() =>
          store.idempotency.reserve(acme.id, 'k1', 'hash-b', nextInstant()),
        );
        assert.equal(second.outcome, 'existing');
        assert.equal(second.outcome === 'existing' && second.record.requestHash, 'hash-a');
        assert.equal(second.outcome === 'existing' && second.record.sealedResponse, 'sealed');
        assert.equal(second.outcome === 'existing' && second.record.statusCode, 201);
      });

      it('releases a key whose transaction rolled back, and keeps keys apart per tenant', async () => {
        const acme = aTenant();
        const other = aTenant();
        await store.tenants.insert(acme);
        await store.tenants.insert(other);
        await assert.rejects(
          store.transaction(async () => {
            await store.idempotency.reserve(acme.id, 'k2', 'h', nextInstant());
            throw new Error('work failed');
          }),
        );
        const again = await store.transaction(() =>
          store.idempotency.reserve(acme.id, 'k2', 'h', nextInstant()),
        );
        assert.deepEqual(again, { outcome: 'reserved' });
        const otherTenant = await store.transaction(() =>
          store.idempotency.reserve(other.id, 'k2', 'h', nextInstant()),
        );
        assert.deepEqual(otherTenant, { outcome: 'reserved' });
      });

      it('makes a concurrent request with the same key wait, then see the first response', async () => {
        const acme = aTenant();
        await store.tenants.insert(acme);
        const results = await Promise.all(
          ['first', 'second'].map((label) =>
            store.transaction(async () => {
              const reservation = await store.idempotency.reserve(acme.id, 'k3', 'h', nextInstant());
              if (reservation.outcome === 'reserved') {
                await new Promise((resolve) => setTimeout(resolve, 100));
                await store.idempotency.complete(acme.id, 'k3', 201, label);
                return `ran:${label}`;
              }
              return `replayed:${reservation.record.sealedResponse}`;
            }),
          ),
        );
        const ran = results.filter((r) => r.startsWith('ran:'));
        assert.equal(ran.length, 1, results.join());
        assert.ok(results.includes(`replayed:${ran[0]?.slice(4)}`), results.join());
      });

      it('purges records created before a cutoff', async () => {
        const acme = aTenant();
        await store.tenants.insert(acme);
        const old = new Date(Date.UTC(2020, 0, 1));
        await store.transaction(() => store.idempotency.reserve(acme.id, 'old', 'h', old));
        assert.ok((await store.idempotency.purgeCreatedBefore(new Date(Date.UTC(2021, 0, 1)))) >= 1);
        const again = await store.transaction(() =>
          store.idempotency.reserve(acme.id, 'old', 'h', nextInstant()),
        );
        assert.deepEqual(again, { outcome: 'reserved' });
      });
    });
  });
}
