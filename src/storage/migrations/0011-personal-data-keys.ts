/**
 * Encryption of personal data (issue #5): one data key per party, stored only wrapped by a
 * key-encryption key outside the database (`party_keys`; a destroyed key keeps its row with no key in
 * it, the evidence of the shredding), and the blind indexes that let exact identifiers and name words
 * be found without decrypting (`party_search_terms`: HMACs, never values). Party versions keep their
 * jsonb column; from now on it holds `{ "$sealed": … }` (src/storage/party-cipher.ts).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE party_keys (
      party_id uuid PRIMARY KEY REFERENCES parties (id),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      kek_id text NOT NULL,
      wrapped_key bytea,
      created_at timestamptz NOT NULL,
      rewrapped_at timestamptz,
      destroyed_at timestamptz,
      destroyed_by text,
      CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX party_keys_kek_idx ON party_keys (kek_id, party_id) WHERE wrapped_key IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE party_search_terms (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      term bytea NOT NULL,
      party_id uuid NOT NULL REFERENCES parties (id),
      PRIMARY KEY (tenant_id, term, party_id)
    )`.execute(db);
  await sql`CREATE INDEX party_search_terms_party_idx ON party_search_terms (party_id)`.execute(db);

  await sql`
    CREATE TABLE deletion_certificates (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      party_id uuid NOT NULL REFERENCES parties (id),
      retention_end timestamptz NOT NULL,
      removed jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX deletion_certificates_tenant_idx ON deletion_certificates (tenant_id, created_at, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['deletion_certificates', 'party_search_terms', 'party_keys']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
