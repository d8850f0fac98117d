/** Table shapes as Kysely sees them. Column names are snake_case in SQL and mapped in the repositories. */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface TenantsTable {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  lookup_id: string;
  secret_hash: string;
  role: string;
  name: string;
  created_at: CreatedAt;
  created_by: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface ConsoleUsersTable {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
  created_at: CreatedAt;
  created_by: string;
  disabled_at: Date | null;
}

export interface ConsoleSessionsTable {
  id_hash: string;
  tenant_id: string;
  user_id: string;
  csrf_hash: string;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
}

export interface ReviewAssignmentsTable {
  tenant_id: string;
  application_id: string;
  user_id: string;
  assigned_at: Date;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  actor_type: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  request_id: string | null;
  occurred_at: Date;
  details: ColumnType<Record<string, unknown>, string, never>;
}

export interface IdempotencyRecordsTable {
  tenant_id: string;
  key_hash: string;
  request_hash: string;
  status_code: number | null;
  sealed_response: string | null;
  created_at: Date;
}

type Json = ColumnType<unknown, string, string>;

export interface TenantSettingsTable {
  tenant_id: string;
  default_profile_id: string;
  card_fingerprint_key: Uint8Array;
  require_read_purpose: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Date;
}

export interface RuleProfilesTable {
  tenant_id: string;
  id: string;
  version: number;
  definition: Json;
  created_at: Date;
}

export interface PartiesTable {
  id: string;
  tenant_id: string;
  type: string;
  current_version: number;
  created_at: Date;
}

export interface PartyVersionsTable {
  party_id: string;
  version: number;
  tenant_id: string;
  data: Json;
  created_at: Date;
  created_by: string;
}

export interface PartyLinksTable {
  tenant_id: string;
  entity_party_id: string;
  person_party_id: string;
  role: string;
  ownership_percent: ColumnType<string | null, number | null, number | null>;
  control: boolean;
  ended_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AccountsTable {
  id: string;
  tenant_id: string;
  external_id: string | null;
  party_id: string;
  reseller_tenant_id: string | null;
  status: string;
  profile_id: string;
  profile_version: number;
  opened_at: Date;
  closed_at: Date | null;
  last_access_at: Date | null;
  updated_at: Date;
  reverify_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ApplicationsTable {
  id: string;
  tenant_id: string;
  account_id: string;
  party_id: string;
  party_version: number;
  profile_id: string;
  profile_version: number;
  determination: Json;
  requirements: Json;
  warnings: Json;
  measure_hits: Json;
  signup_ip: string | null;
  created_at: Date;
}

export interface DecisionsTable {
  id: string;
  tenant_id: string;
  application_id: string;
  account_id: string;
  status: string;
  rule: string;
  reasons: Json;
  limits: ColumnType<unknown, string | null, string | null>;
  profile_id: string;
  profile_version: number;
  actor_type: string;
  actor_id: string;
  created_at: Date;
}

export interface SpecialMeasuresTable {
  id: string;
  tenant_id: string;
  definition: Json;
  created_at: Date;
}

export interface MeasureActionsTable {
  id: string;
  tenant_id: string;
  measure_id: string;
  account_id: string;
  action: string;
  due_by: ColumnType<string, string, string>;
  matched_on: Json;
  status: string;
  created_at: Date;
}

export interface DecisionProposalsTable {
  id: string;
  tenant_id: string;
  application_id: string;
  status: string;
  /** Sealed under the party's key (migration 0020); a plain string in rows written before. */
  reason: ColumnType<unknown, string, string>;
  proposed_by: string;
  created_at: Date;
  resolved_at: Date | null;
  outcome: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
  resolution_reason: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface VerificationChecksTable {
  id: string;
  tenant_id: string;
  application_id: string;
  method: string;
  status: string;
  destination_masked: string | null;
  code_hash: string | null;
  attempts: number;
  expires_at: Date | null;
  evidence: Json;
  actor: string;
  created_at: Date;
  completed_at: Date | null;
  vendor: ColumnType<string | null, string | null | undefined, string | null>;
  vendor_reference: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EventsTable {
  id: string;
  tenant_id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  payload: Json;
  created_at: Date;
}

export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  event_types: Json;
  secret: string;
  status: string;
  created_at: Date;
  created_by: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  status: string;
  attempts: number;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
}

export interface RedressRequestsTable {
  id: string;
  tenant_id: string;
  application_id: string;
  account_id: string;
  status: string;
  /** Sealed with the evidence under the party's key; see ScreeningHitsTable.review_reason. */
  statement: Json;
  evidence: Json;
  party_version: number | null;
  created_at: Date;
  created_by: string;
  resolved_at: Date | null;
  resolution_decision_id: string | null;
}

export interface ReverificationsTable {
  id: string;
  tenant_id: string;
  account_id: string;
  due_at: Date;
  status: string;
  created_at: Date;
  completed_at: Date | null;
}

export interface MeasureSweepsTable {
  id: string;
  tenant_id: string;
  measure_id: string;
  trigger: string;
  found: number;
  ran_at: Date;
}

export interface ScheduledRunsTable {
  job: string;
  started_at: Date;
}

export interface ListVersionsTable {
  id: string;
  source: string;
  status: string;
  sha256: string;
  entry_count: number;
  published_at: Date | null;
  imported_at: Date;
  imported_by: string;
  files: Json;
  delta: Json;
}

export interface ListEntriesTable {
  version_id: string;
  entry_id: string;
  content_hash: string;
  data: Json;
}

export interface ScreeningHitsTable {
  id: string;
  tenant_id: string;
  party_id: string;
  party_version: number;
  party_hash: string;
  source: string;
  entry_id: string;
  entry_hash: string;
  list_version_id: string;
  matched_name: string;
  score: number;
  band: string;
  explanation: Json;
  status: string;
  created_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  /** Sealed under the party's key (`{ $sealed }`), `{ $shredded }` after retention, or a plain string written before 0016. */
  review_reason: ColumnType<unknown, string | null, string | null>;
}

export interface AccessEventsTable {
  at: Date;
  account_id: string;
  /** int8: read it as text (`event_key::text`), the driver's int8 parser would round it. */
  event_key: string;
  ip: string;
  action: number;
  principal_id: number | null;
  user_agent_id: number | null;
  region_id: number | null;
}

export interface AccessIpSightingsTable {
  /** The UTC day, as 'YYYY-MM-DD' text in and a Date out. */
  day: string;
  ip: string;
  account_id: string;
}

export interface AccessStringsTable {
  id: Generated<number>;
  kind: number;
  value: string;
}

export interface LedgerEntriesTable {
  seq: Generated<number>;
  tenant_id: string;
  entry_type: string;
  record_type: string;
  record_id: string;
  commitment: Buffer;
  recorded_at: Date;
  leaf_index: ColumnType<number | null, number | null | undefined, number>;
}

export interface LedgerNodesTable {
  level: number;
  idx: number;
  hash: Buffer;
}

export interface LedgerHeadTable {
  id: number;
  size: number;
  root: Buffer;
  updated_at: Date;
}

export interface LedgerCheckpointsTable {
  size: number;
  root: Buffer;
  note: string;
  signed_at: Date;
}

export interface LegalHoldsTable {
  id: string;
  tenant_id: string;
  subject_type: string;
  subject_id: string;
  reason: string;
  set_by: string;
  set_at: Date;
  released_by: string | null;
  released_at: Date | null;
  release_reason: string | null;
}

export interface PartyKeysTable {
  party_id: string;
  tenant_id: string;
  kek_id: string;
  wrapped_key: Buffer | null;
  created_at: Date;
  rewrapped_at: Date | null;
  destroyed_at: Date | null;
  destroyed_by: string | null;
}

export interface PartySearchTermsTable {
  tenant_id: string;
  term: Buffer;
  party_id: string;
}

export interface DeletionCertificatesTable {
  id: string;
  tenant_id: string;
  party_id: string;
  retention_end: Date;
  removed: Json;
  created_at: Date;
  created_by: string;
}

export interface Database {
  party_keys: PartyKeysTable;
  party_search_terms: PartySearchTermsTable;
  deletion_certificates: DeletionCertificatesTable;
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  console_users: ConsoleUsersTable;
  console_sessions: ConsoleSessionsTable;
  review_assignments: ReviewAssignmentsTable;
  audit_events: AuditEventsTable;
  idempotency_records: IdempotencyRecordsTable;
  tenant_settings: TenantSettingsTable;
  rule_profiles: RuleProfilesTable;
  parties: PartiesTable;
  party_versions: PartyVersionsTable;
  party_links: PartyLinksTable;
  accounts: AccountsTable;
  applications: ApplicationsTable;
  decisions: DecisionsTable;
  special_measures: SpecialMeasuresTable;
  measure_actions: MeasureActionsTable;
  decision_proposals: DecisionProposalsTable;
  verification_checks: VerificationChecksTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  redress_requests: RedressRequestsTable;
  reverifications: ReverificationsTable;
  measure_sweeps: MeasureSweepsTable;
  scheduled_runs: ScheduledRunsTable;
  list_versions: ListVersionsTable;
  list_entries: ListEntriesTable;
  screening_hits: ScreeningHitsTable;
  access_events: AccessEventsTable;
  access_strings: AccessStringsTable;
  access_ip_sightings: AccessIpSightingsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_head: LedgerHeadTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  legal_holds: LegalHoldsTable;
}
