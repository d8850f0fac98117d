/**
 * The storage port: what services may ask of the store. Every method that touches tenant data takes
 * the tenant first and filters by it in SQL, so a bug in a route cannot leak another tenant's rows.
 * The few unscoped methods (API key lookup before the tenant is known, bootstrap and operator
 * commands) say so in their name or comment.
 */
import type { Role } from '../domain/access/roles.ts';
import type { Page, PageRequest } from '../domain/pagination/cursor.ts';
import type { LedgerRecordType } from '../domain/ledger/entries.ts';
import type { NodeCoord, StoredNode } from '../domain/ledger/merkle.ts';
import type { DigestEvent } from '../domain/access-log/segment-digest.ts';
import type { Keyring } from '../domain/records/keyring.ts';
import type { SearchTerm } from '../domain/records/search-terms.ts';
import type { RedressEvidence } from '../domain/redress/schema.ts';

export type TenantKind = 'provider' | 'reseller';

export interface TenantRecord {
  id: string;
  parentId: string | null;
  name: string;
  kind: TenantKind;
  createdAt: Date;
}

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  lookupId: string;
  secretHash: string;
  role: Role;
  name: string;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** `user`: a person signed in to the console (a console session). */
export type ActorType = 'api_key' | 'cli' | 'system' | 'user';

export interface AuditEventInput {
  id: string;
  tenantId: string;
  actorType: ActorType;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  requestId: string | null;
  occurredAt: Date;
  /** Never personal data: ids, roles, counts, reasons. */
  details: Record<string, unknown>;
}

export interface AuditEventRecord extends AuditEventInput {
  seq: number;
}

