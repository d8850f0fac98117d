import { sql, type Kysely } from 'kysely';

/**
 * Screening: sanctions-list versions and their entries (public lists are operator-wide, shared by
 * every tenant), the hits of each party against them, and reviewers' verdicts remembered per party ×
 * list entry so a cleared match is not raised again unless the entry or the party changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE list_versions (
      id uuid PRIMARY KEY,
      source text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'superseded')),
      sha256 text NOT NULL,
      entry_count integer NOT NULL,
      published_at timestamptz,
      imported_at timestamptz NOT NULL,
      imported_by text NOT NULL,
      files jsonb NOT NULL,
      delta jsonb NOT NULL
    )`.execute(db);
  // One active version per list, however many importers race.
  await sql`CREATE UNIQUE INDEX list_versions_active_idx ON list_versions (source) WHERE status = 'active'`.execute(
    db,
  );
  await sql`CREATE INDEX list_versions_source_idx ON list_versions (source, imported_at)`.execute(db);

  await sql`
    CREATE TABLE list_entries (
      version_id uuid NOT NULL REFERENCES list_versions (id),
      entry_id text NOT NULL,
      content_hash text NOT NULL,
      data jsonb NOT NULL,
      PRIMARY KEY (version_id, entry_id)
    )`.execute(db);

  await sql`
    CREATE TABLE screening_hits (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      party_id uuid NOT NULL REFERENCES parties (id),
      party_version integer NOT NULL,
      party_hash text NOT NULL,
      source text NOT NULL,
      entry_id text NOT NULL,
      entry_hash text NOT NULL,
      list_version_id uuid NOT NULL REFERENCES list_versions (id),
      matched_name text NOT NULL,
      score real NOT NULL,
      band text NOT NULL CHECK (band IN ('block', 'review')),
      explanation jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'true_match', 'false_positive')),
      created_at timestamptz NOT NULL,
      reviewed_at timestamptz,
      reviewed_by text,
      review_reason text
    )`.execute(db);
  await sql`CREATE INDEX screening_hits_party_idx ON screening_hits (tenant_id, party_id, created_at)`.execute(
    db,
  );
  await sql`CREATE INDEX screening_hits_open_idx ON screening_hits (tenant_id, status, created_at, id)`.execute(
    db,
  );
  // A party is raised once per entry and version of its data and of the entry.
  await sql`CREATE UNIQUE INDEX screening_hits_once_idx ON screening_hits (party_id, source, entry_id, entry_hash, party_hash)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE screening_hits`.execute(db);
  await sql`DROP TABLE list_entries`.execute(db);
  await sql`DROP TABLE list_versions`.execute(db);
}
