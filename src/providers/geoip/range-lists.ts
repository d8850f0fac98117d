/**
 * Operator-imported network lists (VPN exits, Tor exits, proxies, a commercial hosting feed): plain
 * text, one CIDR block or address per line, `#` comments. Each list has one kind; lines that do not
 * parse are reported by line number and skipped, so one bad line does not lose a whole feed.
 */
import type { NetworkFlag } from '../../domain/determination/geo.ts';
import { parseCidr, type ParsedIp } from './ip-address.ts';
import { SortedRanges, type RangeRow } from './sorted-ranges.ts';

export interface RangeListProblem {
  line: number;
  text: string;
  message: string;
}

export interface NetworkRangeList {
  name: string;
  kind: NetworkFlag['kind'];
  size: number;
  /** The flag for an address on this list, or undefined. */
  match(ip: ParsedIp): NetworkFlag | undefined;
}

/** Lines longer than this are not addresses; refusing them keeps a hostile file from costing memory. */
const MAX_LINE_LENGTH = 100;

export function parseRangeList(
  text: string,
  meta: { name: string; kind: NetworkFlag['kind'] },
): { list: NetworkRangeList; problems: RangeListProblem[] } {
  const v4: RangeRow<number>[] = [];
  const v6: RangeRow<bigint>[] = [];
  const labels: string[] = [];
  const problems: RangeListProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const cidr = line.length > MAX_LINE_LENGTH ? undefined : parseCidr(line);
    if (cidr === undefined) {
      problems.push({
        line: index + 1,
        text: raw.slice(0, MAX_LINE_LENGTH),
        message: 'not an IP address or CIDR block',
      });
      return;
    }
    labels.push(cidr.text);
    const value = labels.length - 1;
    if (cidr.version === 4) v4.push({ start: cidr.start as number, end: cidr.end as number, value });
    else v6.push({ start: cidr.start as bigint, end: cidr.end as bigint, value });
  });
  const ranges4 = SortedRanges.mergedFromRows(v4);
  const ranges6 = SortedRanges.mergedFromRows(v6);
  const list: NetworkRangeList = {
    name: meta.name,
    kind: meta.kind,
    size: labels.length,
    match(ip) {
      const found = ip.version === 4 ? ranges4.find(ip.value) : ranges6.find(ip.value);
      if (found === undefined) return undefined;
      return {
        kind: meta.kind,
        source: meta.name,
        label: `${meta.name} (${meta.kind}): ${labels[found] ?? ''}`,
      };
    },
  };
  return { list, problems };
}
