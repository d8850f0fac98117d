import { sql, type Kysely } from 'kysely';

/** Verification checks as records: method, result, evidence, time and who (or what) checked. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE verification_checks (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      application_id uuid NOT NULL REFERENCES applications (id),
      method text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'passed', 'failed')),
      destination_masked text,
      -- One-time codes are stored only as a salted hash; never the code itself.
      code_hash text,
      attempts integer NOT NULL DEFAULT 0,
      expires_at timestamptz,
      evidence jsonb NOT NULL,
      actor text NOT NULL,
      created_at timestamptz NOT NULL,
      completed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX verification_checks_application_idx ON verification_checks (tenant_id, application_id, created_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE verification_checks`.execute(db);
}
