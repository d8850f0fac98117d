import { sql, type Kysely } from 'kysely';

/**
 * The access log with one btree entry per event instead of three (issue #7; docs/access-log.md, "Storage").
 *
 * Each randomly placed btree entry costs PostgreSQL about 3 µs of CPU and a WAL record per event, more
 * than the heap row itself (bench/access-log-index-costs.sh). Migration 0009 kept three per event:
 * unique (at, event_key), (ip, at) and (account_id, at). Now:
 *
 * - `access_events` carries one unique btree, (account_id, ip, at, event_key), and the BRIN on
 *   stored_at (0013). It answers "this account's events at this address in this window" exactly and
 *   in time order, keeps a retried or redelivered event out (the event key is a digest of the account
 *   and the client's id, or of the whole event, and a retry carries the same address and time), and
 *   serves the retention job's per-account delete and count.
 * - `access_ip_sightings`: one row per (UTC day, address, account) that has events. Both questions
 *   start here: an address or a block over a window finds its (account, address) pairs by
 *   (ip, day, account_id); an account over a window finds its addresses by (account_id, day, ip). Each
 *   pair is then one exact range of the events index, merged in (at, event_key) order. A live stream
 *   repeats the same pairs all day, so a process inserts each pair once a day (it remembers the pairs it
 *   has committed), not once per event: the cost of a second per-event index leaves the write path.
 * - `access_ip_sightings_epoch`: moved forward by the retention job after it deletes an account's
 *   sightings; an ingest transaction reads it under the ingest lock, and a process whose remembered pairs
 *   are older forgets them, so a purged pair is inserted again with the next event that has it.
 *
 * Existing rows get their sightings here, from the events themselves.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE access_ip_sightings (
      day date NOT NULL,
      ip inet NOT NULL,
      account_id uuid NOT NULL,
      PRIMARY KEY (ip, day, account_id)
    )`.execute(db);
  await sql`CREATE INDEX access_ip_sightings_account_idx ON access_ip_sightings (account_id, day, ip)`.execute(
    db,
  );
  await sql`
    CREATE TABLE access_ip_sightings_epoch (
      id smallint PRIMARY KEY CHECK (id = 1),
      epoch bigint NOT NULL
    )`.execute(db);
  await sql`INSERT INTO access_ip_sightings_epoch (id, epoch) VALUES (1, 0)`.execute(db);
  await sql`
    INSERT INTO access_ip_sightings (day, ip, account_id)
    SELECT DISTINCT (at AT TIME ZONE 'UTC')::date, ip, account_id FROM access_events`.execute(db);

  await sql`DROP INDEX access_events_key_idx`.execute(db);
  await sql`DROP INDEX access_events_ip_idx`.execute(db);
  await sql`DROP INDEX access_events_account_idx`.execute(db);
  await sql`CREATE UNIQUE INDEX access_events_account_ip_idx
    ON access_events (account_id, ip, at, event_key)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX access_events_account_ip_idx`.execute(db);
  await sql`CREATE UNIQUE INDEX access_events_key_idx ON access_events (at, event_key)`.execute(db);
  await sql`CREATE INDEX access_events_ip_idx ON access_events (ip, at)`.execute(db);
  await sql`CREATE INDEX access_events_account_idx ON access_events (account_id, at)`.execute(db);
  await sql`DROP TABLE access_ip_sightings_epoch`.execute(db);
  await sql`DROP TABLE access_ip_sightings`.execute(db);
}
