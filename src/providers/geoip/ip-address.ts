/**
 * Strict IP parsing. Addresses are attacker-controlled (sign-up forms, imported logs): only the
 * canonical textual forms are accepted, not the legacy shortcuts that inet_aton and ipaddr.js's
 * lenient parser allow ("8.8" = 8.0.0.8, "010.1.1.1" read as octal), and no IPv6 zone ids.
 */
import ipaddr from 'ipaddr.js';

export type ParsedIp =
  | { version: 4; value: number; text: string; publicAddress: boolean }
  | { version: 6; value: bigint; text: string; publicAddress: boolean };

/** Four decimal octets, no leading zeros (which some parsers read as octal). */
const DOTTED_QUAD = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Undefined when `input` is not an IPv4 dotted quad or an IPv6 address. IPv4-mapped IPv6 becomes IPv4. */
export function parseIp(input: string): ParsedIp | undefined {
  if (DOTTED_QUAD.test(input)) return fromAddress(new ipaddr.IPv4(input.split('.').map(Number)));
  if (input.length > 45 || input.includes('%') || !input.includes(':')) return undefined;
  let address: ipaddr.IPv6;
  try {
    address = ipaddr.IPv6.parse(input);
  } catch {
    return undefined;
  }
  return fromAddress(address.isIPv4MappedAddress() ? address.toIPv4Address() : address);
}

function fromAddress(address: ipaddr.IPv4 | ipaddr.IPv6): ParsedIp {
  // "unicast" is ipaddr.js's name for the globally routable remainder of each address family.
  const publicAddress = address.range() === 'unicast';
  if (address.kind() === 'ipv4') {
    return {
      version: 4,
      value: bytesToNumber(address.toByteArray()),
      text: address.toString(),
      publicAddress,
    };
  }
  return { version: 6, value: bytesToBigInt(address.toByteArray()), text: address.toString(), publicAddress };
}

export interface ParsedCidr {
  version: 4 | 6;
  start: number | bigint;
  end: number | bigint;
  text: string;
}

/** A CIDR block or a single address (a /32 or /128); host bits set after the prefix are ignored. */
export function parseCidr(input: string): ParsedCidr | undefined {
  const [address = '', prefixText, ...rest] = input.split('/');
  if (rest.length > 0) return undefined;
  const ip = parseIp(address);
  if (ip === undefined) return undefined;
  const mappedV4 = ip.version === 4 && !DOTTED_QUAD.test(address);
  const bits = ip.version === 4 ? 32 : 128;
  let prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  // ::ffff:a.b.c.d/120 names the IPv4 block a.b.c.d/24.
  if (mappedV4 && prefixText !== undefined) prefix -= 96;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const text = `${ip.text}/${prefix}`;
  if (ip.version === 4) {
    const hostMask = prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
    const start = (ip.value & ~hostMask) >>> 0;
    return { version: 4, start, end: (start | hostMask) >>> 0, text };
  }
  const hostBits = BigInt(128 - prefix);
  const start = (ip.value >> hostBits) << hostBits;
  return { version: 6, start, end: start | ((1n << hostBits) - 1n), text };
}

function bytesToNumber(bytes: number[]): number {
  return bytes.reduce((acc, byte) => acc * 256 + byte, 0);
}

function bytesToBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}
