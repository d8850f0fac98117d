/**
 * Which webhook URLs an endpoint may have. Gatehouse calls these URLs from inside the provider's
 * network, so an attacker with an admin key could aim it at internal services (SSRF). By default only
 * https to a public host name or address is allowed; `allowInsecure` (development and tests) also
 * permits http and private or loopback addresses. Host names are not resolved here: the delivery
 * transport checks every address a name resolves to when it connects (providers/webhooks/fetch-transport.ts).
 */
import ipaddr from 'ipaddr.js';

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

export function checkWebhookUrl(raw: string, allowInsecure: boolean): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'is not an absolute URL' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'must not carry credentials' };
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:'))
    return { ok: false, message: allowInsecure ? 'must be http or https' : 'must be https' };
  if (!allowInsecure && isPrivateHost(url.hostname))
    return { ok: false, message: 'must not point at a private, loopback or link-local address' };
  return { ok: true, url: url.toString() };
}

function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) return true;
  if (!ipaddr.isValid(host)) return false;
  return !isPublicAddress(host);
}

/** A public unicast address (IPv4-mapped IPv6 read as IPv4); private, loopback, link-local and the rest are not. */
export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'unicast';
}
