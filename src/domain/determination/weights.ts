/**
 * The weight table: how much each kind of signal says about a customer, and what role it plays.
 *
 * - `ground`: a declaration that can make a customer a US person (if the profile accepts it and it is
 *   corroborated) or, pointing abroad, is strong foreign evidence on its own.
 * - `corroboration`: independent evidence; it backs a ground but never establishes status alone.
 * - `modifier`: changes the weight of other signals (hosting/VPN networks).
 * - `unused`: does not apply to this subject type (an individual has no incorporation).
 *
 * When corroboration is added up, each kind counts once with its strongest signal, so a hundred access
 * IPs from one country weigh no more than one. The numbers are judgement, chosen so that a document
 * alone, or a billing address alone, corroborates (>= 0.5, the default profile minimum), while a phone
 * or an IP alone does not: both are cheap to obtain in another country (VoIP numbers, VPNs).
 */
import type { SignalKind, SubjectType } from './signals.ts';

export type SignalRole = 'ground' | 'corroboration' | 'modifier' | 'unused';

export interface SignalWeight {
  role: SignalRole;
  weight: number;
}

const SHARED: Record<
  Exclude<SignalKind, 'citizenship' | 'residence_country' | 'incorporation_country'>,
  SignalWeight
> = {
  // A government-issued document, checked by the document verification.
  document_country: { role: 'corroboration', weight: 0.7 },
  // Billing address as given to the payment processor (AVS-checked for cards).
  billing_country: { role: 'corroboration', weight: 0.5 },
  card_issuer_country: { role: 'corroboration', weight: 0.4 },
  bank_country: { role: 'corroboration', weight: 0.4 },
  // Numbering plans are national, but VoIP and roaming numbers travel.
  phone_country: { role: 'corroboration', weight: 0.4 },
  // Geolocation data is approximate and a VPN moves an IP anywhere.
  ip_country: { role: 'corroboration', weight: 0.3 },
  ip_hosting_or_vpn: { role: 'modifier', weight: 0 },
};

export const SIGNAL_WEIGHTS: Record<SubjectType, Record<SignalKind, SignalWeight>> = {
  individual: {
    citizenship: { role: 'ground', weight: 1 },
    residence_country: { role: 'ground', weight: 0.8 },
    incorporation_country: { role: 'unused', weight: 0 },
    ...SHARED,
  },
  entity: {
    citizenship: { role: 'unused', weight: 0 },
    // An entity's status is its place of organisation; its address only corroborates.
    residence_country: { role: 'corroboration', weight: 0.5 },
    incorporation_country: { role: 'ground', weight: 1 },
    ...SHARED,
  },
};

/** The weight left to an ip_country signal whose IP is on a hosting, VPN, proxy or Tor network. */
export const HOSTING_IP_WEIGHT = 0.05;
