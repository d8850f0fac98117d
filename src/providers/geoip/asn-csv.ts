/**
 * Reads the `@ip-location-db/asn` CSV files (`start,end,asn,organisation`, addresses as decimal
 * numbers) into sorted ranges. There is no ASN mmdb package on the registry, so the CSV is parsed once,
 * lazily, on the first lookup. It is parsed as bytes: IPv4 numbers without making strings, and each
 * organisation decoded once into its own string (a slice of the file text would keep all 30 MB alive).
 */
import { readFile } from 'node:fs/promises';
import { SortedRanges } from './sorted-ranges.ts';

export interface AsnIndex {
  ipv4: SortedRanges<number>;
  ipv6: SortedRanges<bigint>;
  organisations: Map<number, string>;
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;

export async function loadAsnCsv(paths: { ipv4: string; ipv6: string }): Promise<AsnIndex> {
  const organisations = new Map<number, string>();
  // One file at a time keeps the peak low; parsing blocks the event loop for a few hundred ms per
  // file, and the read in between lets waiting work run.
  const ipv4 = parseIpv4(await readFile(paths.ipv4), organisations);
  const ipv6 = parseIpv6(await readFile(paths.ipv6), organisations);
  return { ipv4, ipv6, organisations };
}

function parseIpv4(bytes: Buffer, organisations: Map<number, string>): SortedRanges<number> {
  const rows = countLines(bytes);
  const starts = new Uint32Array(rows);
  const ends = new Uint32Array(rows);
  const asns = new Uint32Array(rows);
  let row = 0;
  forEachRow(bytes, (fields, lineEnd) => {
    starts[row] = decimal(bytes, fields[0], fields[1]);
    ends[row] = decimal(bytes, fields[1] + 1, fields[2]);
    asns[row] = decimal(bytes, fields[2] + 1, fields[3]);
    remember(organisations, asns[row] ?? 0, bytes, fields[3] + 1, lineEnd);
    row += 1;
  });
  return new SortedRanges<number>(starts.subarray(0, row), ends.subarray(0, row), asns.subarray(0, row));
}

function parseIpv6(bytes: Buffer, organisations: Map<number, string>): SortedRanges<bigint> {
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const asns: number[] = [];
  forEachRow(bytes, (fields, lineEnd) => {
    starts.push(BigInt(bytes.toString('latin1', fields[0], fields[1])));
    ends.push(BigInt(bytes.toString('latin1', fields[1] + 1, fields[2])));
    const asn = decimal(bytes, fields[2] + 1, fields[3]);
    asns.push(asn);
    remember(organisations, asn, bytes, fields[3] + 1, lineEnd);
  });
  return new SortedRanges<bigint>(starts, ends, asns);
}

/** Calls `row` with the offsets of the line start and its first three commas. */
function forEachRow(
  bytes: Buffer,
  row: (fields: [number, number, number, number], lineEnd: number) => void,
): void {
  const fields: [number, number, number, number] = [0, -1, -1, -1];
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(NEWLINE, start);
    const lineEnd = newline === -1 ? bytes.length : newline;
    fields[0] = start;
    let commas = 0;
    for (let i = start; i < lineEnd && commas < 3; i += 1) {
      if (bytes[i] === COMMA) fields[++commas] = i;
    }
    if (commas === 3) row(fields, lineEnd);
    start = lineEnd + 1;
  }
}

function decimal(bytes: Buffer, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) value = value * 10 + ((bytes[i] ?? 48) - 48);
  return value;
}

function remember(
  organisations: Map<number, string>,
  asn: number,
  bytes: Buffer,
  from: number,
  to: number,
): void {
  if (organisations.has(asn)) return;
  const field = bytes.toString('utf8', from, to).trim();
  const name =
    field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field;
  organisations.set(asn, name);
}

function countLines(bytes: Buffer): number {
  let lines = 1;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) lines += 1;
  return lines;
}
