/**
 * IP geolocation from offline data: a country mmdb read with `maxmind` (default: the CC0
 * `@ip-location-db/geo-whois-asn-country-mmdb`, or any MaxMind-format country database) and ASN
 * ranges from `@ip-location-db/asn`. Nothing is read until the first lookup (or `load()`), so a
 * process that never geolocates pays nothing; concurrent first lookups share one load.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import maxmind, { type CountryResponse, type Reader } from 'maxmind';
import type { GeoLookup, GeoLookupResult, NetworkFlag } from '../../domain/determination/geo.ts';
import { AppError } from '../../errors.ts';
import { loadAsnCsv, type AsnIndex } from './asn-csv.ts';
import { HOSTING_ASNS, type HostingAsn } from './hosting-asns.ts';
import { parseIp, type ParsedIp } from './ip-address.ts';
import type { NetworkRangeList } from './range-lists.ts';

export interface MmdbGeoLookupOptions {
  /** Path of a country mmdb; the one in `@ip-location-db/geo-whois-asn-country-mmdb` by default. */
  countryDatabase?: string;
  /** Paths of the numeric ASN CSVs; those of `@ip-location-db/asn` by default; null for no ASN data. */
  asnDatabase?: { ipv4: string; ipv6: string } | null;
  hostingAsns?: readonly HostingAsn[];
  rangeLists?: readonly NetworkRangeList[];
}

export interface GeoLoadReport {
  loadMs: number;
  /** Heap growth during the load (approximate: the collector may run meanwhile). */
  heapDeltaBytes: number;
  /** Growth of memory outside the heap (the mmdb file is held in a Buffer). */
  externalDeltaBytes: number;
  countryDatabase: { path: string; builtAt: string; type: string };
  asnRanges: { ipv4: number; ipv6: number } | null;
}

/** Country records come as `{ country_code }` (ip-location-db) or `{ country: { iso_code } }` (MaxMind). */
type CountryRecord = CountryResponse & { country_code?: string };

interface Loaded {
  country: Reader<CountryRecord>;
  asn: AsnIndex | null;
  report: GeoLoadReport;
}

const packageFile = (specifier: string) => createRequire(import.meta.url).resolve(specifier);

export class MmdbGeoLookup implements GeoLookup {
  private loading: Promise<Loaded> | undefined;
  private readonly hostingAsns: Map<number, HostingAsn>;
  private rangeLists: readonly NetworkRangeList[];

  constructor(private readonly options: MmdbGeoLookupOptions = {}) {
    this.hostingAsns = new Map((options.hostingAsns ?? HOSTING_ASNS).map((entry) => [entry.asn, entry]));
    this.rangeLists = options.rangeLists ?? [];
  }

  /** Loads the data now (e.g. at start-up) instead of on the first lookup; safe to call again. */
  async load(): Promise<GeoLoadReport> {
    return (await this.loaded()).report;
  }

  /** Replaces the operator-imported VPN/Tor/proxy lists, e.g. after an import. */
  setRangeLists(lists: readonly NetworkRangeList[]): void {
    this.rangeLists = lists;
  }

  async lookup(ip: string): Promise<GeoLookupResult> {
    const parsed = parseIp(ip);
    if (parsed === undefined) {
      return { ok: false, ip, error: 'invalid_ip', message: 'not an IPv4 or IPv6 address' };
    }
    const base = { ok: true as const, ip: parsed.text, publicAddress: parsed.publicAddress };
    if (!parsed.publicAddress) {
      return { ...base, country: null, asn: null, asOrg: null, hosting: false, network: null };
    }
    const { country, asn } = await this.loaded();
    const record = country.get(parsed.text);
    const code = record?.country_code ?? record?.country?.iso_code ?? null;
    const asNumber = asn === null ? undefined : findAsn(asn, parsed);
    const asOrg = asNumber === undefined ? null : (asn?.organisations.get(asNumber) ?? null);
    const network = this.networkOf(parsed, asNumber, asOrg);
    return { ...base, country: code, asn: asNumber ?? null, asOrg, hosting: network !== null, network };
  }

  private networkOf(ip: ParsedIp, asn: number | undefined, asOrg: string | null): NetworkFlag | null {
    for (const list of this.rangeLists) {
      const flag = list.match(ip);
      if (flag !== undefined) return flag;
    }
    const hosting = asn === undefined ? undefined : this.hostingAsns.get(asn);
    if (hosting === undefined) return null;
    const label = `AS${hosting.asn} ${asOrg ?? hosting.name} (${hosting.kind})`;
    return { kind: hosting.kind, source: 'asn-list', label };
  }

  private loaded(): Promise<Loaded> {
    this.loading ??= this.readData().catch((error: unknown) => {
      this.loading = undefined;
      throw new AppError('CONFIG_INVALID', 'The IP geolocation data could not be loaded.', { cause: error });
    });
    return this.loading;
  }

  private async readData(): Promise<Loaded> {
    const started = performance.now();
    const before = process.memoryUsage();
    const countryPath =
      this.options.countryDatabase ??
      packageFile('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
    const asnPaths =
      this.options.asnDatabase === undefined
        ? {
            ipv4: packageFile('@ip-location-db/asn/asn-ipv4-num.csv'),
            ipv6: packageFile('@ip-location-db/asn/asn-ipv6-num.csv'),
          }
        : this.options.asnDatabase;
    const [country, asn] = await Promise.all([
      maxmind.open<CountryRecord>(countryPath),
      asnPaths === null ? Promise.resolve(null) : loadAsnCsv(asnPaths),
    ]);
    const after = process.memoryUsage();
    const report: GeoLoadReport = {
      loadMs: Math.round(performance.now() - started),
      heapDeltaBytes: after.heapUsed - before.heapUsed,
      externalDeltaBytes: after.external - before.external,
      countryDatabase: {
        path: countryPath,
        builtAt: country.metadata.buildEpoch.toISOString(),
        type: country.metadata.databaseType,
      },
      asnRanges: asn === null ? null : { ipv4: asn.ipv4.size, ipv6: asn.ipv6.size },
    };
    return { country, asn, report };
  }
}

function findAsn(index: AsnIndex, ip: ParsedIp): number | undefined {
  return ip.version === 4 ? index.ipv4.find(ip.value) : index.ipv6.find(ip.value);
}
