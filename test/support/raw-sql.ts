/**
 * Tampering tests play an insider with database access: they change rows behind the services' back,
 * with raw SQL through the store's own Kysely instance (the only handle to an in-memory PGlite).
 */
import { sql, type Kysely } from 'kysely';
import type { Store } from '../../src/storage/port.ts';

export async function rawSql<R = Record<string, unknown>>(store: Store, text: string): Promise<R[]> {
  const kysely = (store as unknown as { kysely: Kysely<unknown> }).kysely;
  const { rows } = await sql.raw<R>(text).execute(kysely);
  return rows;
}
