// Spelling distance between two words and the tests that tell a slip from a different name.

/** From this length a run of two changed letters can still be a slip (Trafalgura / Trafigura). */
const LONG_WORD = 8;
/** Up to this length, letters put in front make another name (Hong / Zhong). */
export const SHORT_WORD = 5;

/**
 * Edits allowed in a word of this length. Short words get none below three letters, since one
 * letter changes "Li" into "Lu"; long words absorb more slips before they become another name.
 */
export function editBudget(length: number): number {
  if (length <= 2) return 0;
  if (length <= 5) return 1;
  if (length <= 9) return 2;
  return 3;
}

// Three DP rows reused across calls: the matcher computes thousands of distances per query and fresh
// arrays would be most of its garbage. Words longer than the rows get rows of their own.
const ROW = 64;
const rows = [new Int32Array(ROW + 1), new Int32Array(ROW + 1), new Int32Array(ROW + 1)] as const;

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent transpositions),
 * or `max + 1` as soon as it is known to exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  const own = width > ROW + 1;
  let before = own ? new Int32Array(width) : rows[0];
  let previous = own ? new Int32Array(width) : rows[1];
  let current = own ? new Int32Array(width) : rows[2];
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const recycled = before;
    before = previous;
    previous = current;
    current = recycled;
  }
  return Math.min(previous[width - 1]!, max + 1);
}

/**
 * Cheap necessary condition for an edit distance within `max`: the lengths differ by at most `max`,
 * and each letter one word has and the other lacks takes an edit of its own.
 */
export function mayBeWithin(a: string, b: string, lettersA: number, lettersB: number, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  return bitCount(lettersA & ~lettersB) <= max && bitCount(lettersB & ~lettersA) <= max;
}

function bitCount(mask: number): number {
  let value = mask - ((mask >>> 1) & 0x55555555);
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Whether the edits sit together in one run of letters. Slips of the keyboard or of a transcriber are
 * scattered single letters (Lukashnko, Khordorovsky); a run of changed letters is another name part
 * (Pezesh-far / Pezesh-kian, Castillo / Castro, Monteiro / Montenegro), except a run of two in a long
 * word (Trafalgura / Trafigura).
 */
export function isRunOfChanges(a: string, b: string, distance: number): boolean {
  if (distance < 2 || (distance === 2 && Math.max(a.length, b.length) >= LONG_WORD)) return false;
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  return Math.max(a.length, b.length) - prefix - suffix <= distance;
}

/**
 * A short word that is another with letters put in front is another name, not a slip: Hong / Zhong,
 * Hung / Phung, Wang / Kwang are all surnames of their own.
 */
export function isPrefixed(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.length <= SHORT_WORD && short.length < long.length && long.endsWith(short);
}
