/**
 * Sends webhook deliveries over node:http(s). Redirects are not followed (a receiver that moved must
 * be re-registered; following them would let a URL that passed the SSRF check bounce elsewhere), and
 * a slow receiver is cut off so one endpoint cannot stall the delivery worker.
 *
 * The URL was checked when the endpoint was registered (domain/webhooks/url.ts), but a public host name
 * can resolve to a private address, then or later (DNS rebinding). So unless private addresses are
 * allowed (development and tests, `GATEHOUSE_WEBHOOKS_ALLOW_INSECURE`), every address the name resolves
 * to is checked at connect time, and the connection is made to the address that was checked.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import { isPublicAddress } from '../../domain/webhooks/url.ts';
import type { WebhookTransport } from '../../services/events.ts';

export interface FetchTransportOptions {
  /** Let deliveries reach private, loopback and link-local addresses (development and tests only). */
  allowPrivateAddresses?: boolean;
}

export function createFetchTransport(
  timeoutMs = 10_000,
  options: FetchTransportOptions = {},
): WebhookTransport {
  const allowPrivate = options.allowPrivateAddresses === true;
  return {
    post(url, headers, body) {
      const target = new URL(url);
      const literal = target.hostname.replace(/^\[|\]$/g, '');
      if (!allowPrivate && ipaddr.isValid(literal) && !isPublicAddress(literal)) {
        return Promise.reject(notPublic(literal, literal));
      }
      const client = target.protocol === 'https:' ? https : http;
      return new Promise((resolve, reject) => {
        const request = client.request(
          target,
          {
            method: 'POST',
            headers: {
              'user-agent': 'Gatehouse-Webhooks/1',
              'content-length': String(Buffer.byteLength(body)),
              ...headers,
            },
            signal: AbortSignal.timeout(timeoutMs),
            ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
          },
          (response) => {
            // Drain the body so the connection can be reused; its content is not needed.
            response.resume();
            response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    },
  };
}

/** dns.lookup, refusing a name any of whose addresses is not public unicast. */
const publicOnlyLookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked !== undefined || addresses.length === 0)
      return callback(notPublic(hostname, blocked?.address ?? 'no address'), '', 0);
    if (options.all === true) return callback(null, addresses);
    const [first] = addresses;
    return callback(null, first!.address, first!.family);
  });
};

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function notPublic(host: string, address: string): Error {
  return Object.assign(
    new Error(`${host} resolves to ${address}, not a public address: the delivery was not sent`),
    { code: 'ENOTPUBLIC' },
  );
}
