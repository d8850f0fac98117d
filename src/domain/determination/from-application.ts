/**
 * Builds the signals of one party from an application-like object plus the facts a service resolved
 * first (phone countries from the phone validator, IP geolocation from a GeoLookup). The parameter
 * types are structural: an individual application, an entity application or one beneficial owner
 * fits as is, so each beneficial owner is determined individually from its own signals.
 */
import type { GeoLookupResult } from './geo.ts';
import type { IpContext, Signal } from './signals.ts';

interface PaymentLike {
  type: string;
  billingCountry?: string | undefined;
  /** A bank account's country. */
  country?: string | undefined;
  iban?: string | undefined;
}

export interface SignalSourceApplication {
  citizenship?: readonly string[] | undefined;
  address?: { country?: string | undefined } | undefined;
  incorporation?: { country?: string | undefined } | undefined;
  documents?: ReadonlyArray<{ country?: string | undefined }> | undefined;
  paymentInstruments?: readonly PaymentLike[] | undefined;
}

export interface ResolvedFacts {
  /** The country of each `phones[i]` (null when unknown), in the application's order. */
  phoneCountries?: ReadonlyArray<string | null>;
  /** The issuing country of each `paymentInstruments[i]` when known (card BIN data), same order. */
  cardIssuerCountries?: ReadonlyArray<string | null | undefined>;
  /** Geolocated IPs: the sign-up IP, and for a re-determination the account's recent access IPs. */
  ips?: ReadonlyArray<{ context: IpContext; result: GeoLookupResult; source?: string }>;
}

export function signalsFromApplication(
  application: SignalSourceApplication,
  facts: ResolvedFacts = {},
): Signal[] {
  return [
    ...(application.citizenship ?? []).map((country, i): Signal => ({
      kind: 'citizenship',
      country,
      source: `citizenship[${i}]`,
    })),
    ...optional(application.address, (a) => ({
      kind: 'residence_country',
      country: a.country ?? null,
      source: 'address.country',
    })),
    ...optional(application.incorporation, (inc) => ({
      kind: 'incorporation_country',
      country: inc.country ?? null,
      source: 'incorporation.country',
    })),
    ...(application.documents ?? []).map((doc, i): Signal => ({
      kind: 'document_country',
      country: doc.country ?? null,
      source: `documents[${i}].country`,
    })),
    ...(application.paymentInstruments ?? []).flatMap((payment, i) => paymentSignals(payment, i, facts)),
    ...(facts.phoneCountries ?? []).map((country, i): Signal => ({
      kind: 'phone_country',
      country,
      source: `phones[${i}]`,
    })),
    ...(facts.ips ?? []).flatMap(ipSignals),
  ];
}

function paymentSignals(payment: PaymentLike, i: number, facts: ResolvedFacts): Signal[] {
  const at = `paymentInstruments[${i}]`;
  const signals: Signal[] = [];
  if (payment.billingCountry !== undefined) {
    signals.push({
      kind: 'billing_country',
      country: payment.billingCountry,
      source: `${at}.billingCountry`,
    });
  }
  const issuer = facts.cardIssuerCountries?.[i];
  if (issuer !== undefined && issuer !== null) {
    signals.push({ kind: 'card_issuer_country', country: issuer, source: at });
  }
  if (payment.type === 'bank_account' && payment.country !== undefined) {
    signals.push({ kind: 'bank_country', country: payment.country, source: `${at}.country` });
  }
  if (payment.type === 'iban' && payment.iban !== undefined) {
    // An IBAN starts with the ISO country code of the account-holding bank (ISO 13616).
    signals.push({ kind: 'bank_country', country: payment.iban.trim().slice(0, 2), source: `${at}.iban` });
  }
  return signals;
}

function ipSignals(ip: { context: IpContext; result: GeoLookupResult; source?: string }): Signal[] {
  const source = ip.source ?? (ip.context === 'signup' ? 'signup.ip' : 'access log');
  const { result } = ip;
  const country = result.ok ? result.country : null;
  const signals: Signal[] = [{ kind: 'ip_country', country, ip: result.ip, context: ip.context, source }];
  if (result.ok && result.hosting) {
    const network = result.network?.label ?? describeAsn(result.asn, result.asOrg);
    signals.push({ kind: 'ip_hosting_or_vpn', ip: result.ip, network, source });
  }
  return signals;
}

function describeAsn(asn: number | null, org: string | null): string {
  return asn === null ? 'a hosting/VPN network' : `AS${asn}${org === null ? '' : ` ${org}`}`;
}

function optional<T>(value: T | undefined, build: (value: T) => Signal): Signal[] {
  return value === undefined ? [] : [build(value)];
}