export interface AuditQuery {
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface IdempotencyRecord {
  tenantId: string;
  keyHash: string;
  requestHash: string;
  statusCode: number;
  /** The response body, sealed with a key only the client's idempotency key can re-derive. */
  sealedResponse: string;
  createdAt: Date;
}

export type IdempotencyReservation =
  { outcome: 'reserved' } | { outcome: 'existing'; record: IdempotencyRecord };

export interface TenantStore {
  insert(tenant: TenantRecord): Promise<void>;
  /** The tenant itself or one of its direct children; undefined otherwise. */
  getVisible(viewerTenantId: string, id: string): Promise<TenantRecord | undefined>;
  listVisible(viewerTenantId: string, page: PageRequest): Promise<Page<TenantRecord>>;
  /** Operator use (CLI, bootstrap): not tenant-scoped. */
  listRootsUnscoped(): Promise<TenantRecord[]>;
  /** Operator use (CLI): every tenant, each provider followed by its resellers. Not tenant-scoped. */
  listAllUnscoped(): Promise<TenantRecord[]>;
  /** Operator use (CLI): not tenant-scoped. */
  getUnscoped(id: string): Promise<TenantRecord | undefined>;
}

export interface ApiKeyStore {
  insert(key: ApiKeyRecord): Promise<void>;
  get(tenantId: string, id: string): Promise<ApiKeyRecord | undefined>;
  list(tenantId: string, page: PageRequest): Promise<Page<ApiKeyRecord>>;
  /** Sets revoked_at once; a second revoke keeps the first time. */
  revoke(tenantId: string, id: string, at: Date): Promise<ApiKeyRecord | undefined>;
  /** Sets last_used_at to `at` unless it is already at or after `notBefore` (one write, not one per caller). */
  touchLastUsed(tenantId: string, id: string, at: Date, notBefore: Date): Promise<void>;
  /** Authentication only: the tenant is not known until the key is found. */
  findByLookupIdUnscoped(lookupId: string): Promise<ApiKeyRecord | undefined>;
}

export interface ConsoleUserRecord {
  id: string;
  tenantId: string;
  /** Stored as given; looked up case-insensitively. */
  email: string;
  name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash` (domain/access/password.ts). */
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: Date | null;
  createdAt: Date;
  createdBy: string;
  disabledAt: Date | null;
}

export interface ConsoleSessionRecord {
  /** SHA-256 of the session id; the id itself is only in the browser's cookie. */
  idHash: string;
  tenantId: string;
  userId: string;
  /** SHA-256 of the CSRF token the console sends back in a header on unsafe requests. */
  csrfHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface ConsoleUserStore {
  insert(user: ConsoleUserRecord): Promise<void>;
  get(tenantId: string, id: string): Promise<ConsoleUserRecord | undefined>;
  list(tenantId: string): Promise<ConsoleUserRecord[]>;
  /** Sign-in only: the tenant is not known until the user is found. */
  findByEmailUnscoped(email: string): Promise<ConsoleUserRecord | undefined>;
  /** Sets the failed-attempt count and lock (a failure), or clears both (a success). */
  setAttempts(tenantId: string, id: string, failedAttempts: number, lockedUntil: Date | null): Promise<void>;
  insertSession(session: ConsoleSessionRecord): Promise<void>;
  /** Authentication only: the tenant is not known until the session is found. */
  findSessionUnscoped(idHash: string): Promise<ConsoleSessionRecord | undefined>;
  touchSession(tenantId: string, idHash: string, at: Date): Promise<void>;
  deleteSession(tenantId: string, idHash: string): Promise<void>;
}

export interface PartySearchHit {
  partyId: string;
  type: 'individual' | 'entity';
  /** The current version's data. */
  data: Record<string, unknown>;
  /** The party's newest application (as customer), for the console's case link. */
  latestApplicationId: string | null;
  createdAt: Date;
}

export interface ReviewQueueItem {
  applicationId: string;
  accountId: string;
  partyId: string;
  accountStatus: string;
  treatedAs: string | null;
  /** The rule of the latest decision. */
  rule: string | null;
  /** The party version's data (personal: the service masks it). */
  partyData: Record<string, unknown>;
  openHits: number;
  awaitingSecondApproval: boolean;
  /** The console user who took the case ("assign to me"), if any. */
  assignedTo: { userId: string; name: string } | null;
  createdAt: Date;
}

/** Figures of the console dashboard; counts only, never personal data. */
export interface ConsoleStats {
  perDay: Array<{ day: string; outcome: string; count: number }>;
  byCountry: Array<{ treatedAs: string; country: string | null; count: number }>;
  hitsByList: Array<{ source: string; status: string; count: number }>;
  pendingAccounts: number;
  restrictedAccounts: number;
  unverifiedForeignAccounts: number;
  averageHoursToReviewDecision: number | null;
}

/** The console's read models: each query is scoped to the tenant. */
export interface ConsoleQueryStore {
  /** Newest first: parties of the tenant whose id is `text` or whose current data contains it. */
  searchParties(tenantId: string, text: string, limit: number): Promise<PartySearchHit[]>;
  /** The latest application of each account needing review (pending, restricted, open hit, four eyes), oldest first. */
  listReviewQueue(tenantId: string, limit: number): Promise<ReviewQueueItem[]>;
  stats(tenantId: string, since: Date): Promise<ConsoleStats>;
  /** Gives the application to the user, replacing an earlier assignment. */
  assign(tenantId: string, applicationId: string, userId: string, at: Date): Promise<void>;
}

export interface AuditStore {
  append(event: AuditEventInput): Promise<AuditEventRecord>;
  list(tenantId: string, query: AuditQuery, page: PageRequest): Promise<Page<AuditEventRecord>>;
}

export interface IdempotencyStore {
  /** Must run inside a transaction: the reservation commits or rolls back with the change it guards. */
  reserve(tenantId: string, keyHash: string, requestHash: string, now: Date): Promise<IdempotencyReservation>;
  complete(tenantId: string, keyHash: string, statusCode: number, sealedResponse: string): Promise<void>;
  remove(tenantId: string, keyHash: string): Promise<void>;
  purgeCreatedBefore(cutoff: Date): Promise<number>;
}

export type AccountStatus = 'pending' | 'restricted' | 'approved' | 'denied' | 'closed';

export interface TenantSettingsRecord {
  tenantId: string;
  defaultProfileId: string;
  cardFingerprintKey: Buffer;
  /** Unmasked reads of personal data must state a purpose (`X-Gatehouse-Purpose`), or get 400 PURPOSE_REQUIRED. */
  requireReadPurpose: boolean;
  updatedAt: Date;
}

export interface StoredProfileRecord {
  tenantId: string;
  id: string;
  version: number;
  definition: unknown;
  createdAt: Date;
}

export interface PartyRecord {
  id: string;
  tenantId: string;
  type: 'individual' | 'entity';
  currentVersion: number;
  createdAt: Date;
}

export interface PartyVersionRecord {
  partyId: string;
  tenantId: string;
  version: number;
  /** Personal data (the normalised application part for this party). */
  data: Record<string, unknown>;
  createdAt: Date;
  createdBy: string;
}

/** The records around a shredded party whose personal content was removed, by kind. */
export interface ScrubbedRecords {
  applications: string[];
  checks: string[];
  screeningHits: string[];
  redressRequests: string[];
  /** Decisions whose reasons' messages went (their codes stay). */
  decisions: string[];
  /** Four-eyes proposals whose reasons went. */
  decisionProposals: string[];
  /** Special-measure actions on the party's accounts whose matched values went. */
  measureActions: string[];
}

export interface PartyLinkRecord {
  tenantId: string;
  entityPartyId: string;
  personPartyId: string;
  role: 'beneficial_owner' | 'signatory';
  ownershipPercent: number | null;
  control: boolean;
  /** When the entity's applications stopped listing this person; null while they are listed. */
  endedAt: Date | null;
}

export interface AccountRecord {
  id: string;
  tenantId: string;
  externalId: string | null;
  partyId: string;
  resellerTenantId: string | null;
  status: AccountStatus;
  profileId: string;
  profileVersion: number;
  openedAt: Date;
  closedAt: Date | null;
  lastAccessAt: Date | null;
  updatedAt: Date;
}

export interface ApplicationRecord {
  id: string;
  tenantId: string;
  accountId: string;
  partyId: string;
  partyVersion: number;
  profileId: string;
  profileVersion: number;
  determination: unknown;
  requirements: unknown;
  warnings: unknown;
  measureHits: unknown;
  signupIp: string | null;
  createdAt: Date;
}

export interface DecisionRecord {
  id: string;
  tenantId: string;
  applicationId: string;
  accountId: string;
  status: AccountStatus;
  rule: string;
  reasons: unknown;
  limits: unknown;
  profileId: string;
  profileVersion: number;
  actorType: ActorType;
  actorId: string;
  createdAt: Date;
}

export interface SpecialMeasureRecord {
  id: string;
  tenantId: string;
  definition: unknown;
  createdAt: Date;
}

export interface SettingsStore {
  get(tenantId: string): Promise<TenantSettingsRecord | undefined>;
  upsert(settings: TenantSettingsRecord): Promise<void>;
  insertProfile(profile: StoredProfileRecord): Promise<void>;
  /** The newest version of each of the tenant's own profiles. */
  listLatestProfiles(tenantId: string): Promise<StoredProfileRecord[]>;
  /** One version, or the newest when `version` is omitted. */
  getProfile(tenantId: string, id: string, version?: number): Promise<StoredProfileRecord | undefined>;
}

export interface PartyStore {
  insert(party: PartyRecord, first: PartyVersionRecord): Promise<void>;
  /**
   * Appends a version when the party is still at `expectedVersion` (compare-and-swap): two concurrent
   * updates cannot both win and nothing is overwritten. False when another version came first.
   */
  appendVersion(tenantId: string, version: PartyVersionRecord, expectedVersion: number): Promise<boolean>;
  get(tenantId: string, id: string): Promise<PartyRecord | undefined>;
  /** Opened (decrypted) versions, newest first; PARTY_SHREDDED once the party's data key is destroyed. */
  listVersions(tenantId: string, id: string): Promise<PartyVersionRecord[]>;
  link(link: PartyLinkRecord): Promise<void>;
  listLinks(tenantId: string, entityPartyId: string): Promise<PartyLinkRecord[]>;
  /** Marks the entity's links in this role to these people as ended (those not ended already). */
  endLinks(
    tenantId: string,
    entityPartyId: string,
    role: PartyLinkRecord['role'],
    personPartyIds: readonly string[],
    at: Date,
  ): Promise<void>;
  getKey(tenantId: string, partyId: string): Promise<PartyKeyRecord | undefined>;
  keysNotWrappedBy(
    kekId: string,
    afterPartyId: string | undefined,
    limit: number,
  ): Promise<Array<{ tenantId: string; partyId: string }>>;
  countKeysByKek(): Promise<Array<{ kekId: string; live: number; destroyed: number }>>;
  rewrapKey(tenantId: string, partyId: string, at: Date): Promise<boolean>;
  shred(tenantId: string, partyId: string, by: string, at: Date): Promise<number[]>;
  /** Blind-index search: parties having, for every group, at least one of its terms (HMACs). */
  findByTerms(tenantId: string, groups: readonly (readonly Buffer[])[], limit: number): Promise<string[]>;
  plaintextVersionsUnscoped(limit: number): Promise<PartyVersionRecord[]>;
  /** Removes what is personal around a shredded party; the ids of each kind of record changed. */
  scrubRecordsOf(tenantId: string, partyId: string, at: Date): Promise<ScrubbedRecords>;
  insertCertificate(certificate: DeletionCertificateRecord): Promise<void>;
  getCertificate(tenantId: string, id: string): Promise<DeletionCertificateRecord | undefined>;
  shreddingCandidatesUnscoped(
    closedBefore: Date,
    afterPartyId: string | undefined,
    limit: number,
  ): Promise<Array<{ tenantId: string; partyId: string }>>;
  linkedPeopleOnlyOf(tenantId: string, entityPartyId: string): Promise<string[]>;
  accountsOf(tenantId: string, partyId: string): Promise<AccountRecord[]>;
  sealPlaintextVersion(version: PartyVersionRecord, at: Date): Promise<void>;
}

export interface PartyKeyRecord {
  partyId: string;
  tenantId: string;
  kekId: string;
  destroyed: boolean;
  createdAt: Date;
  destroyedAt: Date | null;
  destroyedBy: string | null;
}

export interface DeletionCertificateRecord {
  id: string;
  tenantId: string;
  partyId: string;
  retentionEnd: Date;
  removed: Record<string, unknown>;
  createdAt: Date;
  createdBy: string;
}

export interface DecisionProposalRecord {
  id: string;
  tenantId: string;
  applicationId: string;
  status: Exclude<AccountStatus, 'pending'>;
  reason: string;
  /** `type:id` of the first reviewer. */
  proposedBy: string;
  createdAt: Date;
  resolvedAt: Date | null;
  /** Null while open. */
  outcome: ProposalOutcome | null;
  /** `type:id` of whoever confirmed, withdrew or declined it. */
  resolvedBy: string | null;
  /** Why it was withdrawn or declined (a confirmation's reason is in its decision). */
  resolutionReason: string | null;
}

/** Confirmed by a second reviewer, withdrawn by its proposer, or declined by another reviewer. */
export type ProposalOutcome = 'confirmed' | 'withdrawn' | 'declined';

export interface ProposalResolution {
  at: Date;
  outcome: ProposalOutcome;
  by: string;
  reason: string | null;
}

export interface VerificationCheckRecord {
  id: string;
  tenantId: string;
  applicationId: string;
  method: string;
  status: 'pending' | 'passed' | 'failed';
  destinationMasked: string | null;
  codeHash: string | null;
  attempts: number;
  expiresAt: Date | null;
  evidence: Record<string, unknown>;
  /** `type:id` of who checked: a key, a reviewer, `system:rules`, or a vendor. */
  actor: string;
  createdAt: Date;
  completedAt: Date | null;
  /** For a third-party vendor's check: the vendor's name and its reference for the check. */
  vendor?: string | null;
  vendorReference?: string | null;
}

export interface AccountStore {
  insert(account: AccountRecord): Promise<void>;
  get(tenantId: string, id: string): Promise<AccountRecord | undefined>;
  getByExternalId(tenantId: string, externalId: string): Promise<AccountRecord | undefined>;
  setStatus(tenantId: string, id: string, status: AccountStatus, at: Date): Promise<void>;
  insertApplication(application: ApplicationRecord): Promise<void>;
  getApplication(tenantId: string, id: string): Promise<ApplicationRecord | undefined>;
  latestApplicationOf(tenantId: string, accountId: string): Promise<ApplicationRecord | undefined>;
  /** Open accounts whose customer is the party, or whose customer (an entity) the party owns. */
  accountsOfParty(tenantId: string, partyId: string): Promise<AccountRecord[]>;
  insertDecision(decision: DecisionRecord): Promise<void>;
  listDecisions(tenantId: string, applicationId: string): Promise<DecisionRecord[]>;
  /**
   * Unscoped (`encryption seal-existing`): seals the plain reason messages of up to `limit` decisions
   * whose party has a live key (written before migration 0020); the ids of those changed, to ledger.
   */
  sealPlaintextDecisionsUnscoped(limit: number): Promise<Array<{ tenantId: string; id: string }>>;
  /** Unscoped: like sealPlaintextDecisionsUnscoped, for four-eyes proposals' reasons; how many. */
  sealPlaintextProposalsUnscoped(limit: number): Promise<number>;
  /** Unscoped: like sealPlaintextDecisionsUnscoped, for applications' special-measure matches. */
  sealPlaintextApplicationsUnscoped(limit: number): Promise<Array<{ tenantId: string; id: string }>>;
  insertProposal(proposal: DecisionProposalRecord): Promise<void>;
  openProposal(tenantId: string, applicationId: string): Promise<DecisionProposalRecord | undefined>;
  /** Closes the proposal if still open; false when another request closed it first. */
  resolveProposal(tenantId: string, id: string, resolution: ProposalResolution): Promise<boolean>;
  insertCheck(check: VerificationCheckRecord): Promise<void>;
  getCheck(tenantId: string, id: string): Promise<VerificationCheckRecord | undefined>;
  /** Records an attempt's outcome: attempts, status and completion time. */
  updateCheck(
    tenantId: string,
    id: string,
    change: Pick<VerificationCheckRecord, 'attempts' | 'status' | 'completedAt'> & {
      evidence?: Record<string, unknown>;
    },
  ): Promise<void>;
  listChecks(tenantId: string, applicationId: string): Promise<VerificationCheckRecord[]>;
  /** Unscoped: a vendor's webhook names its own reference, and the check tells the tenant. */
  getCheckByVendorReferenceUnscoped(
    vendor: string,
    reference: string,
  ): Promise<VerificationCheckRecord | undefined>;
}

export interface MeasureActionRecord {
  id: string;
  tenantId: string;
  measureId: string;
  accountId: string;
  action: 'close' | 'apply_conditions';
  /** YYYY-MM-DD: the account must comply by the start of this day. */
  dueBy: string;
  matchedOn: unknown;
  status: 'open' | 'done';
  createdAt: Date;
}

/** An open account with the data a sweep needs: its party's current version and its latest application. */
export interface SweepCandidate {
  account: AccountRecord;
  partyData: Record<string, unknown>;
  partyType: 'individual' | 'entity';
  latestDetermination: unknown;
  /**
   * For an entity: the current data of each person linked to it now (beneficial owners, control
   * persons and signatories; not former ones), owners first.
   */
  people: Array<{ partyId: string; role: 'beneficial_owner' | 'signatory'; data: Record<string, unknown> }>;
}

export interface MeasureStore {
  insert(measure: SpecialMeasureRecord): Promise<void>;
  list(tenantId: string): Promise<SpecialMeasureRecord[]>;
  get(tenantId: string, id: string): Promise<SpecialMeasureRecord | undefined>;
  /** Records an action once per (measure, account); a repeated sweep adds nothing. True when new. */
  insertAction(action: MeasureActionRecord): Promise<boolean>;
  /** Replaces the stored definition (extensions are added this way; nothing else changes a measure). */
  updateDefinition(tenantId: string, id: string, definition: unknown): Promise<void>;
  listActions(tenantId: string, measureId: string): Promise<MeasureActionRecord[]>;
  /** Unscoped (`encryption seal-existing`): seals actions' plain matched values; the ids changed. */
  sealPlaintextActionsUnscoped(limit: number): Promise<Array<{ tenantId: string; id: string }>>;
  /**
   * Open (not closed) accounts of the tenant and of its resellers, after `afterAccountId`, in id order,
   * `limit` at a time.
   */
  sweepCandidates(
    tenantId: string,
    afterAccountId: string | undefined,
    limit: number,
  ): Promise<SweepCandidate[]>;
}

/** An event of the outbox: written in the transaction of the change it reports. Never personal data. */
export interface EventRecord {
  id: string;
  tenantId: string;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface WebhookEndpointRecord {
  id: string;
  tenantId: string;
  url: string;
  /** Event types delivered to this endpoint; empty means every type. */
  eventTypes: string[];
  secret: string;
  status: 'active' | 'disabled';
  createdAt: Date;
  createdBy: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRecord {
  id: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
}

export interface ClaimedDelivery {
  delivery: WebhookDeliveryRecord;
  endpoint: WebhookEndpointRecord;
  event: EventRecord;
}

export interface DeliveryOutcome {
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
}

export interface EventStore {
  insert(event: EventRecord): Promise<void>;
  list(tenantId: string, page: PageRequest): Promise<Page<EventRecord>>;
  insertEndpoint(endpoint: WebhookEndpointRecord): Promise<void>;
  listEndpoints(tenantId: string): Promise<WebhookEndpointRecord[]>;
  getEndpoint(tenantId: string, id: string): Promise<WebhookEndpointRecord | undefined>;
  setEndpointStatus(tenantId: string, id: string, status: WebhookEndpointRecord['status']): Promise<boolean>;
  insertDelivery(delivery: WebhookDeliveryRecord): Promise<void>;
  listDeliveries(tenantId: string, endpointId: string, limit: number): Promise<WebhookDeliveryRecord[]>;
  /**
   * Unscoped (the delivery worker serves every tenant): takes up to `limit` pending deliveries due at
   * `now` and leases them until `leaseUntil`, counting the attempt, so a second worker skips them and
   * a crashed worker's lease simply runs out.
   */
  claimDueDeliveriesUnscoped(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]>;
  recordDeliveryOutcome(id: string, outcome: DeliveryOutcome): Promise<void>;
}

export interface RedressRecord {
  id: string;
  tenantId: string;
  applicationId: string;
  accountId: string;
  status: 'open' | 'resolved';
  statement: string;
  evidence: RedressEvidence[];
  partyVersion: number | null;
  createdAt: Date;
  createdBy: string;
  resolvedAt: Date | null;
  resolutionDecisionId: string | null;
}

export interface ReverificationRecord {
  id: string;
  tenantId: string;
  accountId: string;
  dueAt: Date;
  status: 'due' | 'done';
  createdAt: Date;
  completedAt: Date | null;
}

export type SweepTrigger = 'created' | 'effective' | 'manual';

export interface LifecycleStore {
  insertRedress(redress: RedressRecord): Promise<void>;
  getRedress(tenantId: string, id: string): Promise<RedressRecord | undefined>;
  listRedress(tenantId: string, status: RedressRecord['status'] | undefined): Promise<RedressRecord[]>;
  /** Unscoped (`encryption seal-existing`): like ScreeningHitStore.sealPlaintextUnscoped, for redress requests. */
  sealPlaintextRedressUnscoped(limit: number): Promise<number>;
  /** Resolves the account's open redress requests with the reviewer's decision; returns how many. */
  resolveRedressOfAccount(tenantId: string, accountId: string, decisionId: string, at: Date): Promise<number>;
  setReverifyDue(tenantId: string, accountId: string, dueAt: Date | null): Promise<void>;
  /** Unscoped (the scheduler serves every tenant): approved accounts whose re-verification is due. */
  accountsDueForReverificationUnscoped(now: Date, limit: number): Promise<AccountRecord[]>;
  /** Records a due re-verification and clears the account's due date; false if already recorded. */
  raiseReverification(record: ReverificationRecord): Promise<boolean>;
  listReverifications(
    tenantId: string,
    status: ReverificationRecord['status'] | undefined,
  ): Promise<ReverificationRecord[]>;
  completeReverifications(tenantId: string, accountId: string, at: Date): Promise<number>;
  /**
   * Unscoped: claims the cluster-wide periodic `job` for a run starting `now`, unless a run was claimed
   * less than `everyMs` before. Of any number of nodes asking at once, exactly one gets true.
   */
  claimScheduledRun(job: string, now: Date, everyMs: number): Promise<boolean>;
  /** false when the measure already has a sweep with this trigger and the trigger runs once ('effective'). */
  recordSweep(sweep: {
    id: string;
    tenantId: string;
    measureId: string;
    trigger: SweepTrigger;
    found: number;
    ranAt: Date;
  }): Promise<boolean>;
  listSweeps(
    tenantId: string,
    measureId: string,
  ): Promise<Array<{ id: string; trigger: SweepTrigger; found: number; ranAt: Date }>>;
  /** Unscoped: measures whose effective date has come (as of `today`, YYYY-MM-DD) and have no effective-date sweep. */
  measuresDueForEffectiveSweepUnscoped(
    today: string,
    limit: number,
  ): Promise<Array<{ tenantId: string; id: string }>>;
}

export interface ListVersionRecord {
  id: string;
  source: string;
  status: 'active' | 'superseded';
  sha256: string;
  entryCount: number;
  publishedAt: Date | null;
  importedAt: Date;
  importedBy: string;
  files: Array<{ name: string; sha256: string; bytes: number }>;
  /** Entry ids added, changed and removed against the version it replaced. */
  delta: { previousVersionId: string | null; added: string[]; changed: string[]; removed: string[] };
}

export interface StoredListEntry {
  entryId: string;
  contentHash: string;
  data: unknown;
}

/** Operator-wide: public lists are shared by every tenant (the unscoped reads are named so). */
export interface ListStore {
  /** Inserts the version with its entries and makes it the active one of its list, atomically. */
  activateVersion(version: ListVersionRecord, entries: readonly StoredListEntry[]): Promise<void>;
  activeVersionsUnscoped(): Promise<ListVersionRecord[]>;
  versionsUnscoped(source: string, limit: number): Promise<ListVersionRecord[]>;
  getVersionUnscoped(id: string): Promise<ListVersionRecord | undefined>;
  entriesUnscoped(versionId: string): Promise<StoredListEntry[]>;
}

export interface ScreeningHitRecord {
  id: string;
  tenantId: string;
  partyId: string;
  partyVersion: number;
  /**
   * Digest of the party's screened data (names, dates, countries, identifiers). Given to insertHit
   * plain (domain/screening/party-subject.ts); stored, and read back, keyed with the party's data key
   * (ScreeningHitStore.subjectHashOf), so the table cannot confirm a guessed identity.
   */
  partyHash: string;
  source: string;
  entryId: string;
  entryHash: string;
  listVersionId: string;
  matchedName: string;
  score: number;
  band: 'block' | 'review';
  explanation: unknown;
  status: 'open' | 'true_match' | 'false_positive';
  createdAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  reviewReason: string | null;
}

/** A party as the re-screening job reads it: its current version, opened (undefined if it does not open). */
export interface ScreenableParty {
  tenantId: string;
  partyId: string;
  version: number;
  type: string;
  data: Record<string, unknown> | undefined;
}

export interface ScreeningHitStore {
  /**
   * False when this party × entry (at these data versions) was raised before: reviews are remembered.
   * `formerDigests`: the same data's digest as an older version wrote it (plain or keyed); the party's
   * rows carrying it are moved to this digest first, so a hit raised before meets its row and review.
   */
  insertHit(hit: ScreeningHitRecord, formerDigests?: readonly string[]): Promise<boolean>;
  /** The plain subject digest as the party's hits store it: keyed with its data key (plain if it has none). */
  subjectHashOf(tenantId: string, partyId: string, digest: string): Promise<string>;
  listHitsOfParty(tenantId: string, partyId: string): Promise<ScreeningHitRecord[]>;
  listHits(
    tenantId: string,
    status: ScreeningHitRecord['status'] | undefined,
    page: PageRequest,
  ): Promise<Page<ScreeningHitRecord>>;
  getHit(tenantId: string, id: string): Promise<ScreeningHitRecord | undefined>;
  reviewHit(
    tenantId: string,
    id: string,
    review: { status: 'true_match' | 'false_positive'; reviewedBy: string; reason: string; at: Date },
  ): Promise<boolean>;
  /** Unscoped (re-screening plans its ranges over every tenant): party ids in order after `after`. */
  partyIdsUnscoped(after: string | undefined, limit: number): Promise<string[]>;
  /**
   * Unscoped (the re-screening job walks every tenant): parties in (id) order after `after`, shredded
   * ones left out. `data` is undefined for a party whose data does not open (KEY_UNAVAILABLE: its KEK is
   * not in the keyring, or the ciphertext was altered or moved), so one such party does not stop the walk.
   */
  partiesForScreeningUnscoped(after: string | undefined, limit: number): Promise<ScreenableParty[]>;
  /**
   * Unscoped (`encryption seal-existing`): seals up to `limit` hits whose explanation or review reason an
   * older version stored in the clear, of parties with a live key; returns how many it sealed.
   */
  sealPlaintextUnscoped(limit: number): Promise<number>;
}

/** One access event as stored: strings are resolved to dictionary ids by the repository. */
export interface AccessEventRow {
  accountId: string;
  /** Signed 64-bit idempotency key as decimal text (domain/access-log/event-key.ts). */
  eventKey: string;
  at: Date;
  ip: string;
  /** Code from domain/access-log/actions.ts. */
  action: number;
  principal: string | null;
  userAgent: string | null;
  region: string | null;
}

export interface StoredAccessEvent extends AccessEventRow {
  externalId: string | null;
}

/** An account a batch named, resolved within what the ingesting tenant may write for. */
export interface AccessAccountRef {
  ref: string;
  accountId: string;
  tenantId: string;
}

export interface AccessEventSearch {
  from: Date;
  to: Date;
  /** Keyset position in (at, eventKey) order: the events after it are returned. */
  after: { at: Date; key: string } | undefined;
  limit: number;
}

export interface AccessIpSummaryRow {
  ip: string;
  firstSeen: Date;
  lastSeen: Date;
  count: number;
}

export interface AccessLogSize {
  partitions: number;
  /** The planner's estimate (pg_class.reltuples): counting billions of rows exactly is a scan. */
  estimatedRows: number;
  tableBytes: number;
  indexBytes: number;
  /** The address sightings (migration 0014): their table and its indexes. */
  sightingRows: number;
  sightingBytes: number;
}

/**
 * The access log. Events carry no tenant column: every read joins the account and keeps only those the
 * tenant sees (its own, its resellers', and for a reseller the accounts it resells).
 */
export interface AccessEventStore {
  /** Matches each ref against account ids and external ids of the accounts the tenant may log for. */
  resolveAccounts(tenantId: string, refs: readonly string[]): Promise<AccessAccountRef[]>;
  /**
   * Stores a batch in one transaction (its own; it does not join an ambient one): creates the day
   * partitions it needs, skips events already stored (same time and key), and moves each account's
   * last_access_at forward once, to the minute of its newest event (domain/access-log/retention.ts).
   * Returns how many rows were new.
   */
  insertBatch(rows: readonly AccessEventRow[]): Promise<{ inserted: number }>;
  /** Creates the day partitions covering [from, to) that do not exist yet; returns how many it created. */
  ensurePartitions(from: Date, to: Date): Promise<number>;
  searchByNetwork(
    tenantId: string,
    network: { cidr: string; first: string; last: string },
    search: AccessEventSearch,
  ): Promise<StoredAccessEvent[]>;
  searchByAccount(
    tenantId: string,
    accountId: string,
    search: AccessEventSearch,
  ): Promise<StoredAccessEvent[]>;
  summariseIps(
    tenantId: string,
    accountId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<AccessIpSummaryRow[]>;
  /** Operator use (bench, ops): the size of the whole log; not tenant-scoped. */
  sizeUnscoped(): Promise<AccessLogSize>;
  /** Unscoped (the retention job serves every tenant): closed accounts, closed before `closedBefore`, that still have events. */
  closedAccountsWithEventsUnscoped(
    closedBefore: Date,
    afterId: string | undefined,
    limit: number,
  ): Promise<AccountRecord[]>;
  /** Deletes every event of the account; returns how many. */
  deleteOfAccount(tenantId: string, accountId: string): Promise<number>;
  /**
   * After deleteOfAccount has committed for these accounts: tells every ingest process to forget the
   * address sightings it remembers, and gives sightings back to any of their events stored meanwhile.
   * Returns how many sightings it restored.
   */
  settlePurgedSightings(accountIds: readonly string[]): Promise<number>;
  /** How many events the account has (what deleteOfAccount would delete): the retention dry run. */
  countOfAccount(tenantId: string, accountId: string): Promise<number>;
  /**
   * The retention dry run: the day partitions that dropEmptyPartitionsBefore would drop once the events
   * of `deletedAccountIds` were deleted (those ending at or before `before` holding no other rows).
   */
  partitionsEmptiedBefore(before: Date, deletedAccountIds: readonly string[]): Promise<string[]>;
  /** Drops the day partitions that end at or before `before` and hold no rows; returns their names. */
  dropEmptyPartitionsBefore(before: Date): Promise<string[]>;
}

/** A ledger entry as recorded in the transaction of its record event (see domain/ledger/entries.ts). */
export interface LedgerEntryInput {
  tenantId: string;
  entryType: string;
  recordType: LedgerRecordType;
  recordId: string;
  /** HMAC-SHA256 of the record row under the ledger commitment key: never the data itself. */
  commitment: Buffer;
  recordedAt: Date;
}

export interface LedgerEntryRecord extends LedgerEntryInput {
  seq: number;
  /** Null until the sequencer has integrated the entry into the tree. */
  leafIndex: number | null;
}

export interface LedgerHeadRecord {
  size: number;
  root: Buffer;
}

export interface LedgerCheckpointRecord {
  size: number;
  root: Buffer;
  /** The C2SP signed note. */
  note: string;
  signedAt: Date;
}

export interface LedgerIntegration {
  from: LedgerHeadRecord;
  to: LedgerHeadRecord;
  /** Every complete subtree the batch created (domain/ledger/append.ts). */
  nodes: StoredNode[];
  leaves: Array<{ seq: number; leafIndex: number }>;
  at: Date;
}

/**
 * The ledger. The tree, head and checkpoints belong to the whole store (one log for every tenant);
 * only the lookups by record are tenant-scoped. Methods named …Unscoped serve the sequencer and
 * `gatehouse ledger verify`.
 */
export interface LedgerStore {
  /** The row of a ledgered record exactly as stored (every column), or undefined. */
  loadRecord(
    tenantId: string,
    recordType: LedgerRecordType,
    recordId: string,
  ): Promise<Record<string, unknown> | undefined>;
  insertEntry(entry: LedgerEntryInput): Promise<void>;
  pendingEntriesUnscoped(limit: number): Promise<LedgerEntryRecord[]>;
  head(): Promise<LedgerHeadRecord>;
  /** The hashes of complete subtrees, in the order asked; throws when one is missing (a corrupt store). */
  nodeHashes(nodes: readonly NodeCoord[]): Promise<Buffer[]>;
  /**
   * Inside a transaction: advances the head from `from` to `to` by compare-and-swap on its size, then
   * writes the nodes and the leaf indexes. False (nothing written) when another writer moved it first.
   */
  integrate(batch: LedgerIntegration): Promise<boolean>;
  latestCheckpoint(): Promise<LedgerCheckpointRecord | undefined>;
  /** False when a checkpoint of that size exists already (another node signed it). */
  insertCheckpoint(checkpoint: LedgerCheckpointRecord): Promise<boolean>;
  checkpointsUnscoped(): Promise<LedgerCheckpointRecord[]>;
  /** The newest integrated entry of a record of the tenant. */
  findRecordEntry(
    tenantId: string,
    recordType: LedgerRecordType,
    recordId: string,
  ): Promise<LedgerEntryRecord | undefined>;
  /** Integrated entries with leaf index ≥ `fromLeaf`, in leaf order. */
  entriesFromUnscoped(fromLeaf: number, limit: number): Promise<LedgerEntryRecord[]>;
  /** Stored nodes of one level with index ≥ `fromIndex`, in index order. */
  nodesOfLevelUnscoped(level: number, fromIndex: number, limit: number): Promise<StoredNode[]>;
  /** Rows of ledgered record types that no entry names (inserted behind the services' back). */
  unledgeredRecordsUnscoped(
    limit: number,
  ): Promise<Array<{ tenantId: string; recordType: LedgerRecordType; recordId: string }>>;
}

export type LegalHoldSubjectType = 'party' | 'account';

export interface LegalHoldSubject {
  type: LegalHoldSubjectType;
  id: string;
}

/** A legal hold: never deleted; released once, with who, when and why. */
export interface LegalHoldRecord {
  id: string;
  tenantId: string;
  subject: LegalHoldSubject;
  reason: string;
  /** `type:id` of who set it. */
  setBy: string;
  setAt: Date;
  releasedBy: string | null;
  releasedAt: Date | null;
  releaseReason: string | null;
}

export interface LegalHoldQuery {
  /** Holds that cover this subject: on it, on an account's party, or on any account of a party. */
  covering?: LegalHoldSubject | undefined;
  /** true: only holds not released; false: only released ones. */
  active?: boolean | undefined;
}

export interface LegalHoldStore {
  insert(hold: LegalHoldRecord): Promise<void>;
  get(tenantId: string, id: string): Promise<LegalHoldRecord | undefined>;
  /** Releases a hold still active; false (nothing written) when it was released already. */
  release(tenantId: string, id: string, release: { by: string; at: Date; reason: string }): Promise<boolean>;
  /** Newest first. */
  list(tenantId: string, query: LegalHoldQuery, page: PageRequest): Promise<Page<LegalHoldRecord>>;
  /** Whether any active hold covers the subject (see LegalHoldQuery.covering). */
  isCovered(tenantId: string, subject: LegalHoldSubject): Promise<boolean>;
}

/** A digest of one tenant's events in one closed hour of store time (migration 0013). */
export interface AccessLogDigestRecord {
  id: string;
  tenantId: string;
  segmentStart: Date;
  segmentEnd: Date;
  eventCount: number;
  /** SHA-256 (domain/access-log/segment-digest.ts). */
  digest: Buffer;
  createdAt: Date;
}

/** What the retention job deleted of one account from one digested hour: its count and account digest. */
export interface AccessLogPurgeRecord {
  id: string;
  tenantId: string;
  segmentStart: Date;
  accountId: string;
  eventCount: number;
  digest: Buffer;
  purgedAt: Date;
}

/** Events stored in [storedFrom, storedTo) of every tenant, or one account's events stored before a time. */
export type AccessDigestEventFilter =
  { storedFrom: Date; storedTo: Date } | { tenantId: string; accountId: string; storedBefore: Date };

export interface AccessDigestEventRow {
  tenantId: string;
  /** The UTC hour of the event's `stored_at`. */
  segmentStart: Date;
  event: DigestEvent;
}

export interface UndigestedSegment {
  tenantId: string;
  segmentStart: Date;
  eventCount: number;
}

/**
 * Access-log digests. Unscoped throughout: the digest job, the retention job and `ledger verify` serve
 * every tenant; nothing here is reachable from a tenant's request.
 */
export interface AccessLogDigestStore {
  /** The end of the last digested hour of store time. */
  head(): Promise<Date>;
  /** Compare-and-swap: false (nothing written) when another node moved the head first. */
  advanceHead(from: Date, to: Date, at: Date): Promise<boolean>;
  /** In a transaction of its own: waits for the ingest transactions in flight; returns the database time. */
  ingestBarrier(): Promise<Date>;
  /** Inside a transaction: pages of events in (tenant, hour, account, at, event key) order. */
  events(filter: AccessDigestEventFilter, pageSize: number): AsyncGenerator<AccessDigestEventRow[]>;
  /** False when that tenant's hour has a digest already. */
  insertDigest(digest: AccessLogDigestRecord): Promise<boolean>;
  insertPurge(purge: AccessLogPurgeRecord): Promise<void>;
  /** Digests in (segment start, tenant) order, after the given position. */
  digestsUnscoped(
    after: { segmentStart: Date; tenantId: string } | undefined,
    limit: number,
  ): Promise<AccessLogDigestRecord[]>;
  purgesOfSegmentUnscoped(segmentStart: Date): Promise<AccessLogPurgeRecord[]>;
  /** (tenant, hour) pairs with events stored before `before` and no digest. */
  undigestedSegmentsUnscoped(before: Date, limit: number): Promise<UndigestedSegment[]>;
}

export type StoreEngine = 'pglite' | 'postgres';

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export interface MigrationRun extends MigrationStatus {
  /** The migrations this call applied (none when another process got there first). */
  ran: string[];
}

export interface Store {
  readonly engine: StoreEngine;
  readonly tenants: TenantStore;
  readonly apiKeys: ApiKeyStore;
  readonly consoleUsers: ConsoleUserStore;
  readonly consoleQueries: ConsoleQueryStore;
  readonly audit: AuditStore;
  readonly idempotency: IdempotencyStore;
  readonly settings: SettingsStore;
  readonly parties: PartyStore;
  readonly accounts: AccountStore;
  readonly measures: MeasureStore;
  readonly events: EventStore;
  readonly lifecycle: LifecycleStore;
  readonly lists: ListStore;
  readonly screening: ScreeningHitStore;
  readonly accessEvents: AccessEventStore;
  readonly ledger: LedgerStore;
  readonly accessDigests: AccessLogDigestStore;
  readonly legalHolds: LegalHoldStore;
  /** Installs the keyring party data is sealed and opened with (an ephemeral one until then). */
  usePersonalDataKeys(keyring: Keyring): void;
  /** The blind-index term of a search value (an HMAC under the keyring's blind-index key). */
  searchTerm(tenantId: string, term: SearchTerm): Buffer;
  /**
   * Runs `work` in one transaction. Store calls made inside it (at any depth of the call stack) join
   * that transaction; a nested call does not open another one.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Inside a transaction: waits for, then holds until commit, a lock named by `name` across processes. */
  lockForTransaction(name: string): Promise<void>;
  ping(): Promise<void>;
  migrate(): Promise<MigrationRun>;
  migrationStatus(): Promise<MigrationStatus>;
  close(): Promise<void>;
}
