import { sql, type Kysely } from 'kysely';

/**
 * How a four-eyes proposal ended: `confirmed` by a second reviewer (every proposal resolved before this
 * migration), `withdrawn` by its proposer, or `declined` by another reviewer who disagrees; by whom and,
 * for the last two, why. Before, a proposal nobody agreed with held its case forever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE decision_proposals ADD COLUMN outcome text, ADD COLUMN resolved_by text,
    ADD COLUMN resolution_reason text`.execute(db);
  await sql`UPDATE decision_proposals SET outcome = 'confirmed' WHERE resolved_at IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE decision_proposals DROP COLUMN outcome, DROP COLUMN resolved_by,
    DROP COLUMN resolution_reason`.execute(db);
}
