import { sql, type Kysely } from 'kysely';

/**
 * The access log (issue #7): one narrow row per access or administrative action, partitioned by day.
 *
 * Compact on purpose (billions of rows a day at a large provider):
 * - no tenant column: the account names its tenant, and every query joins `accounts` to scope by tenant;
 * - principal, user agent and region are ids into one dictionary (`access_strings`), never repeated text;
 * - the address is `inet` (7 bytes for IPv4), the action a `smallint` code (domain/access-log/actions.ts);
 * - `event_key` is a 64-bit digest of (account, client event id) or, without an id, of the event itself,
 *   so a retried batch inserts nothing twice. A unique index on a partitioned table must contain the
 *   partition key, so uniqueness is (at, event_key): a retry carries the same `at`.
 *
 * Indexes, both btree:
 * - (ip, at): an exact address and a CIDR block (`ip <<= '10.0.0.0/24'`, which PostgreSQL turns into a
 *   btree range on inet since version 12) over a time window. GiST/SP-GiST `inet_ops` also answer
 *   containment but cannot carry the time column as a range key, are larger and slower to insert into.
 * - (account_id, at): every address an account used, in time order.
 * The unique (at, event_key) index leads with the time, so it also serves time-only scans and
 * retention; a BRIN index on `at` would add nothing over it.
 *
 * Partitions (`access_events_pYYYYMMDD`, one per UTC day) are created ahead of time and on demand by the
 * repository (`ensurePartitions`); there is no default partition, because one holding rows would stop
 * a later day's partition from being created, and a wholly expired day is dropped as a table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE access_strings (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      -- 1 principal, 2 user agent, 3 region
      kind smallint NOT NULL CHECK (kind BETWEEN 1 AND 3),
      value text NOT NULL,
      UNIQUE (kind, value)
    )`.execute(db);

  await sql`
    CREATE TABLE access_events (
      at timestamptz NOT NULL,
      account_id uuid NOT NULL,
      event_key bigint NOT NULL,
      ip inet NOT NULL,
      action smallint NOT NULL,
      principal_id integer,
      user_agent_id integer,
      region_id integer
    ) PARTITION BY RANGE (at)`.execute(db);
  await sql`CREATE UNIQUE INDEX access_events_key_idx ON access_events (at, event_key)`.execute(db);
  await sql`CREATE INDEX access_events_ip_idx ON access_events (ip, at)`.execute(db);
  await sql`CREATE INDEX access_events_account_idx ON access_events (account_id, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE access_events`.execute(db);
  await sql`DROP TABLE access_strings`.execute(db);
}
