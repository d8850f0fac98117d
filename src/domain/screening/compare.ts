// Two names, no list: the score and word-by-word account the matcher would give them. Used for the
// name-pair quality benchmark and by reviewers comparing a customer's name with a hit by hand.
import { alignNames } from './align.ts';
import type { EntryType } from './entry.ts';
import type { KeyCache, NormalizedName } from './name-token.ts';
import { scoreAlignment, type NamePenalty, type TokenAlignment } from './name-score.ts';
import { kindOf, prepareName, type ScreeningQueryInvalid } from './query.ts';

export interface NameComparison {
  readonly ok: true;
  /** In [0, 1]; compare with DEFAULT_REVIEW_THRESHOLD. */
  readonly score: number;
  readonly tokens: readonly TokenAlignment[];
  readonly penalties: readonly NamePenalty[];
}

export interface CompareNamesOptions {
  /** What both names name; person and entity names are read differently (legal forms, "LAST, First"). */
  readonly type?: EntryType;
}

export function compareNames(
  a: string,
  b: string,
  options: CompareNamesOptions = {},
): NameComparison | ScreeningQueryInvalid {
  const kind = kindOf(options.type);
  const left = prepareName(a, 'a', kind);
  if (!left.ok) return left;
  const right = prepareName(b, 'b', kind);
  if (!right.ok) return right;
  return { ok: true, ...compareNormalized(left.name, right.name) };
}

/** `cache` keeps word keys across many comparisons with one query (see alignNames). */
export function compareNormalized(
  query: NormalizedName,
  candidate: NormalizedName,
  cache?: KeyCache,
): Omit<NameComparison, 'ok'> {
  return scoreAlignment(query, candidate, alignNames(query.tokens, candidate.tokens, cache));
}
