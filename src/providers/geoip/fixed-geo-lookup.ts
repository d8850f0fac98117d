/**
 * A GeoLookup from a table, for tests and the demo: no data files, deterministic answers. Addresses
 * are parsed exactly as the real lookup parses them, so an invalid IP gets the same error value.
 */
import type { GeoLookup, GeoLookupResult, NetworkFlag } from '../../domain/determination/geo.ts';
import { parseIp } from './ip-address.ts';

export interface FixedGeoEntry {
  country?: string | null;
  asn?: number | null;
  asOrg?: string | null;
  network?: NetworkFlag | null;
  publicAddress?: boolean;
}

export class FixedGeoLookup implements GeoLookup {
  private readonly table: Map<string, FixedGeoEntry>;

  constructor(table: Record<string, FixedGeoEntry>) {
    this.table = new Map(Object.entries(table).map(([ip, entry]) => [parseIp(ip)?.text ?? ip, entry]));
  }

  async lookup(ip: string): Promise<GeoLookupResult> {
    const parsed = parseIp(ip);
    if (parsed === undefined)
      return { ok: false, ip, error: 'invalid_ip', message: 'not an IPv4 or IPv6 address' };
    const entry = this.table.get(parsed.text) ?? {};
    const network = entry.network ?? null;
    return {
      ok: true,
      ip: parsed.text,
      country: entry.country ?? null,
      asn: entry.asn ?? null,
      asOrg: entry.asOrg ?? null,
      hosting: network !== null,
      network,
      publicAddress: entry.publicAddress ?? parsed.publicAddress,
    };
  }
}

/**
 * Answers for the documentation address ranges (RFC 5737, RFC 3849), which no real customer uses, so
 * demo applications are clearly fictional yet get realistic determinations.
 */
export const DEMO_GEO_TABLE: Record<string, FixedGeoEntry> = {
  '198.51.100.10': { country: 'US', asn: 64500, asOrg: 'Example US Broadband', publicAddress: true },
  '198.51.100.20': { country: 'SE', asn: 64501, asOrg: 'Example Nordic Telecom', publicAddress: true },
  '198.51.100.30': { country: 'DE', asn: 64502, asOrg: 'Example Fiber GmbH', publicAddress: true },
  '203.0.113.40': {
    country: 'NL',
    asn: 64503,
    asOrg: 'Example VPN Hosting',
    network: { kind: 'vpn', source: 'demo', label: 'AS64503 Example VPN Hosting (vpn)' },
    publicAddress: true,
  },
  '2001:db8::50': { country: 'JP', asn: 64504, asOrg: 'Example Mobile KK', publicAddress: true },
};
