/**
 * The records of an application: party (a new version, never an overwrite), account, application,
 * decision, and their audit entries, written in one transaction. Also the reads of those records.
 */
import type { ApplicationInput } from '../domain/applications/input.ts';
import type { NormalizedApplication, NormalizedPerson } from '../domain/applications/normalized.ts';
import { canonicalJson } from '../domain/ledger/entries.ts';
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

/** A person of an entity as stored for one application: their party and its version. */
export interface PersonParty {
  partyId: string;
  version: number;
}

/** The parties an application stored: its customer (at this version), its beneficial owners and signatories, in order. */
export interface PersistedParties {
  partyId: string;
  partyVersion: number;
  owners: PersonParty[];
  signatories: PersonParty[];
}

/** A person already linked to an entity, found again when the entity applies again. */
export interface PersonOnRecord extends PersonParty {
  createdAt: Date;
  data: Record<string, unknown>;
}

/**
 * Who a listed owner or signatory is, to find them among the entity's people on record: their role,
 * their full name (case and spacing aside) and their date of birth.
 */
export function personKey(
  role: PartyLinkRecord['role'],
  person: { name?: unknown; dateOfBirth?: unknown },
): string {
  const name = (person.name as { full?: unknown } | undefined)?.full;
  const full = typeof name === 'string' ? name.toLowerCase().replace(/\s+/g, ' ').trim() : '';
  const born = typeof person.dateOfBirth === 'string' ? person.dateOfBirth : '';
  return `${role}|${full}|${born}`;
}

/**
 * The people linked to an entity, by personKey, with their current data: a re-application for the same
 * account reuses them (so a reviewer's false-positive verdict on an owner is remembered) instead of
 * creating new parties. A person whose data cannot be read (shredded, key unavailable) is not reused.
 * Where older versions left several parties for one person, the earliest is the one on record.
 */
export async function peopleOnRecord(
  deps: ServiceDeps,
  tenantId: string,
  entityPartyId: string,
): Promise<Map<string, PersonOnRecord>> {
  const { parties } = deps.store;
  const found = new Map<string, PersonOnRecord>();
  for (const link of await parties.listLinks(tenantId, entityPartyId)) {
    const party = await parties.get(tenantId, link.personPartyId);
    if (party === undefined) continue;
    let versions: PartyVersionRecord[];
    try {
      versions = await parties.listVersions(tenantId, party.id);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'PARTY_SHREDDED' || error.code === 'KEY_UNAVAILABLE'))
        continue;
      throw error;
    }
    const current = versions.find((v) => v.version === party.currentVersion);
    if (current === undefined) continue;
    const key = personKey(link.role, current.data);
    const known = found.get(key);
    if (known === undefined || party.createdAt < known.createdAt)
      found.set(key, {
        partyId: party.id,
        version: party.currentVersion,
        createdAt: party.createdAt,
        data: current.data,
      });
  }
  return found;
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
    let owners: PersonParty[] = [];
    let signatories: PersonParty[] = [];
    if (normalized.type === 'entity' && input.type === 'entity') {
      const onRecord =
        existing === undefined
          ? new Map<string, PersonOnRecord>()
          : await peopleOnRecord(deps, actor.tenantId, partyId);
      const people = { entityPartyId: partyId, onRecord };
      owners = await linkPeople(
        deps,
        actor,
        people,
        normalized.owners,
        'beneficial_owner',
        input.beneficialOwners ?? [],
      );
      signatories = await linkPeople(deps, actor, people, normalized.signatories, 'signatory', []);
      // Whoever this application no longer lists is a former owner or signatory from now on; so are
      // the duplicate parties that applications before 2026-12-02 made for the same person.
      if (existing !== undefined) {
        const listed = { beneficial_owner: owners, signatory: signatories };
        const links = await store.parties.listLinks(actor.tenantId, partyId);
        for (const role of ['beneficial_owner', 'signatory'] as const) {
          const kept = new Set(listed[role].map((p) => p.partyId));
          const former = links
            .filter((l) => l.role === role && l.endedAt === null && !kept.has(l.personPartyId))
            .map((l) => l.personPartyId);
          await store.parties.endLinks(actor.tenantId, partyId, role, former, now);
        }
      }
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
    await onPersisted({ partyId, partyVersion, owners, signatories });
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

/**
 * Links the entity's listed owners or signatories: a person on record (same role, name and date of
 * birth) keeps their party, with a new version if their data changed, and their link's share is
 * updated; anyone else becomes a new party. Returns each listed person's party and version, in order.
 */
async function linkPeople(
  deps: ServiceDeps,
  actor: Actor,
  people: { entityPartyId: string; onRecord: Map<string, PersonOnRecord> },
  listed: NormalizedPerson[],
  role: PartyLinkRecord['role'],
  shares: ReadonlyArray<{ ownershipPercent?: number | undefined; control?: boolean | undefined }>,
): Promise<PersonParty[]> {
  const { store } = deps;
  const now = deps.now();
  const stored: PersonParty[] = [];
  for (const [i, person] of listed.entries()) {
    const key = personKey(role, person);
    const known = people.onRecord.get(key);
    people.onRecord.delete(key);
    let id: string;
    let version: number;
    if (known === undefined) {
      id = deps.newId();
      version = 1;
      await store.parties.insert(
        { id, tenantId: actor.tenantId, type: 'individual', currentVersion: 1, createdAt: now },
        versionOf(actor, id, 1, { ...person }, now),
      );
      await recordLedgerEntry(deps, actor.tenantId, 'party_version', `${id}@1`);
    } else {
      id = known.partyId;
      version = known.version;
      if (canonicalJson(known.data) !== canonicalJson(person)) {
        version += 1;
        const data = { ...person };
        if (
          !(await store.parties.appendVersion(
            actor.tenantId,
            versionOf(actor, id, version, data, now),
            known.version,
          ))
        )
          throw new AppError('PARTY_VERSION_CONFLICT', 'A linked person changed concurrently; retry.');
        await recordLedgerEntry(deps, actor.tenantId, 'party_version', `${id}@${version}`);
      }
    }
    const share = shares[i];
    await store.parties.link({
      tenantId: actor.tenantId,
      entityPartyId: people.entityPartyId,
      personPartyId: id,
      role,
      ownershipPercent: share?.ownershipPercent ?? null,
      control: share?.control ?? false,
      endedAt: null,
    });
    stored.push({ partyId: id, version });
  }
  return stored;
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
