import { sql, type Kysely } from 'kysely';

/**
 * The CIP core: tenant settings and profiles, parties (versioned, never overwritten), accounts,
 * applications, decisions and special measures. Every row carries its tenant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tenant_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      default_profile_id text NOT NULL,
      -- Per-tenant key of the keyed card fingerprint (HMAC), so fingerprints do not link across tenants.
      card_fingerprint_key bytea NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE rule_profiles (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id, version)
    )`.execute(db);

  await sql`
    CREATE TABLE parties (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      type text NOT NULL CHECK (type IN ('individual', 'entity')),
      current_version integer NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX parties_tenant_idx ON parties (tenant_id, created_at, id)`.execute(db);

  // Personal data lives in party_versions.data; issue #5 (records) encrypts it per party.
  await sql`
    CREATE TABLE party_versions (
      party_id uuid NOT NULL REFERENCES parties (id),
      version integer NOT NULL CHECK (version > 0),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      PRIMARY KEY (party_id, version)
    )`.execute(db);

  await sql`
    CREATE TABLE party_links (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      entity_party_id uuid NOT NULL REFERENCES parties (id),
      person_party_id uuid NOT NULL REFERENCES parties (id),
      role text NOT NULL CHECK (role IN ('beneficial_owner', 'signatory')),
      ownership_percent numeric(5, 2),
      control boolean NOT NULL DEFAULT false,
      PRIMARY KEY (entity_party_id, person_party_id, role)
    )`.execute(db);

  await sql`
    CREATE TABLE accounts (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      external_id text,
      party_id uuid NOT NULL REFERENCES parties (id),
      reseller_tenant_id uuid REFERENCES tenants (id),
      status text NOT NULL CHECK (status IN ('pending', 'restricted', 'approved', 'denied', 'closed')),
      profile_id text NOT NULL,
      profile_version integer NOT NULL,
      opened_at timestamptz NOT NULL,
      closed_at timestamptz,
      last_access_at timestamptz,
      updated_at timestamptz NOT NULL,
      UNIQUE (tenant_id, external_id)
    )`.execute(db);
  await sql`CREATE INDEX accounts_tenant_idx ON accounts (tenant_id, opened_at, id)`.execute(db);

  await sql`
    CREATE TABLE applications (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      account_id uuid NOT NULL REFERENCES accounts (id),
      party_id uuid NOT NULL REFERENCES parties (id),
      party_version integer NOT NULL,
      profile_id text NOT NULL,
      profile_version integer NOT NULL,
      determination jsonb NOT NULL,
      requirements jsonb NOT NULL,
      warnings jsonb NOT NULL,
      measure_hits jsonb NOT NULL,
      signup_ip inet,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX applications_tenant_idx ON applications (tenant_id, created_at, id)`.execute(db);

  await sql`
    CREATE TABLE decisions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      application_id uuid NOT NULL REFERENCES applications (id),
      account_id uuid NOT NULL REFERENCES accounts (id),
      status text NOT NULL CHECK (status IN ('pending', 'restricted', 'approved', 'denied', 'closed')),
      rule text NOT NULL,
      reasons jsonb NOT NULL,
      limits jsonb,
      profile_id text NOT NULL,
      profile_version integer NOT NULL,
      actor_type text NOT NULL,
      actor_id text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX decisions_application_idx ON decisions (tenant_id, application_id, created_at)`.execute(
    db,
  );

  await sql`
    CREATE TABLE special_measures (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX special_measures_tenant_idx ON special_measures (tenant_id, created_at, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'special_measures',
    'decisions',
    'applications',
    'accounts',
    'party_links',
    'party_versions',
    'parties',
    'rule_profiles',
    'tenant_settings',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
