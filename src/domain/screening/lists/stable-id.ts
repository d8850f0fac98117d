import { createHash } from 'node:crypto';

/**
 * An id for a publisher row that carries none (BIS DPL, most CSL sources, a deny list without a ref):
 * a hash of the values that identify the listing, normalised for case and spacing so a reformatted
 * file keeps its ids. A correction to one of those values (a re-spelt name) yields a new id, which a
 * list diff then shows as one entry removed and one added.
 */
export function stableId(prefix: string, values: readonly string[]): string {
  const canonical = values.map((value) => value.replace(/\s+/g, ' ').trim().toUpperCase()).join('\u001f');
  return `${prefix}${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}`;
}
