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

export interface Database {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  audit_events: AuditEventsTable;
  idempotency_records: IdempotencyRecordsTable;
}
