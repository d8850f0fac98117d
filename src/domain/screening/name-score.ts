// One number for how well two names agree, from their word alignment, and the per-word account a
// reviewer reads. A word that has a different word opposite it is evidence against the match (another
// person's father's name, another city's branch); a word with nothing opposite is only a gap (a middle
// name one source omits), so the two cost differently.
import type { Alignment, PairKind } from './align.ts';
import type { NameKind, NameToken, NormalizedName } from './name-token.ts';
import { isPatronymSwapped } from './patronym.ts';

export type TokenAlignmentKind = PairKind | 'missing' | 'extra';

/** One line of the word-by-word account. */
export interface TokenAlignment {
  /** The query's word(s), or null when a list-name word has nothing opposite. */
  readonly query: string | null;
  /** The list name's word(s), or null when a query word has nothing opposite. */
  readonly candidate: string | null;
  /** missing: the list name has a word the query lacks; extra: the query has a word the list name lacks. */
  readonly kind: TokenAlignmentKind;
  readonly similarity: number;
  /** How much this line counts (titles, particles and legal forms count less than name words). */
  readonly weight: number;
}

/**
 * legal_form_conflict: both names carry legal forms of different families (AG and GmbH).
 * patronym_swapped: father and son swapped around "bin".
 * no_distinctive_word: only initials, particles or legal forms agree ("N.N.").
 */
export type NamePenaltyReason = 'legal_form_conflict' | 'patronym_swapped' | 'no_distinctive_word';

export interface NamePenalty {
  readonly reason: NamePenaltyReason;
  /** What the penalty took off the name score (negative). */
  readonly delta: number;
}

export interface NameScore {
  readonly score: number;
  readonly tokens: readonly TokenAlignment[];
  readonly penalties: readonly NamePenalty[];
}

/** A word opposite a different word is evidence against: it costs twice its weight. */
const SUBSTITUTION_COST = 2;
/** A near word (a slip, a variant spelling) costs half its shortfall again on top of the shortfall itself. */
const SHORTFALL_COST = 0.5;
/** A word with nothing opposite costs a fraction: people drop middle names; companies rarely drop words. */
const GAP_COST: Readonly<Record<NameKind, number>> = { person: 0.25, unknown: 0.4, entity: 0.6 };
const PENALTY_COST: Readonly<Record<Exclude<NamePenaltyReason, 'no_distinctive_word'>, number>> = {
  legal_form_conflict: 0.7,
  patronym_swapped: 2,
};
/** Initials and particles alone ("N.N.", "Al") cannot identify anyone. */
const NO_DISTINCTIVE_WORD_CAP = 0.5;

export function scoreAlignment(
  query: NormalizedName,
  candidate: NormalizedName,
  alignment: Alignment,
): NameScore {
  const kind = strictestKind(query.kind, candidate.kind);
  const pairs = weighPairs(query, candidate, alignment, kind);
  const extra = pick(query.tokens, alignment.unmatchedQuery);
  const missing = pick(candidate.tokens, alignment.unmatchedCandidate);
  const tokens = [
    ...pairs.lines,
    ...extra.map((token) => gapLine(token, 'extra')),
    ...missing.map((token) => gapLine(token, 'missing')),
  ];
  // One shared word with more words beside it ("Vladimir" against "Vladimir Kononov") is a common
  // given name, not a name with a middle part dropped: the gap costs as much as in an organisation's
  // name. Initials that agree count half a word ("V. V. Putin" against "Vladimir Vladimirovich Putin").
  const agreeing = pairs.distinctive + pairs.agreeingInitials / 2;
  const gapCost = agreeing >= 1.5 ? GAP_COST[kind] : Math.max(GAP_COST[kind], GAP_COST.entity);
  const cost = pairs.cost + unmatchedCost(extra, missing, pairs.leftover, gapCost);

  const reasons: Exclude<NamePenaltyReason, 'no_distinctive_word'>[] = [];
  if (extra.some(isLegalForm) && missing.some(isLegalForm)) reasons.push('legal_form_conflict');
  if (isPatronymSwapped(query.tokens, candidate.tokens, alignment)) reasons.push('patronym_swapped');
  const totalCost = cost + reasons.reduce((sum, reason) => sum + PENALTY_COST[reason], 0);
  const ratio = (denominator: number): number => (denominator === 0 ? 0 : pairs.matched / denominator);
  const penalties: NamePenalty[] = reasons.map((reason) => ({
    reason,
    delta: round(ratio(totalCost) - ratio(totalCost - PENALTY_COST[reason])),
  }));
  const raw = ratio(totalCost);
  if (pairs.distinctive > 0 || raw <= NO_DISTINCTIVE_WORD_CAP)
    return { score: round(raw), tokens, penalties };
  penalties.push({ reason: 'no_distinctive_word', delta: round(NO_DISTINCTIVE_WORD_CAP - raw) });
  return { score: NO_DISTINCTIVE_WORD_CAP, tokens, penalties };
}

