import { sql, type Kysely } from 'kysely';

/** The sweep's findings: which existing account a special measure touches, the action due and by when. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE measure_actions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      measure_id uuid NOT NULL REFERENCES special_measures (id),
      account_id uuid NOT NULL REFERENCES accounts (id),
      action text NOT NULL CHECK (action IN ('close', 'apply_conditions')),
      due_by date NOT NULL,
      matched_on jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'done')),
      created_at timestamptz NOT NULL,
      UNIQUE (measure_id, account_id)
    )`.execute(db);
  await sql`CREATE INDEX measure_actions_tenant_idx ON measure_actions (tenant_id, measure_id, due_by)`.execute(
    db,
  );
  // The sweep reads each account's latest application.
  await sql`CREATE INDEX applications_account_idx ON applications (tenant_id, account_id, created_at DESC)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX applications_account_idx`.execute(db);
  await sql`DROP TABLE measure_actions`.execute(db);
}
