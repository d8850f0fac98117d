/**
 * A signed 64-bit integer (an access event's key, PostgreSQL int8) written from its decimal text as 8
 * bytes for the binary COPY, without BigInt: `DataView.setBigInt64(at, BigInt(text))` took 0.22–0.34 µs
 * an event, this about 0.1 (docs/benchmarks.md, 2026-12-01 19:47–). Rows carry the key as the text
 * BigInt's `toString()` made in the service (event-key.ts), and so do JetStream messages.
 */

const TWO_TO_32 = 4_294_967_296;

/**
 * Writes decimal `text` (an int8: optional '-', 1–19 digits, within −2⁶³…2⁶³−1) at `at` as 8 bytes,
 * big-endian two's complement, as DataView.setBigInt64(at, BigInt(text)) would. Anything else throws.
 */
export function writeInt64Decimal(view: DataView, at: number, text: string): void {
  const negative = text.charCodeAt(0) === 45; // '-'
  const start = negative ? 1 : 0;
  const digits = text.length - start;
  if (digits < 1 || digits > 19) throw new RangeError(`not a 64-bit integer: ${text.slice(0, 24)}`);
  // hi·2³² + lo accumulated four digits at a time: lo·10⁴ + 9,999 < 2⁵³.
  let hi = 0;
  let lo = 0;
  let i = start;
  let chunkEnd = start + (digits % 4 || 4);
  while (i < text.length) {
    let chunk = 0;
    let scale = 1;
    for (; i < chunkEnd; i += 1) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) throw new RangeError(`not a 64-bit integer: ${text.slice(0, 24)}`);
      chunk = chunk * 10 + digit;
      scale *= 10;
    }
    const wide = lo * scale + chunk;
    const carry = Math.floor(wide / TWO_TO_32);
    lo = wide - carry * TWO_TO_32;
    hi = hi * scale + carry; // below 2³² · 10⁴: exact
    chunkEnd = i + 4;
  }
  // 19 digits stay below 2⁶⁴, so hi < 2³²; the sign bit must be clear, but for −2⁶³ itself.
  const limit = hi > 0x7fffffff && !(negative && hi === 0x80000000 && lo === 0);
  if (limit) throw new RangeError(`not a 64-bit integer: ${text.slice(0, 24)}`);
  if (negative && (hi !== 0 || lo !== 0)) {
    const negLo = lo === 0 ? 0 : TWO_TO_32 - lo;
    hi = (TWO_TO_32 - 1 - hi + (lo === 0 ? 1 : 0)) % TWO_TO_32;
    lo = negLo;
  }
  view.setUint32(at, hi);
  view.setUint32(at + 4, lo);
}
