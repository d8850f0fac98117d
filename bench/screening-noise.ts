/**
 * Realistic, seeded distortions of list names, the way a customer's form or another source writes
 * them: a typo, a different romanisation, given name first instead of "LAST, First", a middle name
 * left out, a given name as an initial, the name in Cyrillic.
 */
import { pick } from './screening-names.ts';

export const NOISE_KINDS = [
  'typo',
  'two-typos',
  'transliteration',
  'reordered',
  'missing-middle',
  'initial',
  'cyrillic',
] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

/** "PUTIN, Vladimir Vladimirovich" → ["Vladimir", "Vladimirovich", "PUTIN"]; other names by spaces. */
export function naturalOrder(name: string): string[] {
  const parts = name.split(',');
  const ordered = parts.length === 2 ? `${parts[1] ?? ''} ${parts[0] ?? ''}` : name.replace(/,/g, ' ');
  return ordered.split(/\s+/).filter((word) => word !== '');
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One keyboard or transcription slip in one word of four letters or more: drop, double, swap or change. */
function typo(words: string[], random: () => number): string[] {
  const candidates = words.map((word, i) => ({ word, i })).filter(({ word }) => /^[A-Za-z]{4,}$/.test(word));
  if (candidates.length === 0) return words;
  const { word, i } = pick(random, candidates);
  const at = 1 + Math.floor(random() * (word.length - 2));
  const edits = [
    () => word.slice(0, at) + word.slice(at + 1),
    () => word.slice(0, at) + (word[at] ?? '') + word.slice(at),
    () => word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2),
    () => word.slice(0, at) + pick(random, [...LETTERS]) + word.slice(at + 1),
  ];
  const result = [...words];
  result[i] = pick(random, edits)();
  return result;
}

/** Spelling pairs that romanisation systems disagree on, applied once where they occur. */
const VARIANTS: readonly (readonly [RegExp, string])[] = [
  [/mohammed|mohammad|muhammad|mohamed/i, 'Muhammad'],
  [/v/i, 'w'],
  [/ou/i, 'u'],
  [/y/i, 'i'],
  [/i(?=[aeou])/i, 'y'],
  [/kh/i, 'h'],
  [/ph/i, 'f'],
  [/q/i, 'k'],
  [/k(?![h])/i, 'q'],
  [/ss/i, 's'],
  [/j/i, 'dzh'],
  [/ei/i, 'ey'],
  [/ee/i, 'i'],
  [/u/i, 'oo'],
  [/(?<=[a-z])ev\b/i, 'yev'],
  [/(?<=[a-z])ov\b/i, 'off'],
];

function transliteration(words: string[], random: () => number): string[] {
  const text = words.join(' ');
  const applicable = VARIANTS.filter(([pattern]) => pattern.test(text));
  if (applicable.length === 0) return typo(words, random);
  const [pattern, replacement] = pick(random, applicable);
  return text.replace(pattern, replacement).split(' ');
}

function reordered(words: string[], random: () => number): string[] {
  if (words.length < 2) return words;
  const result = [...words];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j] as string, result[i] as string];
  }
  return result.join(' ') === words.join(' ') ? [...words.slice(1), words[0] as string] : result;
}

function missingMiddle(words: string[], random: () => number): string[] {
  if (words.length < 3) return typo(words, random);
  const drop = 1 + Math.floor(random() * (words.length - 2));
  return words.filter((_, i) => i !== drop);
}

function initial(words: string[], random: () => number): string[] {
  if (words.length < 2 || !/^[A-Za-z]{2,}$/.test(words[0] ?? '')) return typo(words, random);
  return [`${(words[0] ?? '').charAt(0)}.`, ...words.slice(1)];
}

const CYRILLIC: readonly (readonly [string, string])[] = [
  ['shch', 'щ'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ts', 'ц'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['yu', 'ю'],
  ['ya', 'я'],
  ['a', 'а'],
  ['b', 'б'],
  ['v', 'в'],
  ['g', 'г'],
  ['d', 'д'],
  ['e', 'е'],
  ['z', 'з'],
  ['i', 'и'],
  ['y', 'ы'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['f', 'ф'],
  ['h', 'х'],
  ['c', 'к'],
  ['q', 'к'],
  ['w', 'в'],
  ['x', 'кс'],
  ['j', 'дж'],
];

/** The name written in Cyrillic, as a Russian-language source or form would. */
function cyrillic(words: string[]): string[] {
  return words.map((word) => {
    let rest = word.toLowerCase();
    let out = '';
    while (rest !== '') {
      const found = CYRILLIC.find(([latin]) => rest.startsWith(latin));
      out += found?.[1] ?? rest[0];
      rest = rest.slice(found?.[0].length ?? 1);
    }
    return out.charAt(0).toUpperCase() + out.slice(1);
  });
}

/**
 * `person`: initials, a dropped middle name and given-name-first order are ways of writing people's
 * names; an entity's name gets a typo instead.
 */
export function distort(name: string, kind: NoiseKind, random: () => number, person: boolean): string {
  const words = naturalOrder(name);
  switch (kind) {
    case 'typo':
      return typo(words, random).join(' ');
    case 'two-typos':
      return typo(typo(words, random), random).join(' ');
    case 'transliteration':
      return transliteration(words, random).join(' ');
    case 'reordered':
      return (person ? reordered(words, random) : typo(words, random)).join(' ');
    case 'missing-middle':
      return (person ? missingMiddle(words, random) : typo(words, random)).join(' ');
    case 'initial':
      return (person ? initial(words, random) : typo(words, random)).join(' ');
    case 'cyrillic':
      return cyrillic(words).join(' ');
  }
}
