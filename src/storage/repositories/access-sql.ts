/** Small helpers the access log's SQL shares (access-events.ts, access-events-search.ts). */

/** The UTC day of a time, as `YYYY-MM-DD`. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A PostgreSQL array literal of values that need no quoting (validated before they get here). */
export function arrayLiteral(values: ReadonlyArray<string | number | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}
