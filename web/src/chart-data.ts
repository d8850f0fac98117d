/** Chart data shaping for the dashboard (plain functions, tested without a browser). */

/** Rows of `{ [x]: label, [series]: count }` from `(x, series, count)` triples, for stacked bars. */
export function pivot<T>(rows: T[], x: (r: T) => string, series: (r: T) => string, count: (r: T) => number) {
  const byX = new Map<string, Record<string, string | number>>();
  const keys = new Set<string>();
  for (const row of rows) {
    const key = x(row);
    const entry = byX.get(key) ?? { x: key };
    entry[series(row)] = Number(entry[series(row)] ?? 0) + count(row);
    keys.add(series(row));
    byX.set(key, entry);
  }
  return { data: [...byX.values()], keys: [...keys] };
}
