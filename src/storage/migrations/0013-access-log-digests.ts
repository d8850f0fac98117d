import { sql, type Kysely } from 'kysely';

/**
 * Access-log digests (issue #5 point 4): every closed hour of the access log gets, per tenant, a count
 * and a SHA-256 over its events, and that row is committed to in the ledger.
 *
 * - `access_events.stored_at`: when the store accepted the row (the INSERT statement's start, taken
 *   after the ingest lock; see services/access-log-digests.ts). Segments are hours of this time, not of
 *   the event time `at`, because events may arrive days late; an hour of store time is closed for good
 *   once it has passed. The column is filled by its DEFAULT, so the unnest and COPY ingest paths are
 *   unchanged. Rows stored before this migration get the migration's time (PostgreSQL keeps a
 *   non-volatile default as the value of existing rows without rewriting them), so the first digest
 *   also covers the whole earlier log. Cost: 8 bytes a row.
 * - A BRIN index on `stored_at`, not a btree: rows are appended in store-time order, so a few pages of
 *   block ranges per partition find an hour's rows, for a few kilobytes per gigabyte of events. The
 *   partition key is `at`, so an hour's scan visits every partition's BRIN index.
 * - `access_log_digests`: one row per tenant and non-empty closed hour (an hour with no events of a
 *   tenant has no row; the head below says which hours are closed).
 * - `access_log_purges`: what the retention job deleted from an already digested hour, per account
 *   (count and account digest), so verification can tell a lawful purge from a deletion.
 * - `access_log_digest_head`: the end of the last digested hour (store time), moved forward only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE access_events
    ADD COLUMN stored_at timestamptz NOT NULL DEFAULT statement_timestamp()`.execute(db);
  await sql`CREATE INDEX access_events_stored_idx ON access_events USING brin (stored_at)`.execute(db);

  await sql`
    CREATE TABLE access_log_digests (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      segment_start timestamptz NOT NULL,
      segment_end timestamptz NOT NULL CHECK (segment_end > segment_start),
      event_count bigint NOT NULL CHECK (event_count > 0),
      digest bytea NOT NULL CHECK (octet_length(digest) = 32),
      created_at timestamptz NOT NULL,
      UNIQUE (tenant_id, segment_start)
    )`.execute(db);
  await sql`CREATE INDEX access_log_digests_segment_idx ON access_log_digests (segment_start)`.execute(db);

  await sql`
    CREATE TABLE access_log_purges (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      segment_start timestamptz NOT NULL,
      account_id uuid NOT NULL,
      event_count bigint NOT NULL CHECK (event_count > 0),
      digest bytea NOT NULL CHECK (octet_length(digest) = 32),
      purged_at timestamptz NOT NULL,
      UNIQUE (tenant_id, segment_start, account_id)
    )`.execute(db);

  await sql`
    CREATE TABLE access_log_digest_head (
      id smallint PRIMARY KEY CHECK (id = 1),
      digested_until timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  // The hour the migration runs in is the first open one: every older row now has this stored_at.
  await sql`
    INSERT INTO access_log_digest_head (id, digested_until, updated_at)
    VALUES (1, date_trunc('hour', transaction_timestamp(), 'UTC'), transaction_timestamp())`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE access_log_digest_head`.execute(db);
  await sql`DROP TABLE access_log_purges`.execute(db);
  await sql`DROP TABLE access_log_digests`.execute(db);
  await sql`DROP INDEX access_events_stored_idx`.execute(db);
  await sql`ALTER TABLE access_events DROP COLUMN stored_at`.execute(db);
}
