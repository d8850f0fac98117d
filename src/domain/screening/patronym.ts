// Arabic patronymic order: "Salman bin Muhammad" is Salman, son of Muhammad; "Muhammad bin Salman"
// is another man (the son of a Salman). The aligner ignores word order, so this one order is checked.
import type { Alignment } from './align.ts';
import type { NameToken } from './name-token.ts';

/**
 * When both names say "bin" once, the first name word after it (the father) must not align with a
 * word before it.
 */
export function isPatronymSwapped(
  query: readonly NameToken[],
  candidate: readonly NameToken[],
  alignment: Alignment,
): boolean {
  // With a chain ("Lotfi ben Abdul Hamid ben Ali") one source may drop a link: only single links are read.
  if (query.filter(isSonOf).length !== 1 || candidate.filter(isSonOf).length !== 1) return false;
  const queryBin = query.findIndex(isSonOf);
  const candidateBin = candidate.findIndex(isSonOf);
  const queryFather = query.findIndex((token, i) => i > queryBin && token.role === 'name');
  const candidateFather = candidate.findIndex((token, i) => i > candidateBin && token.role === 'name');
  if (queryFather < 0 || candidateFather < 0) return false;
  return alignment.pairs.some(
    (pair) =>
      (pair.query.includes(queryFather) && pair.candidate.every((j) => j < candidateBin)) ||
      (pair.candidate.includes(candidateFather) && pair.query.every((i) => i < queryBin)),
  );
}

const isSonOf = (token: NameToken): boolean =>
  token.role === 'particle' && (token.key === 'bin' || token.key === 'bint');
