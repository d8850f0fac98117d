/**
 * An in-memory interval index: address ranges sorted by start, each with a numeric value (an ASN, or
 * an index into a label table). Lookups are a binary search. Ranges may nest (the ASN data has a few):
 * the search walks back from the last range starting at or before the address, guided by the running
 * maximum of ends, and returns the innermost covering range. IPv4 columns are typed arrays (compact,
 * 16 bytes a range); IPv6 addresses need 128 bits, so they are bigints.
 */
type Column<N> = N extends number ? Uint32Array | number[] : bigint[];

export interface RangeRow<N> {
  start: N;
  end: N;
  value: number;
}

export class SortedRanges<N extends number | bigint> {
  private readonly maxEnds: ArrayLike<N>;

  /** Columns must be sorted by start; use `fromRows` for unsorted input. */
  constructor(
    private readonly starts: Column<N>,
    private readonly ends: Column<N>,
    private readonly values: ArrayLike<number>,
  ) {
    const maxEnds = (
      ends instanceof Uint32Array ? new Uint32Array(ends.length) : new Array<N>(ends.length)
    ) as N[];
    for (let i = 0; i < ends.length; i += 1) {
      const end = ends[i] as N;
      const previous = i === 0 ? end : (maxEnds[i - 1] as N);
      maxEnds[i] = end > previous ? end : previous;
    }
    this.maxEnds = maxEnds;
  }

  static fromRows<N extends number | bigint>(rows: RangeRow<N>[]): SortedRanges<N> {
    const sorted = [...rows].sort((a, b) => compare(a.start, b.start));
    return new SortedRanges<N>(
      sorted.map((row) => row.start) as Column<N>,
      sorted.map((row) => row.end) as Column<N>,
      sorted.map((row) => row.value),
    );
  }

  /** Merges overlapping and adjacent ranges, keeping the first value; for a set of one kind. */
  static mergedFromRows<N extends number | bigint>(rows: RangeRow<N>[]): SortedRanges<N> {
    const merged: RangeRow<N>[] = [];
    for (const row of [...rows].sort((a, b) => compare(a.start, b.start))) {
      const last = merged.at(-1);
      if (last !== undefined && row.start <= successor(last.end)) {
        if (row.end > last.end) last.end = row.end;
      } else {
        merged.push({ ...row });
      }
    }
    return SortedRanges.fromRows(merged);
  }

  get size(): number {
    return this.starts.length;
  }

  find(address: N): number | undefined {
    let low = 0;
    let high = this.starts.length - 1;
    let candidate = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.starts[mid] as N) <= address) {
        candidate = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    for (let i = candidate; i >= 0 && (this.maxEnds[i] as N) >= address; i -= 1) {
      if ((this.ends[i] as N) >= address) return this.values[i];
    }
    return undefined;
  }
}

function compare<N extends number | bigint>(a: N, b: N): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function successor<N extends number | bigint>(value: N): N {
  const next: number | bigint = typeof value === 'bigint' ? value + 1n : Number(value) + 1;
  return next as N;
}
