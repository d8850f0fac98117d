import { sql, type Kysely } from 'kysely';

/**
 * Console users (people who sign in to the reviewer console) and their sessions. Passwords are kept as
 * scrypt hashes with the salt and cost parameters of each hash, so the cost can be raised later without
 * invalidating old hashes. Session ids are stored only as SHA-256: a copy of the table signs no one in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE console_users (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      email text NOT NULL,
      name text NOT NULL,
      role text NOT NULL,
      password_hash text NOT NULL,
      failed_attempts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      disabled_at timestamptz
    )`.execute(db);
  // One email signs in to one tenant's console: sign-in looks the user up by email alone.
  await sql`CREATE UNIQUE INDEX console_users_email_idx ON console_users (lower(email))`.execute(db);
  await sql`CREATE INDEX console_users_tenant_idx ON console_users (tenant_id, created_at, id)`.execute(db);

  await sql`
    CREATE TABLE console_sessions (
      id_hash text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      user_id uuid NOT NULL REFERENCES console_users (id),
      csrf_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX console_sessions_user_idx ON console_sessions (tenant_id, user_id)`.execute(db);

  // "Assign to me" in the review queue: one reviewer per application at a time.
  await sql`
    CREATE TABLE review_assignments (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      application_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES console_users (id),
      assigned_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, application_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE review_assignments`.execute(db);
  await sql`DROP TABLE console_sessions`.execute(db);
  await sql`DROP TABLE console_users`.execute(db);
}
