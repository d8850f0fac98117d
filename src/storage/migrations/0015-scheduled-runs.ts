import { sql, type Kysely } from 'kysely';

/**
 * When a cluster-wide periodic job last started (the scheduler's daily retention pass): claimed with one
 * conditional upsert, so of all the API nodes one runs it per period, and a restart does not run it again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE scheduled_runs (
      job text PRIMARY KEY,
      started_at timestamptz NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE scheduled_runs`.execute(db);
}
