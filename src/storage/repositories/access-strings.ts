/**
 * The dictionary behind the access log's principal, user agent and region columns: each distinct
 * string is stored once and events hold its integer id. New strings are inserted in their own short
 * statement (sorted, so two batches never wait on each other in opposite orders); an orphan string
 * left by a batch that later failed costs a few bytes and nothing else. Ids are cached in process.
 */
import { sql } from 'kysely';
import type { DbHandle } from '../kysely-store.ts';
import type { AccessEventRow } from '../port.ts';

const KINDS = { principal: 1, userAgent: 2, region: 3 } as const;
type Kind = keyof typeof KINDS;
const CACHE_LIMIT = 100_000;

/**
 * The dictionary ids of a batch's strings, per kind, in row order: what each row's principal, user agent
 * and region are. 0 where the row has none (ids start at 1).
 */
export type StringIds = Readonly<Record<Kind, Int32Array>>;

export class AccessStringDictionary {
  /** One map per kind: looked up for every event, so no key is built per lookup. */
  private readonly cache: Record<Kind, Map<string, number>> = {
    principal: new Map(),
    userAgent: new Map(),
    region: new Map(),
  };

  constructor(
    private readonly db: DbHandle,
    /** Strings kept per kind before a map is replaced by an empty one. */
    private readonly cacheLimit = CACHE_LIMIT,
  ) {}

  async resolve(rows: readonly AccessEventRow[]): Promise<StringIds> {
    return {
      principal: await this.idsOf('principal', rows),
      userAgent: await this.idsOf('userAgent', rows),
      region: await this.idsOf('region', rows),
    };
  }

  /** One lookup per row; the strings not cached are inserted (or found) in two statements. */
  private async idsOf(kind: Kind, rows: readonly AccessEventRow[]): Promise<Int32Array> {
    const ids = new Int32Array(rows.length);
    const cache = this.cache[kind];
    let missing: Set<string> | undefined;
    for (let i = 0; i < rows.length; i += 1) {
      const value = (rows[i] as AccessEventRow)[kind];
      if (value === null) continue;
      const id = cache.get(value);
      if (id === undefined) (missing ??= new Set()).add(value);
      else ids[i] = id;
    }
    // Every string known: a steady stream, nearly every batch.
    if (missing === undefined) return ids;
    const json = JSON.stringify([...missing].sort());
    await sql`
      INSERT INTO access_strings (kind, value)
      SELECT ${KINDS[kind]}::int2, v FROM jsonb_array_elements_text(${json}::jsonb) AS v
      ON CONFLICT DO NOTHING`.execute(this.db());
    const result = await sql<{ id: number; value: string }>`
      SELECT id, value FROM access_strings
      WHERE kind = ${KINDS[kind]}::int2 AND value IN (SELECT jsonb_array_elements_text(${json}::jsonb))`.execute(
      this.db(),
    );
    const found = new Map(result.rows.map((row) => [row.value, row.id]));
    for (let i = 0; i < rows.length; i += 1) {
      const value = (rows[i] as AccessEventRow)[kind];
      if (value !== null && ids[i] === 0) ids[i] = found.get(value) ?? 0;
    }
    let current = this.cache[kind];
    if (current.size + found.size > this.cacheLimit) {
      current = new Map();
      this.cache[kind] = current;
    }
    for (const [value, id] of found) current.set(value, id);
    return ids;
  }
}
