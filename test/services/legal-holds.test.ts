/**
 * Legal holds and the retention pass on a real store (PGlite, and PostgreSQL when
 * GATEHOUSE_TEST_DATABASE_URL is set), with a fake clock: a held account keeps its access events past
 * its period; after the release the next pass purges them; a dry run deletes nothing and reports what
 * the real run then does; a hold on a party holds its accounts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../src/services/context.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { openStore } from '../../src/storage/open.ts';
import type { AccountRecord, Store } from '../../src/storage/port.ts';
import { anAccountIn, countStoredEvents } from '../support/access-accounts.ts';
import { aTenant } from '../support/builders.ts';
import { rawSql } from '../support/raw-sql.ts';
import { runScheduledJobs } from '../../src/workers/scheduler.ts';
import { engines, type TestDatabase } from '../support/databases.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const yearsAgo = (years: number, days = 0) => new Date(Date.UTC(2026 - years, 10, 30 - days, 12));
const EVER = yearsAgo(20);

for (const engine of engines()) {
  describe(`legal holds and retention (${engine.name})`, () => {
    let db: TestDatabase;
    let store: Store;
    let services: Services;
    let clock = NOW;
    const tenant = aTenant();
    const other = aTenant({ name: 'Other Cloud' });
    const admin: Actor = { tenantId: tenant.id, type: 'cli', id: 'ops', role: 'admin', requestId: null };
    const otherAdmin: Actor = { ...admin, tenantId: other.id };
    let held: AccountRecord;
    let partyHeld: AccountRecord;
    let siblingOfHeldParty: AccountRecord;
    let free: AccountRecord;
    let holdId: string;

    async function eventsOf(account: AccountRecord, at: Date, count: number): Promise<void> {
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
    const count = (account: AccountRecord) => countStoredEvents(store, tenant.id, account.id, EVER, NOW);
    const closedLongAgo = () => ({ status: 'closed' as const, closedAt: yearsAgo(3) });

    before(async () => {
      db = await engine.create();
      store = await openStore(db.config);
      await store.migrate();
      services = createServices(store, { now: () => clock });
      await store.tenants.insert(tenant);
      await store.tenants.insert(other);
      held = await anAccountIn(store, tenant.id, closedLongAgo());
      partyHeld = await anAccountIn(store, tenant.id, closedLongAgo());
      // A second account of the same customer: a hold on the party holds it too.
      siblingOfHeldParty = await anAccountIn(store, tenant.id, {
        ...closedLongAgo(),
        partyId: partyHeld.partyId,
      });
      free = await anAccountIn(store, tenant.id, closedLongAgo());
      await eventsOf(held, yearsAgo(3, 5), 3);
      await eventsOf(partyHeld, yearsAgo(3, 6), 2);
      await eventsOf(siblingOfHeldParty, yearsAgo(3, 7), 4);
      await eventsOf(free, yearsAgo(3, 8), 5);
    });
    after(async () => {
      await store.close();
      await db.drop();
    });

    it('refuses the other tenant’s account and party, and a reason that is too short', async () => {
      await assert.rejects(
        services.legalHolds.setHold(otherAdmin, {
          subject: { type: 'account', id: held.id },
          reason: 'case 1',
        }),
        { code: 'ACCOUNT_NOT_FOUND', field: 'body.subject.id' },
      );
      await assert.rejects(
        services.legalHolds.setHold(otherAdmin, {
          subject: { type: 'party', id: held.partyId },
          reason: 'case 1',
        }),
        { code: 'PARTY_NOT_FOUND' },
      );
      await assert.rejects(
        services.legalHolds.setHold(admin, { subject: { type: 'account', id: held.id }, reason: ' x ' }),
        { code: 'LEGAL_HOLD_INVALID', field: 'body.reason' },
      );
    });

    it('holds an account named by its id, and a party; the party’s accounts count as held', async () => {
      const hold = await services.legalHolds.setHold(admin, {
        subject: { type: 'account', id: held.id },
        reason: 'Preservation letter 2026-17',
      });
      holdId = hold.id;
      await services.legalHolds.setHold(admin, {
        subject: { type: 'party', id: partyHeld.partyId },
        reason: 'Litigation hold, case 44',
      });
      const isHeld = (type: 'party' | 'account', id: string) =>
        services.legalHolds.isHeld(tenant.id, { type, id });
      assert.equal(await isHeld('account', held.id), true);
      assert.equal(await isHeld('party', held.partyId), true, 'a party is held through its account');
      assert.equal(
        await isHeld('account', siblingOfHeldParty.id),
        true,
        'an account is held through its party',
      );
      assert.equal(await isHeld('account', free.id), false);
      assert.equal(await services.legalHolds.isHeld(other.id, { type: 'account', id: held.id }), false);
    });

    it('a dry run deletes nothing and reports what the real run then deletes', async () => {
      const dry = await services.retention.run({ dryRun: true });
      assert.equal(dry.dryRun, true);
      assert.equal(await count(free), 5, 'nothing deleted');
      const real = await services.retention.run();
      assert.equal(real.dryRun, false);
      assert.deepEqual(dry.accessLog, real.accessLog);
      assert.deepEqual(
        {
          purged: real.accessLog.accountsPurged,
          events: real.accessLog.eventsDeleted,
          held: real.accessLog.accountsHeld,
          partitions: real.accessLog.partitionsDropped.length,
        },
        { purged: 1, events: 5, held: 3, partitions: 1 },
      );
    });

    it('keeps the events of held accounts, and of accounts whose party is held, past their period', async () => {
      assert.equal(await count(free), 0);
      assert.equal(await count(held), 3);
      assert.equal(await count(partyHeld), 2);
      assert.equal(await count(siblingOfHeldParty), 4);
    });

    it('refuses to release a hold twice, and the other tenant cannot see it', async () => {
      await assert.rejects(services.legalHolds.releaseHold(otherAdmin, holdId, { reason: 'not yours' }), {
        code: 'LEGAL_HOLD_NOT_FOUND',
      });
      clock = new Date(NOW.getTime() + 86_400_000);
      const released = await services.legalHolds.releaseHold(admin, holdId, { reason: 'Matter closed' });
      assert.equal(released.releasedAt?.toISOString(), clock.toISOString());
      assert.equal(released.releasedBy, 'cli:ops');
      await assert.rejects(services.legalHolds.releaseHold(admin, holdId, { reason: 'again' }), {
        code: 'LEGAL_HOLD_RELEASED',
      });
      const stored = await store.legalHolds.get(tenant.id, holdId);
      assert.equal(stored?.releaseReason, 'Matter closed', 'the first release is kept');
    });

    it('after the release, the next pass purges the account, and the party hold still keeps the others', async () => {
      const report = await services.retention.run();
      assert.equal(report.accessLog.accountsPurged, 1);
      assert.equal(report.accessLog.eventsDeleted, 3);
      assert.equal(await count(held), 0);
      assert.equal(await count(partyHeld), 2);
      assert.equal(await count(siblingOfHeldParty), 4);
    });

    it('audits and ledgers every set and release, and never lets a hold be deleted', async () => {
      const audit = await store.audit.list(tenant.id, {}, { limit: 50, after: undefined });
      const actions = audit.items.map((e) => e.action).filter((a) => a.startsWith('legal_hold.'));
      assert.deepEqual(actions.sort(), ['legal_hold.released', 'legal_hold.set', 'legal_hold.set']);
      const entry = await store.ledger.findRecordEntry(tenant.id, 'legal_hold', holdId);
      assert.equal(entry, undefined, 'not integrated before the sequencer runs');
      await services.ledger.runSequencer();
      const integrated = await store.ledger.findRecordEntry(tenant.id, 'legal_hold', holdId);
      assert.equal(integrated?.entryType, 'updated');
      // The test's parties are inserted behind the services' back (unledgered); the holds must verify.
      const verification = await services.ledger.verify(admin);
      const aboutHolds = verification.divergences.filter((d) => d.recordType === 'legal_hold');
      assert.deepEqual(aboutHolds, []);
      // An insider with database access cannot quietly lift a hold either.
      await assert.rejects(rawSql(store, `DELETE FROM legal_holds WHERE id = '${holdId}'`), /never deleted/);
      await assert.rejects(
        rawSql(store, `UPDATE legal_holds SET released_at = NULL, released_by = NULL, release_reason = NULL`),
        /only by its one release/,
      );
    });

    it('the scheduler runs the pass once in 24 hours across the nodes of a store, restarts included', async () => {
      // A second API node on the same database (or this one restarted): its own services, no memory.
      const secondNode = createServices(store, { now: () => clock });
      assert.notEqual((await runScheduledJobs(services)).retention, null);
      assert.equal((await runScheduledJobs(services)).retention, null, 'not again the same day');
      assert.equal((await runScheduledJobs(secondNode)).retention, null, 'nor on another node');
      assert.equal(
        (await runScheduledJobs(createServices(store, { now: () => clock }))).retention,
        null,
        'nor after a restart',
      );
      clock = new Date(clock.getTime() + 86_400_000);
      const next = await runScheduledJobs(secondNode);
      assert.equal(next.retention?.accessLog.accountsHeld, 2);
      assert.equal((await runScheduledJobs(services)).retention, null, 'the other node ran it today');
      // Asked at the same moment by both nodes: one runs it.
      clock = new Date(clock.getTime() + 86_400_000);
      const both = await Promise.all([services.retention.runDaily(), secondNode.retention.runDaily()]);
      assert.equal(both.filter((r) => r !== undefined).length, 1);
    });

    it('lists the holds covering a subject, newest first, with paging and the active filter', async () => {
      const all = await services.legalHolds.listHolds(admin, {}, { limit: 1, after: undefined });
      assert.equal(all.items.length, 1);
      assert.notEqual(all.nextCursor, null);
      const covering = await services.legalHolds.listHolds(
        admin,
        { subject: `account:${siblingOfHeldParty.id}`, active: true },
        { limit: 10, after: undefined },
      );
      assert.deepEqual(
        covering.items.map((h) => h.subject),
        [{ type: 'party', id: partyHeld.partyId }],
      );
      const released = await services.legalHolds.listHolds(
        admin,
        { active: false },
        { limit: 10, after: undefined },
      );
      assert.deepEqual(
        released.items.map((h) => h.id),
        [holdId],
      );
    });
  });
}
