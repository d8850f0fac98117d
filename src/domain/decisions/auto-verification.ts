/**
 * The verification methods an application proves by itself, without a round trip to the customer:
 * - `document`: an identity document whose MRZ parsed with every check digit and agrees with the
 *   typed fields (an unexpired document: an expired one is refused earlier);
 * - `payment_instrument_match`: a card or bank account in the customer's own name whose billing
 *   country, when given, is the residence country.
 * Email and phone possession need a one-time code; vendor checks need the vendor.
 */
import type { NormalizedPayment, NormalizedPerson } from '../applications/normalized.ts';
import type { VerificationMethod } from '../profiles/settings.ts';
import { normalizeName } from '../special-measures/names.ts';

export function methodsProvedByApplication(
  person: NormalizedPerson,
  payments: readonly NormalizedPayment[],
): VerificationMethod[] {
  const methods: VerificationMethod[] = [];
  if (person.documents.some((d) => d.mrzVerified)) methods.push('document');
  if (payments.some((p) => paymentMatches(person, p))) methods.push('payment_instrument_match');
  return methods;
}

function paymentMatches(person: NormalizedPerson, payment: NormalizedPayment): boolean {
  if (payment.type !== 'card' && payment.type !== 'iban' && payment.type !== 'bank_account') return false;
  if (payment.holderName === undefined) return false;
  const holder = normalizeName(payment.holderName);
  const names = [person.name.full, [person.name.given, person.name.family].filter(Boolean).join(' ')].map(
    normalizeName,
  );
  // A card often carries a shortened name ("Anna Eriksson" for "Anna Maria Eriksson"): every word of
  // the holder name must be one of the customer's, and the family name must be among them.
  const words = new Set(names.flatMap((n) => n.split(' ')));
  const family = person.name.family === undefined ? undefined : normalizeName(person.name.family).split(' ');
  const holderWords = holder.split(' ');
  const nameOk =
    holderWords.length >= 2 &&
    holderWords.every((w) => words.has(w)) &&
    (family === undefined || family.every((w) => holderWords.includes(w)));
  const country = payment.billingCountry;
  return nameOk && (country === undefined || country === person.address?.country);
}
