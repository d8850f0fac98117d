/** Turns one signal into an assessed signal: which way it points, its weight and a human reason. */
import type { RuleProfile } from '../profiles/profile.ts';
import type { AssessedSignal } from './result.ts';
import type { CountrySignalKind, Signal, SubjectType } from './signals.ts';
import { HOSTING_IP_WEIGHT, SIGNAL_WEIGHTS } from './weights.ts';

const COUNTRY_PATTERN = /^[A-Z]{2}$/;

const PHRASES: Record<CountrySignalKind, (subject: SubjectType) => string> = {
  citizenship: () => 'declared citizenship',
  residence_country: (subject) =>
    subject === 'entity' ? 'principal address is in' : 'declared residence address is in',
  incorporation_country: () => 'incorporated in',
  document_country: () => 'document issued by',
  billing_country: () => 'payment billing address is in',
  card_issuer_country: () => 'payment card issued in',
  bank_country: () => 'bank account held in',
  phone_country: () => 'phone number is registered in',
};

export function assessSignal(
  signal: Signal,
  subject: SubjectType,
  profile: RuleProfile,
  hostingIps: ReadonlySet<string>,
): AssessedSignal {
  const { role, weight } = SIGNAL_WEIGHTS[subject][signal.kind];
  const source = signal.source === undefined ? {} : { source: signal.source };
  if (signal.kind === 'ip_hosting_or_vpn') {
    const reason = `${signal.ip} is on ${signal.network}: its location says little about where the customer is`;
    return {
      kind: signal.kind,
      value: signal.network,
      points: 'neutral',
      role,
      weight: 0,
      reason,
      ...source,
    };
  }
  const what =
    signal.kind === 'ip_country'
      ? `${signal.context} IP ${signal.ip} is located in`
      : PHRASES[signal.kind](subject);
  const country = signal.country?.trim().toUpperCase() ?? null;
  const base = { kind: signal.kind, value: country, role, ...source };
  if (country === null || country === '') {
    return { ...base, value: null, points: 'neutral', weight: 0, reason: `${what}: no country known` };
  }
  if (!COUNTRY_PATTERN.test(country)) {
    return {
      ...base,
      points: 'neutral',
      weight: 0,
      reason: `${what} "${country}", which is not a country code`,
    };
  }
  const isUs = profile.usPerson.usJurisdictions.includes(country);
  const place = isUs && country !== 'US' ? `${country} (a US jurisdiction)` : country;
  if (role === 'unused') {
    return {
      ...base,
      points: 'neutral',
      weight: 0,
      reason: `${what} ${place}; not considered for an ${subject}`,
    };
  }
  const hosted = signal.kind === 'ip_country' && hostingIps.has(signal.ip);
  const suffix = hosted ? ' (hosting/VPN network: weight lowered)' : '';
  return {
    ...base,
    points: isUs ? 'us' : 'foreign',
    weight: hosted ? HOSTING_IP_WEIGHT : weight,
    reason: `${what} ${place}${suffix}`,
  };
}
