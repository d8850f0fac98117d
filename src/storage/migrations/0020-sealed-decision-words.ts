import { sql, type Kysely } from 'kysely';

/**
 * A four-eyes proposal's reason and resolution reason are a reviewer's words about the customer: sealed
 * under the customer's data key from now on, like the messages of decisions' reasons (which stay in
 * their jsonb column, each message now a sealed value). The two text columns become jsonb so they can
 * hold a sealed value (`{ "$sealed": … }`) or, for rows written before, the plain string.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE decision_proposals ALTER COLUMN reason TYPE jsonb USING to_jsonb(reason),
    ALTER COLUMN resolution_reason TYPE jsonb USING to_jsonb(resolution_reason)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Sealed values cannot be turned back into text here: they are kept as their JSON text.
  await sql`ALTER TABLE decision_proposals
    ALTER COLUMN reason TYPE text
      USING CASE jsonb_typeof(reason) WHEN 'string' THEN reason #>> '{}' ELSE reason::text END,
    ALTER COLUMN resolution_reason TYPE text
      USING CASE jsonb_typeof(resolution_reason) WHEN 'string' THEN resolution_reason #>> '{}'
        ELSE resolution_reason::text END`.execute(db);
}
