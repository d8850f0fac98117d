import { createHash } from 'node:crypto';
import type { ListEntry } from '../entry.ts';

export interface EntryChange {
  readonly previous: ListEntry;
  readonly next: ListEntry;
}

export interface ListDiff {
  /** In `next`, not in `previous` (by entryId), in `next` order. */
  readonly added: readonly ListEntry[];
  /** In both, with a different content hash, in `next` order. */
  readonly changed: readonly EntryChange[];
  /** In `previous`, not in `next`, in `previous` order. */
  readonly removed: readonly ListEntry[];
}

/** JSON with object keys sorted at every level and undefined members dropped: one text per value. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 (hex) of the entry's canonical JSON. Array order counts: publishers keep their order stable,
 * and a reordering is cheap to re-screen while a missed change is not.
 */
export function entryContentHash(entry: ListEntry): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

export function diffEntries(previous: readonly ListEntry[], next: readonly ListEntry[]): ListDiff {
  const before = new Map(previous.map((entry) => [entry.entryId, entry]));
  const nextIds = new Set(next.map((entry) => entry.entryId));
  const added: ListEntry[] = [];
  const changed: EntryChange[] = [];
  for (const entry of next) {
    const old = before.get(entry.entryId);
    if (old === undefined) added.push(entry);
    else if (entryContentHash(old) !== entryContentHash(entry)) changed.push({ previous: old, next: entry });
  }
  const removed = previous.filter((entry) => !nextIds.has(entry.entryId));
  return { added, changed, removed };
}
