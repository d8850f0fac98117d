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

/** The dictionary ids of a batch's strings, per kind: what its rows' principal, user agent, region are. */
export type StringIds = Readonly<Record<Kind, ReadonlyMap<string, number>>>;

/** The id of a row's string, or null when the row has none. */
export function idOf(ids: ReadonlyMap<string, number>, value: string | null): number | null {
  return value === null ? null : (ids.get(value) ?? null);
}

export class AccessStringDictionary {
  /**
   * One map per kind: looked up for every event, so no key is built per lookup. A full map is replaced,
   * never cleared, so a batch that was handed a map keeps every id in it until it is written.
   */
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

  private async idsOf(kind: Kind, rows: readonly AccessEventRow[]): Promise<ReadonlyMap<string, number>> {
    const cache = this.cache[kind];
    let missing: Set<string> | undefined;
    for (const row of rows) {
      const value = row[kind];
      if (value !== null && !cache.has(value)) (missing ??= new Set()).add(value);
    }
    // Every string known (a steady stream, nearly every batch): the cache itself holds the batch's ids.
    if (missing === undefined) return cache;
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
    const found = new Map<string, number>();
    for (const row of rows) {
      const value = row[kind];
      const id = value === null ? undefined : cache.get(value);
      if (id !== undefined) found.set(value as string, id);
    }
    let current = this.cache[kind];
    if (current.size + result.rows.length > this.cacheLimit) {
      current = new Map();
      this.cache[kind] = current;
    }
    for (const row of result.rows) {
      found.set(row.value, row.id);
      current.set(row.value, row.id);
    }
    return found;
  }
}
