import type { Selectable } from 'kysely';
import type {
  AccountsTable,
  ApplicationsTable,
  DecisionProposalsTable,
  DecisionsTable,
  VerificationChecksTable,
} from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
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
  constructor(private readonly db: DbHandle) {}

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
        measure_hits: JSON.stringify(a.measureHits),
        signup_ip: a.signupIp,
        created_at: a.createdAt,
      })
      .execute();
  }

  async getApplication(tenantId: string, id: string): Promise<ApplicationRecord | undefined> {
    const r = await this.db()
      .selectFrom('applications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toApplication(r);
  }

  async latestApplicationOf(tenantId: string, accountId: string): Promise<ApplicationRecord | undefined> {
    const r = await this.db()
      .selectFrom('applications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && toApplication(r);
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
    await this.db()
      .insertInto('decisions')
      .values({
        id: d.id,
        tenant_id: d.tenantId,
        application_id: d.applicationId,
        account_id: d.accountId,
        status: d.status,
        rule: d.rule,
        reasons: JSON.stringify(d.reasons),
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
    await this.db()
      .insertInto('decision_proposals')
      .values({
        id: p.id,
        tenant_id: p.tenantId,
        application_id: p.applicationId,
        status: p.status,
        reason: p.reason,
        proposed_by: p.proposedBy,
        created_at: p.createdAt,
        resolved_at: p.resolvedAt,
        outcome: p.outcome,
        resolved_by: p.resolvedBy,
        resolution_reason: p.resolutionReason,
      })
      .execute();
  }

  async openProposal(tenantId: string, applicationId: string): Promise<DecisionProposalRecord | undefined> {
    const r = await this.db()
      .selectFrom('decision_proposals')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('application_id', '=', applicationId)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return r && toProposal(r);
  }

  async resolveProposal(tenantId: string, id: string, resolution: ProposalResolution): Promise<boolean> {
    const result = await this.db()
      .updateTable('decision_proposals')
      .set({
        resolved_at: resolution.at,
        outcome: resolution.outcome,
        resolved_by: resolution.by,
        resolution_reason: resolution.reason,
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

  async listDecisions(tenantId: string, applicationId: string): Promise<DecisionRecord[]> {
    const rows = await this.db()
      .selectFrom('decisions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('application_id', '=', applicationId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toDecision);
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

function toProposal(r: Selectable<DecisionProposalsTable>): DecisionProposalRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    applicationId: r.application_id,
    status: r.status as DecisionProposalRecord['status'],
    reason: r.reason,
    proposedBy: r.proposed_by,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    outcome: r.outcome as ProposalOutcome | null,
    resolvedBy: r.resolved_by,
    resolutionReason: r.resolution_reason,
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
