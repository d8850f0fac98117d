/**
 * A starting point, not a complete list: well-known cloud, hosting and VPN networks whose addresses
 * say little about where a customer is. Names were checked against the ASN data shipped in
 * `@ip-location-db/asn`. Operators extend it by passing their own list, and add VPN/Tor exit ranges
 * as range lists (`parseRangeList`); commercial "hosting/VPN" feeds can be imported the same way.
 */
import type { NetworkFlag } from '../../domain/determination/geo.ts';

export interface HostingAsn {
  asn: number;
  name: string;
  kind: NetworkFlag['kind'];
}

export const HOSTING_ASNS: readonly HostingAsn[] = [
  { asn: 16509, name: 'Amazon (AWS)', kind: 'hosting' },
  { asn: 14618, name: 'Amazon (AWS)', kind: 'hosting' },
  { asn: 15169, name: 'Google', kind: 'hosting' },
  { asn: 396982, name: 'Google Cloud', kind: 'hosting' },
  { asn: 8075, name: 'Microsoft (Azure)', kind: 'hosting' },
  { asn: 31898, name: 'Oracle Cloud', kind: 'hosting' },
  { asn: 36351, name: 'IBM Cloud', kind: 'hosting' },
  { asn: 45102, name: 'Alibaba Cloud', kind: 'hosting' },
  { asn: 132203, name: 'Tencent Cloud', kind: 'hosting' },
  { asn: 14061, name: 'DigitalOcean', kind: 'hosting' },
  { asn: 63949, name: 'Akamai (Linode)', kind: 'hosting' },
  { asn: 20473, name: 'Vultr (The Constant Company)', kind: 'hosting' },
  { asn: 16276, name: 'OVHcloud', kind: 'hosting' },
  { asn: 24940, name: 'Hetzner', kind: 'hosting' },
  { asn: 212317, name: 'Hetzner', kind: 'hosting' },
  { asn: 213230, name: 'Hetzner', kind: 'hosting' },
  { asn: 12876, name: 'Scaleway', kind: 'hosting' },
  { asn: 51167, name: 'Contabo', kind: 'hosting' },
  { asn: 40021, name: 'Contabo', kind: 'hosting' },
  { asn: 60781, name: 'Leaseweb', kind: 'hosting' },
  { asn: 16265, name: 'Leaseweb', kind: 'hosting' },
  { asn: 8560, name: 'IONOS', kind: 'hosting' },
  { asn: 46606, name: 'Unified Layer', kind: 'hosting' },
  { asn: 26496, name: 'GoDaddy', kind: 'hosting' },
  { asn: 8100, name: 'QuadraNet', kind: 'hosting' },
  { asn: 36352, name: 'HostPapa (ColoCrossing)', kind: 'hosting' },
  { asn: 53667, name: 'FranTech (BuyVM)', kind: 'hosting' },
  { asn: 19318, name: 'Interserver', kind: 'hosting' },
  { asn: 55286, name: 'B2 Net Solutions', kind: 'hosting' },
  { asn: 9370, name: 'SAKURA Internet', kind: 'hosting' },
  { asn: 62240, name: 'Clouvider', kind: 'hosting' },
  { asn: 396356, name: 'Latitude.sh', kind: 'hosting' },
  // Networks that carry much commercial VPN traffic.
  { asn: 9009, name: 'M247', kind: 'vpn' },
  { asn: 60068, name: 'Datacamp (CDN77)', kind: 'vpn' },
  { asn: 212238, name: 'Datacamp (CDN77)', kind: 'vpn' },
  { asn: 39351, name: '31173 Services (Mullvad)', kind: 'vpn' },
  // Cloudflare serves its WARP VPN from its own network.
  { asn: 13335, name: 'Cloudflare', kind: 'vpn' },
];
