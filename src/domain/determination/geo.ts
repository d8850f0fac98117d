/**
 * The port to IP geolocation. Determination is pure and takes facts; a service asks a GeoLookup about
 * each IP first and passes the answers in (see `signalsFromApplication`). The adapter lives in
 * src/providers/geoip/ (offline mmdb data); a fixed table stands in for it in tests and the demo.
 *
 * `lookup` is asynchronous so that an implementation can load its data lazily on first use (and could
 * be a remote service) without blocking the event loop; once loaded, answers come from memory.
 */

/** Why an IP's network is not a good guide to where a person is. */
export interface NetworkFlag {
  kind: 'hosting' | 'vpn' | 'tor' | 'proxy';
  /** Where the flag came from: `asn-list` (the curated hosting ASNs) or an operator range list's name. */
  source: string;
  /** A human label, e.g. `AS16509 Amazon (cloud)` or `tor-exits: 185.220.101.0/24`. */
  label: string;
}

export type GeoLookupResult =
  | {
      ok: true;
      /** The address in canonical form (IPv4-mapped IPv6 is shown as IPv4). */
      ip: string;
      /** ISO 3166-1 alpha-2, or null when the data has no country (private or unallocated address). */
      country: string | null;
      asn: number | null;
      asOrg: string | null;
      /** True when the network is hosting, cloud, VPN, proxy or Tor: its location says little. */
      hosting: boolean;
      network: NetworkFlag | null;
      /** False for private, loopback, link-local, reserved … addresses: they cannot be located. */
      publicAddress: boolean;
    }
  | { ok: false; ip: string; error: 'invalid_ip'; message: string };

export interface GeoLookup {
  lookup(ip: string): Promise<GeoLookupResult>;
}
