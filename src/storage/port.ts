/**
 * The storage port: what services may ask of the store. Every method that touches tenant data takes
 * the tenant first and filters by it in SQL, so a bug in a route cannot leak another tenant's rows.
 * The few unscoped methods (API key lookup before the tenant is known, bootstrap and operator
 * commands) say so in their name or comment.
 */
import type { Role } from '../domain/access/roles.ts';
import type { Page, PageRequest } from '../domain/pagination/cursor.ts';

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

export type ActorType = 'api_key' | 'cli' | 'system';

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

export interface PartyLinkRecord {
  tenantId: string;
  entityPartyId: string;
  personPartyId: string;
  role: 'beneficial_owner' | 'signatory';
  ownershipPercent: number | null;
  control: boolean;
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
  listVersions(tenantId: string, id: string): Promise<PartyVersionRecord[]>;
  link(link: PartyLinkRecord): Promise<void>;
  listLinks(tenantId: string, entityPartyId: string): Promise<PartyLinkRecord[]>;
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
}

export interface AccountStore {
  insert(account: AccountRecord): Promise<void>;
  get(tenantId: string, id: string): Promise<AccountRecord | undefined>;
  getByExternalId(tenantId: string, externalId: string): Promise<AccountRecord | undefined>;
  setStatus(tenantId: string, id: string, status: AccountStatus, at: Date): Promise<void>;
  insertApplication(application: ApplicationRecord): Promise<void>;
  getApplication(tenantId: string, id: string): Promise<ApplicationRecord | undefined>;
  insertDecision(decision: DecisionRecord): Promise<void>;
  listDecisions(tenantId: string, applicationId: string): Promise<DecisionRecord[]>;
  insertProposal(proposal: DecisionProposalRecord): Promise<void>;
  openProposal(tenantId: string, applicationId: string): Promise<DecisionProposalRecord | undefined>;
  resolveProposal(tenantId: string, id: string, at: Date): Promise<void>;
  insertCheck(check: VerificationCheckRecord): Promise<void>;
  getCheck(tenantId: string, id: string): Promise<VerificationCheckRecord | undefined>;
  /** Records an attempt's outcome: attempts, status and completion time. */
  updateCheck(
    tenantId: string,
    id: string,
    change: Pick<VerificationCheckRecord, 'attempts' | 'status' | 'completedAt'>,
  ): Promise<void>;
  listChecks(tenantId: string, applicationId: string): Promise<VerificationCheckRecord[]>;
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
  /** Open (not closed) accounts after `afterAccountId`, in id order, `limit` at a time. */
  sweepCandidates(
    tenantId: string,
    afterAccountId: string | undefined,
    limit: number,
  ): Promise<SweepCandidate[]>;
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
  readonly audit: AuditStore;
  readonly idempotency: IdempotencyStore;
  readonly settings: SettingsStore;
  readonly parties: PartyStore;
  readonly accounts: AccountStore;
  readonly measures: MeasureStore;
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
