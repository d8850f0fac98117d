/**
 * The ledger on both engines, and the tampering tests of issue #5: an insider edits, deletes, moves
 * or inserts rows directly in the database, and `ledger verify` names the first bad leaf and record.
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { ApplicationInputSchema } from '../../src/domain/applications/input.ts';
import { hashLeaf } from '../../src/domain/ledger/merkle.ts';
import { LedgerService, ledgerSigner } from '../../src/services/ledger.ts';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import type { Actor } from '../../src/services/context.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { LedgerVerification } from '../../src/services/ledger-verify.ts';
import { operatorActor } from '../../src/services/operator.ts';
import { openStore } from '../../src/storage/open.ts';
import { anna } from '../support/applicants.ts';
import { engines, type TestDatabase } from '../support/databases.ts';
import { rawSql } from '../support/raw-sql.ts';

interface Ledgered {
  services: Services;
  actor: Actor;
  verify(): Promise<LedgerVerification>;
  sql<R = Record<string, unknown>>(text: string): Promise<R[]>;
  close(): Promise<void>;
}

/** A store with three applications (party versions, applications, decisions) integrated and signed. */
async function aLedger(db: TestDatabase): Promise<Ledgered> {
  const store = await openStore(db.config);
  await store.migrate();
  const services = createServices(store);
  const boot = await bootstrapProvider(services.deps, 'Acme Cloud');
  const actor = operatorActor(boot.tenant.id, 'test');
  for (let i = 0; i < 3; i += 1) {
    await services.applications.submitApplication(actor, ApplicationInputSchema.parse(anna()));
  }
  await services.ledger.runSequencer();
  return {
    services,
    actor,
    verify: () => services.ledger.verify(actor),
    sql: (text) => rawSql(store, text),
    close: () => store.close(),
  };
}