interface WeighedPairs {
  /** Sum of similarity × weight. */
  readonly matched: number;
  /** Sum of weight plus the shortfall surcharge. */
  readonly cost: number;
  /** Name words that agree (a run-together pair counts each word it covers). */
  readonly distinctive: number;
  readonly agreeingInitials: number;
  /** Weight of full words met only by an initial, left over on each side. */
  readonly leftover: { readonly query: number; readonly candidate: number };
  readonly lines: readonly TokenAlignment[];
}

function weighPairs(
  query: NormalizedName,
  candidate: NormalizedName,
  alignment: Alignment,
  kind: NameKind,
): WeighedPairs {
  let matched = 0;
  let cost = 0;
  let distinctive = 0;
  let agreeingInitials = 0;
  const leftover = { query: 0, candidate: 0 };
  const lines: TokenAlignment[] = [];
  for (const pair of alignment.pairs) {
    const left = pick(query.tokens, pair.query);
    const right = pick(candidate.tokens, pair.candidate);
    let weight = (sumWeight(left) + sumWeight(right)) / 2;
    // An initial stands for half a word: the rest of the full word it met is unaccounted for.
    if (pair.kind === 'initial') {
      weight = Math.min(sumWeight(left), sumWeight(right));
      leftover.query += sumWeight(left) - weight;
      leftover.candidate += sumWeight(right) - weight;
    }
    matched += pair.score * weight;
    cost += weight + SHORTFALL_COST * (1 - pair.score) * weight;
    if (isDistinctive(pair.kind, kind) && hasNameWord(left) && hasNameWord(right)) {
      distinctive += Math.max(left.length, right.length);
    } else if (pair.kind === 'initial') {
      agreeingInitials += 1;
    }
    lines.push({
      query: textOf(left),
      candidate: textOf(right),
      kind: pair.kind,
      similarity: pair.score,
      weight,
    });
  }
  return { matched, cost, distinctive, agreeingInitials, leftover, lines };
}

/**
 * Unmatched words on both sides stand opposite each other (substitutions); the surplus on one side is
 * a gap. Series numbers (Fund IV / Fund V, Victory 3) differ between related names and are often
 * dropped, so a different number is a gap, not a contradiction.
 */
function unmatchedCost(
  extra: readonly NameToken[],
  missing: readonly NameToken[],
  leftover: { readonly query: number; readonly candidate: number },
  gapCost: number,
): number {
  const isNumber = (token: NameToken): boolean => token.role === 'number';
  const extraWeight = sumWeight(extra.filter((token) => !isNumber(token))) + leftover.query;
  const missingWeight = sumWeight(missing.filter((token) => !isNumber(token))) + leftover.candidate;
  const numbers = sumWeight([...extra, ...missing].filter(isNumber));
  const substituted = Math.min(extraWeight, missingWeight);
  const gap = Math.abs(extraWeight - missingWeight) + numbers;
  return SUBSTITUTION_COST * substituted + gapCost * gap;
}

function strictestKind(a: NameKind, b: NameKind): NameKind {
  if (a === 'entity' || b === 'entity') return 'entity';
  if (a === 'person' || b === 'person') return 'person';
  return 'unknown';
}

/** Acronyms identify organisations ("PLA"); two letters of a person's name ("N.N.") identify no one. */
const isDistinctive = (pair: PairKind, kind: NameKind): boolean =>
  pair !== 'initial' && (pair !== 'acronym' || kind === 'entity');

const pick = (tokens: readonly NameToken[], indices: readonly number[]): NameToken[] =>
  indices.map((i) => tokens[i]).filter((token): token is NameToken => token !== undefined);
const sumWeight = (tokens: readonly NameToken[]): number =>
  tokens.reduce((sum, token) => sum + token.weight, 0);
const textOf = (tokens: readonly NameToken[]): string => tokens.map((token) => token.text).join(' ');
/** A word of two letters or more, or a number of three digits or more ("P-835"). */
const hasNameWord = (tokens: readonly NameToken[]): boolean =>
  tokens.some(
    (token) =>
      (token.role === 'name' && token.key.length > 1) || (token.role === 'number' && token.key.length > 2),
  );
const isLegalForm = (token: NameToken): boolean => token.role === 'legal-form';
const round = (value: number): number => Math.round(value * 1000) / 1000;

function gapLine(token: NameToken, kind: 'missing' | 'extra'): TokenAlignment {
  return {
    query: kind === 'extra' ? token.text : null,
    candidate: kind === 'missing' ? token.text : null,
    kind,
    similarity: 0,
    weight: token.weight,
  };
}
