/**
 * Whether a name as typed by a person can be the name printed in an MRZ. The MRZ alphabet is A–Z:
 * ICAO Doc 9303 Part 3 §6 transliterates other Latin letters either to their base letter or by its
 * table (Ä → AE, Ø → OE, ß → SS …), and issuing states choose one per letter; other scripts come
 * through a national transliteration. Both readings are accepted per letter, with any-ascii standing
 * in for scripts the ICAO table does not cover, so "Müller" matches MULLER and MUELLER.
 */
import anyAscii from 'any-ascii';

/** ICAO 9303 Part 3, Table "Transliteration of multinational Latin-based characters" (the non-trivial rows). */
const ICAO_LATIN: Record<string, string> = {
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ĳ: 'IJ',
  Ö: 'OE',
  Ø: 'OE',
  Œ: 'OE',
  Ü: 'UE',
  ß: 'SS',
  Þ: 'TH',
  Ð: 'D',
};

/** Hyphens, spaces (and a typed `<`) become the filler `<`, one word break; other marks are dropped. */
const SEPARATOR = /[\s\p{Pd},<]/u;
const DROPPED = /[\p{P}\p{S}\p{M}]/u;
const MAX_NAME = 200;

/** Each typed character as the strings it may have become in the MRZ (`' '` is a word break). */
function readings(typed: string): string[][] {
  const result: string[][] = [];
  for (const char of typed.normalize('NFC').slice(0, MAX_NAME)) {
    if (SEPARATOR.test(char)) {
      // Some issuers run the words together, so a word break may also vanish.
      if (result.length > 0 && result.at(-1)?.[0] !== ' ') result.push([' ', '']);
      continue;
    }
    if (DROPPED.test(char)) continue;
    const upper = char.toUpperCase();
    const ascii = anyAscii(char)
      .toUpperCase()
      .replace(/[^A-Z]/g, '');
    const table = ICAO_LATIN[upper] ?? ICAO_LATIN[char];
    result.push([...new Set([ascii, ...(table === undefined ? [] : [table])])]);
  }
  while (result.at(-1)?.[0] === ' ') result.pop();
  return result;
}

/**
 * `mrzName` is the surname or the given names as `parseMrz` returns them (words separated by single
 * spaces). When the MRZ names field was full, the printed name may be a cut-off prefix of the real one.
 */
export function nameMatchesMrz(typed: string, mrzName: string, truncated: boolean): boolean {
  const chars = readings(typed);
  const target = mrzName;
  // Memoised walk over (typed position, MRZ position): each typed character may consume any of its readings.
  const seen = new Set<number>();
  const width = target.length + 1;
  const walk = (i: number, j: number): boolean => {
    if (j === target.length && (i === chars.length || truncated)) return true;
    if (i === chars.length) return false;
    const key = i * width + j;
    if (seen.has(key)) return false;
    seen.add(key);
    for (const reading of chars[i] ?? []) {
      const fits = truncated ? fitsTruncated(target, j, reading) : target.startsWith(reading, j);
      if (fits && walk(i + 1, Math.min(j + reading.length, target.length))) return true;
    }
    return false;
  };
  return walk(0, 0);
}

/** In a truncated field the last reading may itself be cut off (Ä → "A" of "AE" at the very end). */
function fitsTruncated(target: string, at: number, reading: string): boolean {
  if (target.startsWith(reading, at)) return true;
  const left = target.slice(at);
  return left.length < reading.length && reading.startsWith(left);
}
