import { sql, type Selectable } from 'kysely';
import type {
  AccountsTable,
  ApplicationsTable,
  DecisionProposalsTable,
  DecisionsTable,
  VerificationChecksTable,
} from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type { PartyCipher, PartyKeyColumns } from '../party-cipher.ts';
import {
  DELETED_WORDS,
  keyOf,
  openMeasureHits,
  openReasons,
  partyOf,
  PROPOSAL_REASON,
  PROPOSAL_RESOLUTION,
  sealMeasureHits,
  sealReasons,
  type Reason,
} from './decision-words.ts';
import type {
  AccountRecord,
  AccountStatus,
  AccountStore,
  ActorType,
  ApplicationRecord,
  DecisionProposalRecord,
  DecisionRecord,
  ProposalOutcome,
  ProposalResolution,
  VerificationCheckRecord,
} from '../port.ts';

export class KyselyAccountStore implements AccountStore {
  constructor(
    private readonly db: DbHandle,
    private readonly cipher: PartyCipher,
  ) {}

  async insert(a: AccountRecord): Promise<void> {
    await this.db()
      .insertInto('accounts')
      .values({
        id: a.id,
        tenant_id: a.tenantId,
        external_id: a.externalId,
        party_id: a.partyId,
        reseller_tenant_id: a.resellerTenantId,
        status: a.status,
        profile_id: a.profileId,
        profile_version: a.profileVersion,
        opened_at: a.openedAt,
        closed_at: a.closedAt,
        last_access_at: a.lastAccessAt,
        updated_at: a.updatedAt,
      })
      .execute();
  }

