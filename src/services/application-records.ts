/**
 * The records of an application: party (a new version, never an overwrite), account, application,
 * decision, and their audit entries, written in one transaction. Also the reads of those records.
 */
import type { ApplicationInput } from '../domain/applications/input.ts';
import type { NormalizedApplication, NormalizedPerson } from '../domain/applications/normalized.ts';
import { AppError } from '../errors.ts';
import type {
  AccountRecord,
  ApplicationRecord,
  DecisionProposalRecord,
  DecisionRecord,
  PartyLinkRecord,
  PartyRecord,
  PartyVersionRecord,
} from '../storage/port.ts';
import type { Assessment } from './applications.ts';
import { recordAudit } from './audit.ts';
import type { DecisionLog } from './decision-log.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { recordLedgerEntry } from './ledger.ts';

/** The parties an application stored: its customer (at this version), its beneficial owners and signatories, in order. */
export interface PersistedParties {
  partyId: string;
  partyVersion: number;
  ownerPartyIds: string[];
  signatoryPartyIds: string[];
}

export interface PersistedApplication {
  application: ApplicationRecord;
  account: AccountRecord;
  decision: DecisionRecord;
}

export async function persistApplication(
  deps: ServiceDeps,
  actor: Actor,
  input: ApplicationInput,
  normalized: NormalizedApplication,
  assessment: Assessment,
  decisions: DecisionLog,
  onPersisted: (parties: PersistedParties) => Promise<void> = async () => undefined,
): Promise<PersistedApplication> {
  const { store } = deps;
  const now = deps.now();
  const { profile, outcome } = assessment;
  return store.transaction(async () => {
    const resellerTenantId = await resellerOf(deps, actor, input.resellerId);
    const externalId = input.account?.externalId ?? null;
    // Concurrent applications for one new external id must not both try to open the account.
    if (externalId !== null)
      await store.lockForTransaction(`gatehouse:account:${actor.tenantId}:${externalId}`);
    const existing =
      externalId === null ? undefined : await store.accounts.getByExternalId(actor.tenantId, externalId);
    const partyData = partyDataOf(input, normalized);
    let partyId: string;
    let partyVersion: number;
    if (existing === undefined) {
      partyId = deps.newId();
      partyVersion = 1;
      const party: PartyRecord = {
        id: partyId,
        tenantId: actor.tenantId,
        type: input.type,
        currentVersion: 1,
        createdAt: now,
      };
      await store.parties.insert(party, versionOf(actor, partyId, 1, partyData, now));
    } else {
      const party = await store.parties.get(actor.tenantId, existing.partyId);
      if (party === undefined) throw new AppError('PARTY_NOT_FOUND', 'The account’s party is missing.');
      partyId = party.id;
      partyVersion = party.currentVersion + 1;
      const appended = await store.parties.appendVersion(
        actor.tenantId,
        versionOf(actor, partyId, partyVersion, partyData, now),
        party.currentVersion,
      );
      if (!appended) throw new AppError('PARTY_VERSION_CONFLICT', 'The party changed concurrently; retry.');
    }
    await recordLedgerEntry(deps, actor.tenantId, 'party_version', `${partyId}@${partyVersion}`);
    let ownerPartyIds: string[] = [];
    let signatoryPartyIds: string[] = [];
    if (normalized.type === 'entity' && input.type === 'entity') {
      ownerPartyIds = await linkPeople(
        deps,
        actor,
        partyId,
        normalized.owners,
        'beneficial_owner',
        input.beneficialOwners ?? [],
      );
      signatoryPartyIds = await linkPeople(deps, actor, partyId, normalized.signatories, 'signatory', []);
    }
    const account: AccountRecord = existing ?? {
      id: deps.newId(),
      tenantId: actor.tenantId,
      externalId,
      partyId,
      resellerTenantId,
      status: outcome.status,
      profileId: profile.id,
      profileVersion: profile.version,
      openedAt: now,
      closedAt: null,
      lastAccessAt: null,
      updatedAt: now,
    };
    if (existing === undefined) await store.accounts.insert(account);
    else await store.accounts.setStatus(actor.tenantId, account.id, outcome.status, now);
    const application: ApplicationRecord = {
      id: deps.newId(),
      tenantId: actor.tenantId,
      accountId: account.id,
      partyId,
      partyVersion,
      profileId: profile.id,
      profileVersion: profile.version,
      determination: assessment.determination,
      requirements: outcome.requirements,
      warnings: assessment.warnings,
      measureHits: assessment.measureHits,
      signupIp: input.signup?.ip ?? null,
      createdAt: now,
    };
    await store.accounts.insertApplication(application);
    await recordLedgerEntry(deps, actor.tenantId, 'application', application.id);
    const decision: DecisionRecord = {
      id: deps.newId(),
      tenantId: actor.tenantId,
      applicationId: application.id,
      accountId: account.id,
      status: outcome.status,
      rule: outcome.rule,
      reasons: outcome.reasons,
      limits: outcome.limits === null ? null : { ...outcome.limits, conditions: outcome.conditions },
      profileId: profile.id,
      profileVersion: profile.version,
      actorType: 'system',
      actorId: 'rules',
      createdAt: now,
    };
    for (const method of assessment.verifiedBy) {
      const checkId = deps.newId();
      await store.accounts.insertCheck({
        id: checkId,
        tenantId: actor.tenantId,
        applicationId: application.id,
        method,
        status: 'passed',
        destinationMasked: null,
        codeHash: null,
        attempts: 1,
        expiresAt: null,
        evidence: {
          proof:
            method === 'document'
              ? 'mrz_check_digits_and_typed_fields_agree'
              : 'holder_name_and_billing_country_match',
        },
        actor: 'system:rules',
        createdAt: now,
        completedAt: now,
      });
      await recordLedgerEntry(deps, actor.tenantId, 'verification_check', checkId);
    }
    const target = { type: 'application', id: application.id };
    await recordAudit(deps, actor, 'application.submitted', target, {
      accountId: account.id,
      partyId,
      partyVersion,
      profile: `${profile.id}@${profile.version}`,
    });
    await onPersisted({ partyId, partyVersion, ownerPartyIds, signatoryPartyIds });
    await decisions.record(actor, decision, { statusAlreadySet: true });
    return { application, account: { ...account, status: outcome.status }, decision };
  });
}

