import { sql, type Selectable } from 'kysely';
import type { RedressEvidence } from '../../domain/redress/schema.ts';
import type { RedressRequestsTable, ReverificationsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type {
  AccountRecord,
  LifecycleStore,
  RedressRecord,
  ReverificationRecord,
  SweepTrigger,
} from '../port.ts';
import { toAccount } from './accounts.ts';
import type { PartyCipher, PartyKeyColumns } from '../party-cipher.ts';

/** The customer's own words and what they submitted, sealed under their party's key. */
const STATEMENT = 'redress-statement';
const EVIDENCE = 'redress-evidence';
/** What a redress request of a shredded party still says. */
export const SHREDDED_STATEMENT = '[deleted at the end of retention]';

type RedressRow = Selectable<RedressRequestsTable> & PartyKeyColumns & { party_id: string };

/** Redress requests, periodic re-verification and the record of special-measure sweeps. */
export class KyselyLifecycleStore implements LifecycleStore {
  constructor(
    private readonly db: DbHandle,
    private readonly cipher: PartyCipher,
  ) {}

  /** Redress requests with the party they are about and its key columns, to open what is sealed. */
  private redressRows() {
    return this.db()
      .selectFrom('redress_requests as r')
      .innerJoin('applications as a', (j) =>
        j.onRef('a.tenant_id', '=', 'r.tenant_id').onRef('a.id', '=', 'r.application_id'),
      )
      .leftJoin('party_keys as k', 'k.party_id', 'a.party_id')
      .selectAll('r')
      .select(['a.party_id', 'k.kek_id', 'k.wrapped_key']);
  }

  private toRedress(r: RedressRow): RedressRecord {
    const row = { tenantId: r.tenant_id, partyId: r.party_id, id: r.id };
    const statement = this.cipher.openTextForParty(STATEMENT, row, r.statement, r, SHREDDED_STATEMENT);
    return toRedress(r, statement, this.cipher.openForParty(EVIDENCE, row, r.evidence, r, []));
  }

  async claimScheduledRun(job: string, now: Date, everyMs: number): Promise<boolean> {
    // A second node's upsert waits for the first one's row, then finds its WHERE false: no row back.
    const { rows } = await sql<{ job: string }>`
      INSERT INTO scheduled_runs (job, started_at) VALUES (${job}, ${now})
      ON CONFLICT (job) DO UPDATE SET started_at = EXCLUDED.started_at
        WHERE scheduled_runs.started_at <= ${new Date(now.getTime() - everyMs)}
      RETURNING job`.execute(this.db());
    return rows.length === 1;
  }

  async insertRedress(r: RedressRecord): Promise<void> {
    const owner = await this.db()
      .selectFrom('applications as a')
      .leftJoin('party_keys as k', 'k.party_id', 'a.party_id')
      .select(['a.party_id', 'k.kek_id', 'k.wrapped_key'])
      .where('a.tenant_id', '=', r.tenantId)
      .where('a.id', '=', r.applicationId)
      .executeTakeFirstOrThrow();
    const key = owner.kek_id === null ? undefined : owner;
    const row = { tenantId: r.tenantId, partyId: owner.party_id, id: r.id };
    const seal = (kind: string, value: unknown) => this.cipher.sealForParty(kind, row, value, key);
    await this.db()
      .insertInto('redress_requests')
      .values({
        id: r.id,
        tenant_id: r.tenantId,
        application_id: r.applicationId,
        account_id: r.accountId,
        status: r.status,
        statement: seal(STATEMENT, r.statement),
        evidence: seal(EVIDENCE, r.evidence),
        party_version: r.partyVersion,
        created_at: r.createdAt,
        created_by: r.createdBy,
        resolved_at: r.resolvedAt,
        resolution_decision_id: r.resolutionDecisionId,
      })
      .execute();
  }

  async getRedress(tenantId: string, id: string): Promise<RedressRecord | undefined> {
    const row = await this.redressRows()
      .where('r.tenant_id', '=', tenantId)
      .where('r.id', '=', id)
      .executeTakeFirst();
    return row && this.toRedress(row);
  }

  async listRedress(tenantId: string, status: RedressRecord['status'] | undefined): Promise<RedressRecord[]> {
    let q = this.redressRows().where('r.tenant_id', '=', tenantId);
    if (status !== undefined) q = q.where('r.status', '=', status);
    const rows = await q.orderBy('r.created_at').orderBy('r.id').limit(1000).execute();
    return rows.map((r) => this.toRedress(r));
  }

  async sealPlaintextRedressUnscoped(limit: number): Promise<number> {
    const rows = await this.redressRows()
      .where('k.wrapped_key', 'is not', null)
      .where(sql<boolean>`jsonb_typeof(r.statement) = 'string' OR jsonb_typeof(r.evidence) = 'array'`)
      .orderBy('r.id')
      .limit(limit)
      .execute();
    for (const r of rows) {
      const redress = this.toRedress(r);
      const row = { tenantId: r.tenant_id, partyId: r.party_id, id: r.id };
      const seal = (kind: string, value: unknown) => this.cipher.sealForParty(kind, row, value, r);
      await this.db()
        .updateTable('redress_requests')
        .set({ statement: seal(STATEMENT, redress.statement), evidence: seal(EVIDENCE, redress.evidence) })
        .where('id', '=', r.id)
        .execute();
    }
    return rows.length;
  }

  async resolveRedressOfAccount(
    tenantId: string,
    accountId: string,
    decisionId: string,
    at: Date,
  ): Promise<number> {
    const result = await this.db()
      .updateTable('redress_requests')
      .set({ status: 'resolved', resolved_at: at, resolution_decision_id: decisionId })
      .where('tenant_id', '=', tenantId)
      .where('account_id', '=', accountId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async setReverifyDue(tenantId: string, accountId: string, dueAt: Date | null): Promise<void> {
    await this.db()
      .updateTable('accounts')
      .set({ reverify_due_at: dueAt })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', accountId)
      .execute();
  }

  async accountsDueForReverificationUnscoped(now: Date, limit: number): Promise<AccountRecord[]> {
    const rows = await this.db()
      .selectFrom('accounts')
      .selectAll()
      .where('reverify_due_at', 'is not', null)
      .where('reverify_due_at', '<=', now)
      .orderBy('reverify_due_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toAccount);
  }

  async raiseReverification(r: ReverificationRecord): Promise<boolean> {
    const inserted = await this.db()
      .insertInto('reverifications')
      .values({
        id: r.id,
        tenant_id: r.tenantId,
        account_id: r.accountId,
        due_at: r.dueAt,
        status: r.status,
        created_at: r.createdAt,
        completed_at: r.completedAt,
      })
      .onConflict((oc) => oc.columns(['account_id', 'due_at']).doNothing())
      .executeTakeFirst();
    await this.setReverifyDue(r.tenantId, r.accountId, null);
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async listReverifications(
    tenantId: string,
    status: ReverificationRecord['status'] | undefined,
  ): Promise<ReverificationRecord[]> {
    let q = this.db().selectFrom('reverifications').selectAll().where('tenant_id', '=', tenantId);
    if (status !== undefined) q = q.where('status', '=', status);
    const rows = await q.orderBy('due_at').orderBy('id').limit(1000).execute();
    return rows.map(toReverification);
  }

  async completeReverifications(tenantId: string, accountId: string, at: Date): Promise<number> {
    const result = await this.db()
      .updateTable('reverifications')
      .set({ status: 'done', completed_at: at })
      .where('tenant_id', '=', tenantId)
      .where('account_id', '=', accountId)
      .where('status', '=', 'due')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async recordSweep(s: {
    id: string;
    tenantId: string;
    measureId: string;
    trigger: SweepTrigger;
    found: number;
    ranAt: Date;
  }): Promise<boolean> {
    const inserted = await sql`
      INSERT INTO measure_sweeps (id, tenant_id, measure_id, trigger, found, ran_at)
      VALUES (${s.id}, ${s.tenantId}, ${s.measureId}, ${s.trigger}, ${s.found}, ${s.ranAt})
      ON CONFLICT (measure_id) WHERE trigger = 'effective' DO NOTHING`.execute(this.db());
    return Number(inserted.numAffectedRows ?? 0n) > 0;
  }

  async listSweeps(
    tenantId: string,
    measureId: string,
  ): Promise<Array<{ id: string; trigger: SweepTrigger; found: number; ranAt: Date }>> {
    const rows = await this.db()
      .selectFrom('measure_sweeps')
      .select(['id', 'trigger', 'found', 'ran_at'])
      .where('tenant_id', '=', tenantId)
      .where('measure_id', '=', measureId)
      .orderBy('ran_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      trigger: r.trigger as SweepTrigger,
      found: r.found,
      ranAt: r.ran_at,
    }));
  }

  async measuresDueForEffectiveSweepUnscoped(
    today: string,
    limit: number,
  ): Promise<Array<{ tenantId: string; id: string }>> {
    const rows = await this.db()
      .selectFrom('special_measures as m')
      .select(['m.tenant_id', 'm.id'])
      .where(sql<boolean>`m.definition ->> 'effectiveDate' <= ${today}`)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('measure_sweeps as s')
              .select('s.id')
              .whereRef('s.measure_id', '=', 'm.id')
              .where('s.trigger', '=', 'effective'),
          ),
        ),
      )
      .orderBy('m.created_at')
      .orderBy('m.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
  }
}

/** A stored redress request with its statement and evidence opened. */
function toRedress(r: Selectable<RedressRequestsTable>, statement: string, evidence: unknown): RedressRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    applicationId: r.application_id,
    accountId: r.account_id,
    status: r.status as RedressRecord['status'],
    statement,
    evidence: evidence as RedressEvidence[],
    partyVersion: r.party_version,
    createdAt: r.created_at,
    createdBy: r.created_by,
    resolvedAt: r.resolved_at,
    resolutionDecisionId: r.resolution_decision_id,
  };
}

function toReverification(r: Selectable<ReverificationsTable>): ReverificationRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    accountId: r.account_id,
    dueAt: r.due_at,
    status: r.status as ReverificationRecord['status'],
    createdAt: r.created_at,
    completedAt: r.completed_at,
  };
}