for (const engine of engines()) {
  describe(`ledger storage on ${engine.name}`, () => {
    let ledger: Ledgered;
    const databases: TestDatabase[] = [];
    const fresh = async () => {
      const db = await engine.create();
      databases.push(db);
      ledger = await aLedger(db);
    };
    afterEach(async () => {
      await ledger.close();
    });
    after(async () => {
      for (const db of databases) await db.drop();
    });

    it('a second writer from the same head fails the compare-and-swap and writes nothing', async () => {
      await fresh();
      const { store } = ledger.services;
      const head = await store.ledger.head();
      const leaf = hashLeaf(Buffer.from('x'));
      const batch = (seq: number) => ({
        from: head,
        to: { size: head.size + 1, root: leaf },
        nodes: [{ level: 0, index: head.size, hash: leaf }],
        leaves: [{ seq, leafIndex: head.size }],
        at: new Date(),
      });
      const first = await store.transaction(() => store.ledger.integrate(batch(-1))).catch(() => false);
      assert.equal(first, false, 'no entry has seq -1, so the first batch rolls back');
      await store.ledger.insertEntry({
        tenantId: ledger.actor.tenantId,
        entryType: 'created',
        recordType: 'decision',
        recordId: 'x',
        commitment: leaf,
        recordedAt: new Date(),
      });
      const [pending] = await store.ledger.pendingEntriesUnscoped(1);
      assert.ok(pending !== undefined);
      assert.equal(await store.transaction(() => store.ledger.integrate(batch(pending.seq))), true);
      assert.equal(
        await store.transaction(() => store.ledger.integrate(batch(pending.seq))),
        false,
        'stale head',
      );
      assert.equal((await store.ledger.head()).size, head.size + 1);
    });

    it('two sequencers running at once integrate every entry exactly once', async () => {
      await fresh();
      const { services } = ledger;
      for (let i = 0; i < 2; i += 1) {
        await services.applications.submitApplication(ledger.actor, ApplicationInputSchema.parse(anna()));
      }
      const pending = (await services.store.ledger.pendingEntriesUnscoped(100)).length;
      assert.ok(pending >= 6, `${pending} pending entries`);
      const other = new LedgerService(services.deps, ledgerSigner(undefined, randomBytes), 2);
      const mine = new LedgerService(services.deps, ledgerSigner(undefined, randomBytes), 3);
      const runs = await Promise.all([mine.runSequencer(), other.runSequencer()]);
      assert.equal(runs[0].integrated + runs[1].integrated, pending);
      assert.equal((await services.store.ledger.pendingEntriesUnscoped(10)).length, 0);
      const report = await ledger.verify();
      assert.deepEqual(
        report.divergences.filter((d) => d.kind !== 'checkpoint_invalid'),
        [],
        'checkpoints signed by the other signers do not open with the service key; everything else verifies',
      );
    });

    it('an untouched ledger verifies, every record and checkpoint included', async () => {
      await fresh();
      const report = await ledger.verify();
      assert.deepEqual(report.divergences, [], JSON.stringify(report.divergences.slice(0, 3)));
      assert.ok(report.entries >= 9, `${report.entries} leaves`);
      assert.equal(report.checkpoints, 1);
    });

    it('an edited record row is named by its record', async () => {
      await fresh();
      const [target] = await ledger.sql<{ record_id: string; leaf_index: number }>(
        `SELECT record_id, leaf_index FROM ledger_entries WHERE record_type = 'decision' ORDER BY leaf_index OFFSET 1 LIMIT 1`,
      );
      assert.ok(target !== undefined);
      await ledger.sql(`UPDATE decisions SET rule = 'forged' WHERE id = '${target.record_id}'`);
      const [first] = (await ledger.verify()).divergences;
      assert.equal(first?.kind, 'record_changed');
      assert.equal(first?.recordType, 'decision');
      assert.equal(first?.recordId, target.record_id);
      assert.equal(first?.leafIndex, Number(target.leaf_index));
    });

    it('a deleted ledger entry is named by its leaf, and its record as no longer ledgered', async () => {
      await fresh();
      const [target] = await ledger.sql<{ record_type: string; record_id: string }>(
        `DELETE FROM ledger_entries WHERE leaf_index = 4 RETURNING record_type, record_id`,
      );
      const report = await ledger.verify();
      assert.equal(report.divergences[0]?.kind, 'entry_missing');
      assert.equal(report.divergences[0]?.leafIndex, 4);
      const orphan = report.divergences.find((d) => d.kind === 'record_not_ledgered');
      assert.equal(
        `${orphan?.recordType}:${orphan?.recordId}`,
        `${target?.record_type}:${target?.record_id}`,
      );
    });

    it('two entries swapped in the log are named at the first moved leaf', async () => {
      await fresh();
      const [moved] = await ledger.sql<{ record_id: string }>(
        `SELECT record_id FROM ledger_entries WHERE leaf_index = 3`,
      );
      await ledger.sql(`UPDATE ledger_entries SET leaf_index = -1 WHERE leaf_index = 2`);
      await ledger.sql(`UPDATE ledger_entries SET leaf_index = 2 WHERE leaf_index = 3`);
      await ledger.sql(`UPDATE ledger_entries SET leaf_index = 3 WHERE leaf_index = -1`);
      const { divergences } = await ledger.verify();
      const [first] = divergences;
      assert.equal(first?.kind, 'entry_changed', JSON.stringify(divergences));
      assert.equal(first?.leafIndex, 2);
      assert.equal(first?.recordId, moved?.record_id);
    });

    it('an inserted record row and a forged entry past the head are both reported', async () => {
      await fresh();
      const [forged] = await ledger.sql<{ id: string }>(
        `INSERT INTO decisions
         SELECT (jsonb_populate_record(d, jsonb_build_object('id', gen_random_uuid()))).*
         FROM decisions d LIMIT 1 RETURNING id`,
      );
      await ledger.sql(
        `INSERT INTO ledger_entries (tenant_id, entry_type, record_type, record_id, commitment, recorded_at, leaf_index)
         SELECT tenant_id, entry_type, record_type, record_id, commitment, recorded_at, (SELECT size FROM ledger_head)
         FROM ledger_entries WHERE leaf_index = 0`,
      );
      const report = await ledger.verify();
      const kinds = report.divergences.map((d) => d.kind);
      assert.ok(kinds.includes('entry_beyond_head'), kinds.join());
      const inserted = report.divergences.find((d) => d.kind === 'record_not_ledgered');
      assert.equal(inserted?.recordId, forged?.id);
    });

    it('a rewritten tree node or signed checkpoint is reported', async () => {
      await fresh();
      await ledger.sql(`UPDATE ledger_nodes SET hash = sha256(hash) WHERE level = 1 AND idx = 1`);
      await ledger.sql(`UPDATE ledger_checkpoints SET note = replace(note, E'\\n\\n', E'\\nextra\\n\\n')`);
      const report = await ledger.verify();
      const node = report.divergences.find((d) => d.kind === 'node_changed');
      assert.equal(node?.leafIndex, 2);
      assert.ok(report.divergences.some((d) => d.kind === 'checkpoint_invalid'));
    });
  });
}