async function resellerOf(
  deps: ServiceDeps,
  actor: Actor,
  resellerId: string | undefined,
): Promise<string | null> {
  if (resellerId === undefined) return null;
  const reseller = await deps.store.tenants.getVisible(actor.tenantId, resellerId);
  if (reseller === undefined || reseller.kind !== 'reseller') {
    throw new AppError('TENANT_NOT_FOUND', 'No such reseller of this provider.', {
      field: 'body.resellerId',
    });
  }
  return reseller.id;
}

function versionOf(
  actor: Actor,
  partyId: string,
  version: number,
  data: Record<string, unknown>,
  at: Date,
): PartyVersionRecord {
  return {
    partyId,
    tenantId: actor.tenantId,
    version,
    data,
    createdAt: at,
    createdBy: `${actor.type}:${actor.id}`,
  };
}

/** What a party version keeps: the validated, normalised data (never a full card number). */
export function partyDataOf(
  input: ApplicationInput,
  normalized: NormalizedApplication,
): Record<string, unknown> {
  if (normalized.type === 'individual') return { ...normalized.person, payments: normalized.payments };
  if (input.type !== 'entity') return {};
  return {
    legalName: input.legalName,
    otherNames: input.otherNames ?? [],
    incorporation: input.incorporation,
    address: input.address,
    ...normalized.contact,
    payments: normalized.payments,
  };
}

async function linkPeople(
  deps: ServiceDeps,
  actor: Actor,
  entityPartyId: string,
  people: NormalizedPerson[],
  role: PartyLinkRecord['role'],
  shares: ReadonlyArray<{ ownershipPercent?: number | undefined; control?: boolean | undefined }>,
): Promise<string[]> {
  const now = deps.now();
  const ids: string[] = [];
  for (const [i, person] of people.entries()) {
    const id = deps.newId();
    await deps.store.parties.insert(
      { id, tenantId: actor.tenantId, type: 'individual', currentVersion: 1, createdAt: now },
      versionOf(actor, id, 1, { ...person }, now),
    );
    await recordLedgerEntry(deps, actor.tenantId, 'party_version', `${id}@1`);
    const share = shares[i];
    await deps.store.parties.link({
      tenantId: actor.tenantId,
      entityPartyId,
      personPartyId: id,
      role,
      ownershipPercent: share?.ownershipPercent ?? null,
      control: share?.control ?? false,
    });
    ids.push(id);
  }
  return ids;
}

export interface ApplicationView {
  application: ApplicationRecord;
  account: AccountRecord;
  decisions: DecisionRecord[];
  /** A high-risk decision awaiting its second reviewer (null when none; absent right after submission). */
  pendingProposal?: DecisionProposalRecord | null;
}

export interface PartyView {
  party: PartyRecord;
  versions: PartyVersionRecord[];
  links: PartyLinkRecord[];
}

export class ApplicationReadService {
  constructor(private readonly deps: ServiceDeps) {}

  async getApplication(actor: Actor, id: string): Promise<ApplicationView> {
    requirePermission(actor, 'applications:read');
    const { accounts } = this.deps.store;
    const application = await accounts.getApplication(actor.tenantId, id);
    if (application === undefined)
      throw new AppError('APPLICATION_NOT_FOUND', 'No such application.', { field: 'path.id' });
    const account = await accounts.get(actor.tenantId, application.accountId);
    if (account === undefined)
      throw new AppError('APPLICATION_NOT_FOUND', 'The application’s account is missing.');
    return {
      application,
      account,
      decisions: await accounts.listDecisions(actor.tenantId, id),
      pendingProposal: (await accounts.openProposal(actor.tenantId, id)) ?? null,
    };
  }

  /**
   * Personal data: the read itself is audited (who read which party, when, whether it was masked for
   * them, and the purpose they stated, e.g. with `X-Gatehouse-Purpose`; null when none was stated).
   */
  async getParty(
    actor: Actor,
    id: string,
    read: { purpose?: string | null | undefined; masked?: boolean } = {},
  ): Promise<PartyView> {
    requirePermission(actor, 'applications:read');
    const { parties } = this.deps.store;
    const party = await parties.get(actor.tenantId, id);
    if (party === undefined) throw new AppError('PARTY_NOT_FOUND', 'No such party.', { field: 'path.id' });
    const view = {
      party,
      versions: await parties.listVersions(actor.tenantId, id),
      links: await parties.listLinks(actor.tenantId, id),
    };
    await recordAudit(
      this.deps,
      actor,
      'party.read',
      { type: 'party', id },
      { versions: view.versions.length, masked: read.masked ?? false, purpose: read.purpose?.trim() || null },
    );
    return view;
  }
}
