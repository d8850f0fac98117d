import { sql, type Kysely } from 'kysely';

/**
 * What people write about a customer is sealed under the customer's data key like the rest of their
 * data: a reviewer's reason for a screening verdict, and the statement and evidence of a redress request
 * (the customer's own words). The two text columns become jsonb so they can hold a sealed value
 * (`{ "$sealed": … }`), a shredded marker, or, for rows written before, the plain string.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE screening_hits ALTER COLUMN review_reason TYPE jsonb USING to_jsonb(review_reason)`.execute(
    db,
  );
  await sql`ALTER TABLE redress_requests ALTER COLUMN statement TYPE jsonb USING to_jsonb(statement)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Sealed values cannot be turned back into text here: they are kept as their JSON text.
  await sql`ALTER TABLE screening_hits ALTER COLUMN review_reason TYPE text
    USING CASE jsonb_typeof(review_reason) WHEN 'string' THEN review_reason #>> '{}' ELSE review_reason::text END`.execute(
    db,
  );
  await sql`ALTER TABLE redress_requests ALTER COLUMN statement TYPE text
    USING CASE jsonb_typeof(statement) WHEN 'string' THEN statement #>> '{}' ELSE statement::text END`.execute(
    db,
  );
}
