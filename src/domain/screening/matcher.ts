// Screening one name against an index: candidates from the index, each scored by name, the best name
// per entry kept, evidence (date of birth, country, identifier, type, alias quality) applied, and the
// entries at or above the review threshold returned best first, each with its explanation.
import { findCandidates, MAX_CANDIDATES } from './candidates.ts';
import type { ScreeningIndex } from './candidate-index.ts';
import { compareNormalized } from './compare.ts';
import type { EntryName, ListEntry, ListSource } from './entry.ts';
import type { KeyCache } from './name-token.ts';
import { EVIDENCE_DELTAS, weighEvidence } from './evidence.ts';
import { explainMatch, type MatchExplanation } from './explain.ts';
import {
  prepareQuery,
  type PreparedQuery,
  type ScreeningQuery,
  type ScreeningQueryInvalid,
} from './query.ts';

/**
 * Score at or above which a match goes to review: where F1 on the labelled name-pair benchmark
 * (../shared/data/matching) is highest, on a plateau from 0.74 to 0.76. Rule profiles may set their own.
 */
export const DEFAULT_REVIEW_THRESHOLD = 0.75;
/** Score at or above which a match is close enough to block pending review. */
export const DEFAULT_BLOCK_THRESHOLD = 0.9;
export const DEFAULT_MATCH_LIMIT = 20;

export type MatchBand = 'block' | 'review';

export interface ScreeningMatch {
  readonly source: ListSource;
  readonly entryId: string;
  readonly entry: ListEntry;
  readonly matchedName: string;
  /** In [0, 1]: the name score plus evidence. */
  readonly score: number;
  readonly band: MatchBand;
  readonly explanation: MatchExplanation;
}

export interface ScreeningOptions {
  /** Review threshold (default DEFAULT_REVIEW_THRESHOLD); matches below it are not returned. */
  readonly threshold?: number;
  readonly blockThreshold?: number;
  readonly limit?: number;
}

export type ScreeningResult =
  | { readonly ok: true; readonly matches: readonly ScreeningMatch[]; readonly candidatesScored: number }
  | ScreeningQueryInvalid;

/**
 * The most evidence can add to a name score without an equal identifier (entries sharing one are
 * always scored): an exact date of birth and a shared country.
 */
const MAX_RAISE = EVIDENCE_DELTAS.dobExact + EVIDENCE_DELTAS.countryShared;

export function screenName(
  index: ScreeningIndex,
  query: ScreeningQuery,
  options: ScreeningOptions = {},
): ScreeningResult {
  const prepared = prepareQuery(query);
  if (!prepared.ok) return prepared;
  const threshold = options.threshold ?? DEFAULT_REVIEW_THRESHOLD;
  const blockThreshold = options.blockThreshold ?? DEFAULT_BLOCK_THRESHOLD;
  const candidates = new Set(findCandidates(index, prepared.query.name, threshold, MAX_CANDIDATES));

  const identified = namesWithIdentifiers(index, prepared.query);
  for (const name of identified) candidates.add(name);
  const matches: ScreeningMatch[] = [];
  const floor = identified.length > 0 ? 0 : threshold - MAX_RAISE;
  for (const best of bestNamePerEntry(index, prepared.query, candidates, floor)) {
    const match = toMatch(prepared.query, best, query.name, blockThreshold);
    if (match.score >= threshold) matches.push(match);
  }
  matches.sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId));
  return {
    ok: true,
    matches: matches.slice(0, options.limit ?? DEFAULT_MATCH_LIMIT),
    candidatesScored: candidates.size,
  };
}

interface NameHit {
  readonly entry: ListEntry;
  readonly name: EntryName;
  readonly comparison: ReturnType<typeof compareNormalized>;
}

/** Entries sharing an identifier with the query are scored whatever their names. */
function namesWithIdentifiers(index: ScreeningIndex, query: PreparedQuery): number[] {
  if (query.identifiers.length === 0) return [];
  const entries = new Set(query.identifiers.flatMap((id) => index.identifiers.get(id.number) ?? []));
  return index.names.flatMap((name, id) => (entries.has(name.entry) ? [id] : []));
}

function bestNamePerEntry(
  index: ScreeningIndex,
  query: PreparedQuery,
  candidates: ReadonlySet<number>,
  floor: number,
): NameHit[] {
  const best = new Map<number, NameHit>();
  const cache: KeyCache = new Map();
  for (const id of candidates) {
    const indexed = index.names[id];
    const entry = indexed === undefined ? undefined : index.entries[indexed.entry];
    const name = entry?.names[indexed?.position ?? -1];
    if (indexed === undefined || entry === undefined || name === undefined) continue;
    const comparison = compareNormalized(query.name, indexed.name, cache);
    if (comparison.score < floor) continue;
    const current = best.get(indexed.entry);
    if (current === undefined || comparison.score > current.comparison.score) {
      best.set(indexed.entry, { entry, name, comparison });
    }
  }
  return [...best.values()];
}

function toMatch(
  query: PreparedQuery,
  hit: NameHit,
  queryName: string,
  blockThreshold: number,
): ScreeningMatch {
  const { entry, name, comparison } = hit;
  const features = weighEvidence(query, entry, name, comparison.score);
  const raw = comparison.score + features.reduce((sum, feature) => sum + feature.delta, 0);
  const score = Math.round(Math.min(1, Math.max(0, raw)) * 1000) / 1000;
  const explanation = explainMatch(
    queryName,
    {
      matchedName: name.full,
      alias: !name.primary,
      aliasQuality: name.quality,
      nameScore: comparison.score,
      tokens: comparison.tokens,
      namePenalties: comparison.penalties,
      features,
    },
    score,
  );
  return {
    source: entry.source,
    entryId: entry.entryId,
    entry,
    matchedName: name.full,
    score,
    band: score >= blockThreshold ? 'block' : 'review',
    explanation,
  };
}
