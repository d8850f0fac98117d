/**
 * Signals: single facts about where a customer belongs, each from one source (a declared field, a
 * document, a payment instrument, a phone number, an IP address). Determination weighs them; it never
 * looks anything up itself.
 */
export const COUNTRY_SIGNAL_KINDS = [
  'citizenship',
  'residence_country',
  'incorporation_country',
  'document_country',
  'billing_country',
  'card_issuer_country',
  'bank_country',
  'phone_country',
] as const;
export type CountrySignalKind = (typeof COUNTRY_SIGNAL_KINDS)[number];

export const SIGNAL_KINDS = [...COUNTRY_SIGNAL_KINDS, 'ip_country', 'ip_hosting_or_vpn'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export type IpContext = 'signup' | 'access';

/** `source` is the application path the fact came from, e.g. `documents[0].country`, shown to reviewers. */
export type Signal =
  | { kind: CountrySignalKind; country: string | null; source?: string }
  | { kind: 'ip_country'; country: string | null; ip: string; context: IpContext; source?: string }
  /** The IP's network is hosting/cloud/VPN/Tor: lowers the weight of the same IP's ip_country. */
  | { kind: 'ip_hosting_or_vpn'; ip: string; network: string; source?: string };

export type SubjectType = 'individual' | 'entity';
