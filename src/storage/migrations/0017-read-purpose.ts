import { sql, type Kysely } from 'kysely';

/**
 * A tenant may require a stated purpose for every unmasked read of personal data (a party, screening
 * hits, redress requests): off by default, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tenant_settings ADD COLUMN require_read_purpose boolean NOT NULL DEFAULT false`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tenant_settings DROP COLUMN require_read_purpose`.execute(db);
}
