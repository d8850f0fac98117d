import { sql, type Kysely } from 'kysely';

/** Tenants, API keys, the append-only audit log and idempotency records. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tenants (
      id uuid PRIMARY KEY,
      parent_id uuid REFERENCES tenants (id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('provider', 'reseller')),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'provider') = (parent_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX tenants_parent_idx ON tenants (parent_id, created_at, id)`.execute(db);

  await sql`
    CREATE TABLE api_keys (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      lookup_id text NOT NULL UNIQUE,
      secret_hash text NOT NULL,
      role text NOT NULL
        CHECK (role IN ('admin', 'analyst', 'reviewer', 'auditor', 'ingest', 'reseller')),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, created_at, id)`.execute(db);

  await sql`
    CREATE TABLE audit_events (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      actor_type text NOT NULL,
      actor_id text NOT NULL,
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text NOT NULL,
      request_id text,
      occurred_at timestamptz NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    )`.execute(db);
  await sql`CREATE INDEX audit_events_tenant_idx ON audit_events (tenant_id, seq DESC)`.execute(db);
  // The audit log is append-only even for a role that can write to the table: rows are never edited
  // or removed by the application, so the database refuses it outright.
  await sql`
    CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`.execute(db);

  await sql`
    CREATE TABLE idempotency_records (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      key_hash text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      sealed_response text,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, key_hash)
    )`.execute(db);
  await sql`CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE idempotency_records`.execute(db);
  await sql`DROP TABLE audit_events`.execute(db);
  await sql`DROP FUNCTION audit_events_refuse_change`.execute(db);
  await sql`DROP TABLE api_keys`.execute(db);
  await sql`DROP TABLE tenants`.execute(db);
}
