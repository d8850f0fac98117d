import { sql, type Kysely } from 'kysely';

/** Four eyes: a reviewer's decision on a high-risk case waits here for a second, different reviewer. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE decision_proposals (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      application_id uuid NOT NULL REFERENCES applications (id),
      status text NOT NULL CHECK (status IN ('approved', 'denied', 'restricted', 'closed')),
      reason text NOT NULL,
      proposed_by text NOT NULL,
      created_at timestamptz NOT NULL,
      resolved_at timestamptz
    )`.execute(db);
  // At most one open proposal per application.
  await sql`CREATE UNIQUE INDEX decision_proposals_open_idx ON decision_proposals (application_id) WHERE resolved_at IS NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE decision_proposals`.execute(db);
}
