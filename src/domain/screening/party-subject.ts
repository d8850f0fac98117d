// What of a stored party is screened: its names (all scripts and aliases), date of birth, countries
// and identifiers. The subject's hash changes only when one of those changes as the matcher sees it,
// so editing an email, or retyping a name in capitals or a passport number with spaces, does not raise
// a match a reviewer already cleared, while a new name or date of birth does.
import { createHash } from 'node:crypto';
import { normalizeName } from './normalize.ts';
import { normalizeIdentifier } from './query.ts';
import type { ScreeningIndex } from './candidate-index.ts';
import { screenName, type ScreeningMatch, type ScreeningOptions } from './matcher.ts';
import type { ScreeningQuery } from './query.ts';

export interface PartySubject {
  readonly names: readonly string[];
  readonly query: Omit<ScreeningQuery, 'name'>;
  /** The digest of what the matcher sees: names as tokens, identifiers without separators. */
  readonly hash: string;
  /**
   * The digest as written before 2026-12-02 (names and numbers as typed): verdicts stored with it
   * still hold for the same data.
   */
  readonly legacyHash: string;
}

interface PartyData {
  name?: { full?: string; otherScripts?: ReadonlyArray<{ full?: string }> };
  legalName?: string;
  otherNames?: readonly string[];
  dateOfBirth?: string;
  citizenship?: readonly string[];
  address?: { country?: string };
  incorporation?: { country?: string; number?: string };
  nationalIds?: ReadonlyArray<{ number?: string; type?: string | null }>;
  documents?: ReadonlyArray<{ number?: string; type?: string }>;
}

export function partySubject(type: 'individual' | 'entity', raw: Record<string, unknown>): PartySubject {
  const data = raw as PartyData;
  const names = [
    data.name?.full,
    ...(data.name?.otherScripts ?? []).map((n) => n.full),
    data.legalName,
    ...(data.otherNames ?? []),
  ].filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  const countries = [
    ...new Set([...(data.citizenship ?? []), data.address?.country, data.incorporation?.country]),
  ]
    .filter((c): c is string => typeof c === 'string' && /^[A-Z]{2}$/.test(c))
    .sort();
  const identifiers = [
    ...(data.nationalIds ?? []).map((id) => ({ type: id.type ?? 'national_id', number: id.number })),
    ...(data.documents ?? []).map((d) => ({ type: d.type ?? 'document', number: d.number })),
    { type: 'registration', number: data.incorporation?.number },
  ].filter((id): id is { type: string; number: string } => typeof id.number === 'string' && id.number !== '');
  const query: Omit<ScreeningQuery, 'name'> = {
    type: type === 'individual' ? 'person' : 'entity',
    ...(data.dateOfBirth === undefined ? {} : { dateOfBirth: data.dateOfBirth }),
    countries,
    identifiers,
  };
  const legacyHash = sha256(JSON.stringify({ names: [...names].sort(), query }));
  const kind = type === 'individual' ? 'person' : 'entity';
  const seen = {
    names: [...new Set(names.map((n) => matcherForm(n, kind)))].sort(),
    query: {
      ...query,
      identifiers: identifiers
        .map((id) => ({ type: id.type.toLowerCase(), number: normalizeIdentifier(id.number) }))
        .sort((a, b) => (a.type + a.number < b.type + b.number ? -1 : 1)),
    },
  };
  return { names, query, hash: sha256(JSON.stringify({ v: 2, ...seen })), legacyHash };
}

/** A name as the matcher compares it: each word's canonical key and role, in order. */
function matcherForm(name: string, kind: 'person' | 'entity'): string {
  return normalizeName(name, kind)
    .tokens.map((t) => `${t.role}:${t.key}`)
    .join(' ');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Screens every name of the subject; one match per list entry (the best), best first. */
export function screenSubject(
  index: ScreeningIndex,
  subject: PartySubject,
  options: ScreeningOptions = {},
): ScreeningMatch[] {
  const best = new Map<string, ScreeningMatch>();
  for (const name of subject.names) {
    let result = screenName(index, { ...subject.query, name }, options);
    // Stored data the matcher cannot use as evidence (an odd identifier) must not skip the name itself.
    if (!result.ok && result.field !== 'name')
      result = screenName(index, { name, type: subject.query.type }, options);
    if (!result.ok) continue;
    for (const match of result.matches) {
      const key = `${match.source}:${match.entryId}`;
      const seen = best.get(key);
      if (seen === undefined || match.score > seen.score) best.set(key, match);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId));
}
