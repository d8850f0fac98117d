/**
 * What an investigator may ask of the access log, checked before any query runs. A network is an
 * address or a CIDR block; the time window is bounded so that one search cannot scan the whole log.
 */
import ipaddr from 'ipaddr.js';

export interface NetworkQuery {
  /** Canonical CIDR text, host bits cleared: `203.0.113.0/24`, `2001:db8::/48`, `198.51.100.7/32`. */
  cidr: string;
  /** First and last address of the block: an index range on the stored addresses. */
  first: string;
  last: string;
  prefixLength: number;
}

/** Wider blocks than these are refused: they are a scan of a provider's whole address space. */
export const WIDEST_PREFIX = { ipv4: 8, ipv6: 32 } as const;
export const MAX_SEARCH_WINDOW_DAYS = 400;

export function parseNetworkQuery(text: string): NetworkQuery | undefined {
  const [address = '', prefix, ...rest] = text.split('/');
  if (rest.length > 0 || address.includes('%')) return undefined;
  const isV4 = ipaddr.IPv4.isValidFourPartDecimal(address);
  if (!isV4 && !(address.includes(':') && ipaddr.IPv6.isValid(address))) return undefined;
  const parsed = ipaddr.process(address);
  const kind = parsed.kind();
  const bits = kind === 'ipv4' ? 32 : 128;
  const prefixLength = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!Number.isInteger(prefixLength) || prefixLength < WIDEST_PREFIX[kind] || prefixLength > bits) {
    return undefined;
  }
  const block = `${parsed.toString()}/${prefixLength}`;
  const first =
    kind === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(block) : ipaddr.IPv6.networkAddressFromCIDR(block);
  const last =
    kind === 'ipv4'
      ? ipaddr.IPv4.broadcastAddressFromCIDR(block)
      : ipaddr.IPv6.broadcastAddressFromCIDR(block);
  return {
    cidr: `${first.toString()}/${prefixLength}`,
    first: first.toString(),
    last: last.toString(),
    prefixLength,
  };
}

/** Keyset position of the (at, event_key) order: `<epoch ms>:<signed 64-bit key>`. */
export interface EventPosition {
  at: Date;
  key: string;
}

export function positionOfEvent(at: Date, key: string): string {
  return `${at.getTime()}:${key}`;
}

/** A position comes from a client cursor: anything not produced by `positionOfEvent` is refused. */
export function parseEventPosition(position: string): EventPosition | undefined {
  const match = /^(\d{1,15}):(-?\d{1,19})$/.exec(position);
  if (match === null) return undefined;
  const key = BigInt(match[2] ?? '');
  if (key < -(2n ** 63n) || key >= 2n ** 63n) return undefined;
  return { at: new Date(Number(match[1])), key: key.toString() };
}

export function windowProblem(from: Date, to: Date): string | undefined {
  if (to <= from) return "'to' must be after 'from'.";
  if (to.getTime() - from.getTime() > MAX_SEARCH_WINDOW_DAYS * 86_400_000) {
    return `The window may span at most ${MAX_SEARCH_WINDOW_DAYS} days; split the search.`;
  }
  return undefined;
}
