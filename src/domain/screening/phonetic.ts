// Keys under which two spellings of one spoken name meet. Sanctions lists romanise names from
// Cyrillic, Arabic, Persian, Chinese and Korean with competing systems (Zelenskyy / Selenskyj,
// Ahmadinejad / Ahmadinezhad, Qaddafi / Gaddafi), so spelling alone under-matches.
import { doubleMetaphone } from 'double-metaphone';

/**
 * Folds the letter groups romanisation systems disagree on: German/Polish w for v, dzh/dj/j for one
 * sound, kh/h, ph/f, y/i, c/k, q/k, doubled letters. Applied to folded ASCII lower case.
 */
const SKELETON_RULES: readonly (readonly [RegExp, string])[] = [
  [/sch/g, 'sh'],
  [/tch/g, 'ch'],
  // dzh and dj are one sound; zh is not folded: pinyin zh and j are different initials (Zhang, Jiang).
  [/(dzh|dj)/g, 'j'],
  [/kh/g, 'h'],
  [/gh/g, 'g'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/ck/g, 'k'],
  [/q/g, 'k'],
  [/c(?=[eiy])/g, 's'],
  [/c(?!h)/g, 'k'],
  [/x/g, 'ks'],
  [/w/g, 'v'],
  [/(oo|ou)/g, 'u'],
  [/ee/g, 'i'],
  [/y/g, 'i'],
  // A j that is not followed by a vowel is the German/Polish y ("Selenskyj").
  [/j(?![aeiou])/g, 'i'],
  [/(.)\1+/g, '$1'],
];

export function skeletonOf(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SKELETON_RULES) result = result.replace(pattern, replacement);
  return result;
}

/**
 * Consonant outline for comparing with a romanised abjad (Arabic, Persian, Hebrew): those scripts
 * leave short vowels unwritten and use one letter for w/u/o and y/i, so "mhmd" from محمد must meet
 * "Mohammed". Also folds letters the scripts lack (p→b) or write one way (z/s after any-ascii).
 */
const CONSONANT_RULES: readonly (readonly [RegExp, string])[] = [
  // A final h is the unwritten tāʾ marbūṭa (أسامة "smh", Osama) or a silent h.
  [/h$/g, ''],
  [/(th|ts)/g, 't'],
  [/dh/g, 'd'],
  // ق is q in standard romanisation and g in Gulf and Libyan speech (Qadhafi, Gaddafi).
  [/(kh|q|c|ck|g)/g, 'k'],
  [/(sh|ch|z)/g, 's'],
  [/ph/g, 'f'],
  [/[pv]/g, 'b'],
  [/x/g, 'ks'],
  [/[aeiouyjw]/g, ''],
  [/(.)\1+/g, '$1'],
];

export function consonantsOf(text: string): string {
  let result = text;
  for (const [pattern, replacement] of CONSONANT_RULES) result = result.replace(pattern, replacement);
  return result;
}

/** Double Metaphone primary and alternate codes, de-duplicated; empty for tokens too short to code. */
export function phoneticCodesOf(text: string): readonly string[] {
  if (text.length < 3) return [];
  const [primary, alternate] = doubleMetaphone(text);
  if (primary === '') return [];
  return alternate === '' || alternate === primary ? [primary] : [primary, alternate];
}
