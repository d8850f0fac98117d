/**
 * Integer helpers for tree positions. Sizes and indexes are JavaScript numbers up to
 * Number.MAX_SAFE_INTEGER (2^53 − 1); the bitwise operators truncate to 32 bits, so every helper
 * uses exact arithmetic on safe integers instead ("right-shift" is halving, "LSB" is `% 2`).
 */
export const MAX_TREE_SIZE = Number.MAX_SAFE_INTEGER;

export function isTreeSize(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

export function half(value: number): number {
  return Math.floor(value / 2);
}

export function isOdd(value: number): boolean {
  return value % 2 === 1;
}

/** The `k` of RFC 9162 §2.1.1: the largest power of two smaller than n, for n ≥ 2. */
export function largestPowerOfTwoBelow(n: number): number {
  // log2 is a float; the two loops correct its rounding near 2^53.
  let k = 2 ** Math.floor(Math.log2(n - 1));
  while (k >= n) k /= 2;
  while (k * 2 < n) k *= 2;
  return k;
}

/** BIT_CEIL of the Merkle Tree Certificates draft §4.1: the smallest power of two ≥ n (1 for n ≤ 1). */
export function bitCeil(n: number): number {
  return n <= 1 ? 1 : 2 * largestPowerOfTwoBelow(n);
}

export function popCount(value: number): number {
  let count = 0;
  for (let rest = value; rest > 0; rest = half(rest)) count += rest % 2;
  return count;
}

export function isPowerOfTwo(value: number): boolean {
  return value > 0 && popCount(value) === 1;
}

/** log2 of an exact power of two, counted rather than computed in floating point. */
export function exponentOf(powerOfTwo: number): number {
  let exponent = 0;
  for (let rest = powerOfTwo; rest > 1; rest /= 2) exponent += 1;
  return exponent;
}
