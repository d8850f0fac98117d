import { sql, type Kysely } from 'kysely';

/**
 * When an owner or signatory stopped being one: set when the entity's next application no longer lists
 * them, cleared when one lists them again. Their party and link stay (the record of who was), but their
 * screening hits and named-person matches no longer count against the entity's account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE party_links ADD COLUMN ended_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE party_links DROP COLUMN ended_at`.execute(db);
}