  async get(tenantId: string, id: string): Promise<AccountRecord | undefined> {
    const r = await this.db()
      .selectFrom('accounts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toAccount(r);
  }

  async getByExternalId(tenantId: string, externalId: string): Promise<AccountRecord | undefined> {
    const r = await this.db()
      .selectFrom('accounts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return r && toAccount(r);
  }

  async setStatus(tenantId: string, id: string, status: AccountStatus, at: Date): Promise<void> {
    await this.db()
      .updateTable('accounts')
      .set({ status, updated_at: at, ...(status === 'closed' ? { closed_at: at } : {}) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  async insertApplication(a: ApplicationRecord): Promise<void> {
    const key = await this.keyOfParty(a.partyId);
    const row = { tenantId: a.tenantId, partyId: a.partyId, id: a.id };
    await this.db()
      .insertInto('applications')
      .values({
        id: a.id,
        tenant_id: a.tenantId,
        account_id: a.accountId,
        party_id: a.partyId,
        party_version: a.partyVersion,
        profile_id: a.profileId,
        profile_version: a.profileVersion,
        determination: JSON.stringify(a.determination),
        requirements: JSON.stringify(a.requirements),
        warnings: JSON.stringify(a.warnings),
        measure_hits: sealMeasureHits(this.cipher, row, a.measureHits, key),
        signup_ip: a.signupIp,
        created_at: a.createdAt,
      })
      .execute();
  }

  async getApplication(tenantId: string, id: string): Promise<ApplicationRecord | undefined> {
    const r = await this.applications()
      .where('ap.tenant_id', '=', tenantId)
      .where('ap.id', '=', id)
      .executeTakeFirst();
    return r && this.toApplication(r);
  }

  async latestApplicationOf(tenantId: string, accountId: string): Promise<ApplicationRecord | undefined> {
    const r = await this.applications()
      .where('ap.tenant_id', '=', tenantId)
      .where('ap.account_id', '=', accountId)
      .orderBy('ap.created_at', 'desc')
      .orderBy('ap.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && this.toApplication(r);
  }

  private applications() {
    return this.db()
      .selectFrom('applications as ap')
      .leftJoin('party_keys as k', 'k.party_id', 'ap.party_id')
      .selectAll('ap')
      .select(['k.kek_id', 'k.wrapped_key']);
  }

  private toApplication(r: Selectable<ApplicationsTable> & PartyKeyColumns): ApplicationRecord {
    const row = { tenantId: r.tenant_id, partyId: r.party_id, id: r.id };
    return { ...toApplication(r), measureHits: openMeasureHits(this.cipher, row, r.measure_hits, r) };
  }

  private async keyOfParty(partyId: string): Promise<PartyKeyColumns | undefined> {
    return this.db()
      .selectFrom('party_keys')
      .select(['kek_id', 'wrapped_key'])
      .where('party_id', '=', partyId)
      .executeTakeFirst();
  }

  async sealPlaintextApplicationsUnscoped(limit: number): Promise<Array<{ tenantId: string; id: string }>> {
    const rows = await this.applications()
      .where('k.wrapped_key', 'is not', null)
      .where(
        sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(ap.measure_hits) h,
          jsonb_array_elements(h->'matchedOn') m WHERE jsonb_typeof(m->'value') = 'string')`,
      )
      .orderBy('ap.id')
      .limit(limit)
      .execute();
    for (const r of rows) {
      const row = { tenantId: r.tenant_id, partyId: r.party_id, id: r.id };
      const hits = sealMeasureHits(this.cipher, row, this.toApplication(r).measureHits, r);
      await this.db()
        .updateTable('applications')
        .set({ measure_hits: hits })
        .where('id', '=', r.id)
        .execute();
    }
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
  }

  /** Open accounts whose customer is the party, or whose customer (an entity) the party owns. */
  async accountsOfParty(tenantId: string, partyId: string): Promise<AccountRecord[]> {
    const rows = await this.db()
      .selectFrom('accounts as a')
      .selectAll('a')
      .where('a.tenant_id', '=', tenantId)
      .where('a.status', '!=', 'closed')
      .where((eb) =>
        eb.or([
          eb('a.party_id', '=', partyId),
          eb.exists(
            eb
              .selectFrom('party_links as l')
              .select('l.person_party_id')
              .whereRef('l.entity_party_id', '=', 'a.party_id')
              .where('l.tenant_id', '=', tenantId)
              .where('l.person_party_id', '=', partyId)
              .where('l.ended_at', 'is', null),
          ),
        ]),
      )
      .orderBy('a.id')
      .execute();
    return rows.map(toAccount);
  }

  async insertDecision(d: DecisionRecord): Promise<void> {
    const party = await partyOf(this.db, 'applications', d.tenantId, d.applicationId);
    const row = { tenantId: d.tenantId, partyId: party?.party_id ?? '', id: d.id };
    const reasons = sealReasons(this.cipher, row, d.reasons as Reason[], keyOf(party));
    await this.db()
      .insertInto('decisions')
      .values({
        id: d.id,
        tenant_id: d.tenantId,
        application_id: d.applicationId,
        account_id: d.accountId,
        status: d.status,
        rule: d.rule,
        reasons,
        limits: d.limits === null || d.limits === undefined ? null : JSON.stringify(d.limits),
        profile_id: d.profileId,
        profile_version: d.profileVersion,
        actor_type: d.actorType,
        actor_id: d.actorId,
        created_at: d.createdAt,
      })
      .execute();
  }

  async insertProposal(p: DecisionProposalRecord): Promise<void> {
    const seal = await this.proposalSealer(p.tenantId, p.applicationId, p.id);
    await this.db()
      .insertInto('decision_proposals')
      .values({
        id: p.id,
        tenant_id: p.tenantId,
        application_id: p.applicationId,
        status: p.status,
        reason: seal(PROPOSAL_REASON, p.reason),
        proposed_by: p.proposedBy,
        created_at: p.createdAt,
        resolved_at: p.resolvedAt,
        outcome: p.outcome,
        resolved_by: p.resolvedBy,
        resolution_reason: p.resolutionReason === null ? null : seal(PROPOSAL_RESOLUTION, p.resolutionReason),
      })
      .execute();
  }

  /** Seals a proposal's words under the key of the party its application is about. */
  private async proposalSealer(tenantId: string, applicationId: string, id: string) {
    const party = await partyOf(this.db, 'applications', tenantId, applicationId);
    const row = { tenantId, partyId: party?.party_id ?? '', id };
    return (kind: string, text: string) => this.cipher.sealForParty(kind, row, text, keyOf(party));
  }

  async openProposal(tenantId: string, applicationId: string): Promise<DecisionProposalRecord | undefined> {
    const r = await this.db()
      .selectFrom('decision_proposals as p')
      .innerJoin('applications as a', 'a.id', 'p.application_id')
      .leftJoin('party_keys as k', 'k.party_id', 'a.party_id')
      .selectAll('p')
      .select(['a.party_id', 'k.kek_id', 'k.wrapped_key'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.application_id', '=', applicationId)
      .where('p.resolved_at', 'is', null)
      .executeTakeFirst();
    if (r === undefined) return undefined;
    const row = { tenantId, partyId: r.party_id, id: r.id };
    const open = (kind: string, stored: unknown) =>
      this.cipher.openTextForParty(kind, row, stored, r, DELETED_WORDS);
    return toProposal(
      r,
      open(PROPOSAL_REASON, r.reason),
      r.resolution_reason === null ? null : open(PROPOSAL_RESOLUTION, r.resolution_reason),
    );
  }

  async resolveProposal(tenantId: string, id: string, resolution: ProposalResolution): Promise<boolean> {
    const proposal = await this.db()
      .selectFrom('decision_proposals')
      .select('application_id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (proposal === undefined) return false;
    const seal = await this.proposalSealer(tenantId, proposal.application_id, id);
    const result = await this.db()
      .updateTable('decision_proposals')
      .set({
        resolved_at: resolution.at,
        outcome: resolution.outcome,
        resolved_by: resolution.by,
        resolution_reason: resolution.reason === null ? null : seal(PROPOSAL_RESOLUTION, resolution.reason),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async insertCheck(c: VerificationCheckRecord): Promise<void> {
    await this.db()
      .insertInto('verification_checks')
      .values({
        id: c.id,
        tenant_id: c.tenantId,
        application_id: c.applicationId,
        method: c.method,
        status: c.status,
        destination_masked: c.destinationMasked,
        code_hash: c.codeHash,
        attempts: c.attempts,
        expires_at: c.expiresAt,
        evidence: JSON.stringify(c.evidence),
        actor: c.actor,
        created_at: c.createdAt,
        completed_at: c.completedAt,
        vendor: c.vendor ?? null,
        vendor_reference: c.vendorReference ?? null,
      })
      .execute();
  }

  async getCheck(tenantId: string, id: string): Promise<VerificationCheckRecord | undefined> {
    const r = await this.db()
      .selectFrom('verification_checks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toCheck(r);
  }

  async updateCheck(
    tenantId: string,
    id: string,
    change: Pick<VerificationCheckRecord, 'attempts' | 'status' | 'completedAt'> & {
      evidence?: Record<string, unknown>;
    },
  ): Promise<void> {
    await this.db()
      .updateTable('verification_checks')
      .set({
        attempts: change.attempts,
        status: change.status,
        completed_at: change.completedAt,
        ...(change.evidence === undefined ? {} : { evidence: JSON.stringify(change.evidence) }),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  async listChecks(tenantId: string, applicationId: string): Promise<VerificationCheckRecord[]> {
    const rows = await this.db()
      .selectFrom('verification_checks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('application_id', '=', applicationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toCheck);
  }

  async getCheckByVendorReferenceUnscoped(
    vendor: string,
    reference: string,
  ): Promise<VerificationCheckRecord | undefined> {
    const r = await this.db()
      .selectFrom('verification_checks')
      .selectAll()
      .where('vendor', '=', vendor)
      .where('vendor_reference', '=', reference)
      .executeTakeFirst();
    return r && toCheck(r);
  }

  async sealPlaintextDecisionsUnscoped(limit: number): Promise<Array<{ tenantId: string; id: string }>> {
    const { rows } = await sql<{
      id: string;
      tenant_id: string;
      reasons: unknown;
      party_id: string;
      kek_id: string | null;
      wrapped_key: Buffer | null;
    }>`
      SELECT d.id, d.tenant_id, d.reasons, a.party_id, k.kek_id, k.wrapped_key FROM decisions d
      JOIN applications a ON a.id = d.application_id
      JOIN party_keys k ON k.party_id = a.party_id AND k.wrapped_key IS NOT NULL
      WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(d.reasons) e WHERE jsonb_typeof(e->'message') = 'string')
      ORDER BY d.id LIMIT ${limit}`.execute(this.db());
    for (const r of rows) {
      const row = { tenantId: r.tenant_id, partyId: r.party_id, id: r.id };
      const reasons = sealReasons(this.cipher, row, openReasons(this.cipher, row, r.reasons, r), r);
      await sql`UPDATE decisions SET reasons = ${reasons}::jsonb WHERE id = ${r.id}::uuid`.execute(this.db());
    }
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
  }

  async sealPlaintextProposalsUnscoped(limit: number): Promise<number> {
    const { rows } = await sql<{
      id: string;
      tenant_id: string;
      reason: unknown;
      resolution_reason: unknown;
      party_id: string;
      kek_id: string | null;
      wrapped_key: Buffer | null;
    }>`
      SELECT p.id, p.tenant_id, p.reason, p.resolution_reason, a.party_id, k.kek_id, k.wrapped_key
      FROM decision_proposals p
      JOIN applications a ON a.id = p.application_id
      JOIN party_keys k ON k.party_id = a.party_id AND k.wrapped_key IS NOT NULL
      WHERE jsonb_typeof(p.reason) = 'string' OR jsonb_typeof(p.resolution_reason) = 'string'
      ORDER BY p.id LIMIT ${limit}`.execute(this.db());
    for (const r of rows) {
      const row = { tenantId: r.tenant_id, partyId: r.party_id, id: r.id };
      const reseal = (kind: string, stored: unknown) =>
        this.cipher.sealForParty(
          kind,
          row,
          this.cipher.openTextForParty(kind, row, stored, r, DELETED_WORDS),
          r,
        );
      await this.db()
        .updateTable('decision_proposals')
        .set({
          reason: reseal(PROPOSAL_REASON, r.reason),
          resolution_reason:
            r.resolution_reason === null ? null : reseal(PROPOSAL_RESOLUTION, r.resolution_reason),
        })
        .where('id', '=', r.id)
        .execute();
    }
    return rows.length;
  }

  async listDecisions(tenantId: string, applicationId: string): Promise<DecisionRecord[]> {
    const rows = await this.db()
      .selectFrom('decisions as d')
      .innerJoin('applications as a', 'a.id', 'd.application_id')
      .leftJoin('party_keys as k', 'k.party_id', 'a.party_id')
      .selectAll('d')
      .select(['a.party_id', 'k.kek_id', 'k.wrapped_key'])
      .where('d.tenant_id', '=', tenantId)
      .where('d.application_id', '=', applicationId)
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id')
      .execute();
    return rows.map((r) => ({
      ...toDecision(r),
      reasons: openReasons(this.cipher, { tenantId, partyId: r.party_id, id: r.id }, r.reasons, r),
    }));
  }
}

function toCheck(r: Selectable<VerificationChecksTable>): VerificationCheckRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    applicationId: r.application_id,
    method: r.method,
    status: r.status as VerificationCheckRecord['status'],
    destinationMasked: r.destination_masked,
    codeHash: r.code_hash,
    attempts: r.attempts,
    expiresAt: r.expires_at,
    evidence: r.evidence as Record<string, unknown>,
    actor: r.actor,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    vendor: r.vendor,
    vendorReference: r.vendor_reference,
  };
}

function toProposal(
  r: Selectable<DecisionProposalsTable>,
  reason: string,
  resolutionReason: string | null,
): DecisionProposalRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    applicationId: r.application_id,
    status: r.status as DecisionProposalRecord['status'],
    reason,
    proposedBy: r.proposed_by,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    outcome: r.outcome as ProposalOutcome | null,
    resolvedBy: r.resolved_by,
    resolutionReason,
  };
}

export function toAccount(r: Selectable<AccountsTable>): AccountRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    externalId: r.external_id,
    partyId: r.party_id,
    resellerTenantId: r.reseller_tenant_id,
    status: r.status as AccountStatus,
    profileId: r.profile_id,
    profileVersion: r.profile_version,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    lastAccessAt: r.last_access_at,
    updatedAt: r.updated_at,
  };
}

function toApplication(r: Selectable<ApplicationsTable>): ApplicationRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    accountId: r.account_id,
    partyId: r.party_id,
    partyVersion: r.party_version,
    profileId: r.profile_id,
    profileVersion: r.profile_version,
    determination: r.determination,
    requirements: r.requirements,
    warnings: r.warnings,
    measureHits: r.measure_hits,
    signupIp: r.signup_ip,
    createdAt: r.created_at,
  };
}

function toDecision(r: Selectable<DecisionsTable>): DecisionRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    applicationId: r.application_id,
    accountId: r.account_id,
    status: r.status as AccountStatus,
    rule: r.rule,
    reasons: r.reasons,
    limits: r.limits,
    profileId: r.profile_id,
    profileVersion: r.profile_version,
    actorType: r.actor_type as ActorType,
    actorId: r.actor_id,
    createdAt: r.created_at,
  };
}
