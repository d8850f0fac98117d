import { sql, type Kysely } from 'kysely';

/**
 * The account lifecycle around a decision: events (an outbox written in the change's transaction) and
 * their signed webhook deliveries, identity-vendor checks, redress requests, periodic re-verification,
 * and a record of each special-measure sweep (so the sweep at a measure's effective date runs once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE events (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      type text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      -- Ids, statuses and reasons only: a webhook payload never carries personal data.
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX events_tenant_idx ON events (tenant_id, created_at, id)`.execute(db);

  await sql`
    CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      url text NOT NULL,
      event_types jsonb NOT NULL,
      -- The signing secret must be readable to sign; it is shown to the client once, at creation.
      secret text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'disabled')),
      created_at timestamptz NOT NULL,
      created_by text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX webhook_endpoints_tenant_idx ON webhook_endpoints (tenant_id, created_at, id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id),
      event_id uuid NOT NULL REFERENCES events (id),
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      last_attempt_at timestamptz,
      last_status integer,
      last_error text,
      created_at timestamptz NOT NULL,
      UNIQUE (endpoint_id, event_id)
    )`.execute(db);
  await sql`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`.execute(
    db,
  );
  await sql`CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id, created_at, id)`.execute(
    db,
  );

  await sql`ALTER TABLE verification_checks ADD COLUMN vendor text`.execute(db);
  await sql`ALTER TABLE verification_checks ADD COLUMN vendor_reference text`.execute(db);
  await sql`CREATE UNIQUE INDEX verification_checks_vendor_idx ON verification_checks (vendor, vendor_reference) WHERE vendor IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE redress_requests (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      application_id uuid NOT NULL REFERENCES applications (id),
      account_id uuid NOT NULL REFERENCES accounts (id),
      status text NOT NULL CHECK (status IN ('open', 'resolved')),
      statement text NOT NULL,
      evidence jsonb NOT NULL,
      party_version integer,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      resolved_at timestamptz,
      resolution_decision_id uuid REFERENCES decisions (id)
    )`.execute(db);
  await sql`CREATE INDEX redress_requests_tenant_idx ON redress_requests (tenant_id, status, created_at, id)`.execute(
    db,
  );

  await sql`ALTER TABLE accounts ADD COLUMN reverify_due_at timestamptz`.execute(db);
  await sql`CREATE INDEX accounts_reverify_idx ON accounts (reverify_due_at) WHERE reverify_due_at IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE reverifications (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      account_id uuid NOT NULL REFERENCES accounts (id),
      due_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('due', 'done')),
      created_at timestamptz NOT NULL,
      completed_at timestamptz,
      UNIQUE (account_id, due_at)
    )`.execute(db);
  await sql`CREATE INDEX reverifications_tenant_idx ON reverifications (tenant_id, status, due_at, id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE measure_sweeps (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      measure_id uuid NOT NULL REFERENCES special_measures (id),
      trigger text NOT NULL CHECK (trigger IN ('created', 'effective', 'manual')),
      found integer NOT NULL,
      ran_at timestamptz NOT NULL
    )`.execute(db);
  // The sweep at the effective date runs once per measure, however many schedulers race for it.
  await sql`CREATE UNIQUE INDEX measure_sweeps_effective_idx ON measure_sweeps (measure_id) WHERE trigger = 'effective'`.execute(
    db,
  );
  await sql`CREATE INDEX measure_sweeps_measure_idx ON measure_sweeps (tenant_id, measure_id, ran_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['measure_sweeps', 'reverifications', 'redress_requests', 'webhook_deliveries']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
  await sql`DROP TABLE webhook_endpoints`.execute(db);
  await sql`DROP TABLE events`.execute(db);
  await sql`ALTER TABLE accounts DROP COLUMN reverify_due_at`.execute(db);
  await sql`DROP INDEX verification_checks_vendor_idx`.execute(db);
  await sql`ALTER TABLE verification_checks DROP COLUMN vendor_reference`.execute(db);
  await sql`ALTER TABLE verification_checks DROP COLUMN vendor`.execute(db);
}
