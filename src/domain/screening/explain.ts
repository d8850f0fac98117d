// The account of a match a reviewer reads: which words met which and how, which name of the entry
// matched (primary or alias, and the alias's quality), and every feature that moved the score.
import type { AliasQuality } from './entry.ts';
import type { ScoreFeature } from './evidence.ts';
import type { NamePenalty, TokenAlignment } from './name-score.ts';

export interface MatchExplanation {
  readonly matchedName: string;
  /** False for the entry's primary name. */
  readonly alias: boolean;
  readonly aliasQuality: AliasQuality;
  /** The name comparison alone, before evidence. */
  readonly nameScore: number;
  readonly tokens: readonly TokenAlignment[];
  /** Name-level penalties already inside nameScore (legal-form conflict, patronym swapped, …). */
  readonly namePenalties: readonly NamePenalty[];
  /** Evidence added to nameScore, in order. */
  readonly features: readonly ScoreFeature[];
  /** One line for a review queue. */
  readonly summary: string;
}

export function explainMatch(
  query: string,
  details: Omit<MatchExplanation, 'summary'>,
  score: number,
): MatchExplanation {
  const which = details.alias ? `${details.aliasQuality} alias` : 'primary name';
  const words = details.tokens.map(describeToken).join(', ');
  const penalties = details.namePenalties.map((p) => `${p.reason.replace(/_/g, ' ')} (${signed(p.delta)})`);
  const features = details.features.map((f) => `${f.detail} (${signed(f.delta)})`);
  const parts = [`"${query}" ~ "${details.matchedName}" (${which}): ${words}`, ...penalties];
  const summary =
    [...parts, `name ${details.nameScore.toFixed(2)}`, ...features].join('; ') + ` → ${score.toFixed(2)}`;
  return { ...details, summary };
}

function describeToken(token: TokenAlignment): string {
  if (token.kind === 'missing') return `${token.candidate ?? ''} missing from query`;
  if (token.kind === 'extra') return `${token.query ?? ''} not in list name`;
  const same = token.query === token.candidate;
  return same
    ? `${token.query ?? ''} ${token.kind}`
    : `${token.query ?? ''}=${token.candidate ?? ''} ${token.kind}`;
}

const signed = (delta: number): string => (delta >= 0 ? `+${delta.toFixed(2)}` : delta.toFixed(2));
