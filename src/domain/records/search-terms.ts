/**
 * What of a party can be found without decrypting it: the exact identifiers an investigator or a
 * reviewer searches by (email, phone, national ID, document number, card fingerprint, wallet, IBAN,
 * bank account) and the words of its names, each in one canonical spelling and as a sound-alike key,
 * so "Erikson" finds "Eriksson". Each term becomes a blind index (envelope.ts): an HMAC, never the value.
 */
import { normalizeName } from '../screening/normalize.ts';

export type SearchTermKind =
  | 'email'
  | 'phone'
  | 'national_id'
  | 'document'
  | 'card'
  | 'wallet'
  | 'iban'
  | 'bank_account'
  | 'name'
  | 'name_sound';

export interface SearchTerm {
  kind: SearchTermKind;
  value: string;
}

const compactId = (value: string): string => value.toUpperCase().replace(/[^0-9A-Z]/g, '');
const digits = (value: string): string => value.replace(/\D/g, '');

/** Name words that identify (not particles, legal forms or honorifics), folded and as a sound key. */
export function nameTerms(name: string, kind: 'person' | 'entity' | 'unknown' = 'unknown'): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const token of normalizeName(name, kind).tokens) {
    if (token.role !== 'name' || token.key.length < 2) continue;
    terms.push({ kind: 'name', value: token.key }, { kind: 'name_sound', value: token.keys.skeleton });
  }
  return terms;
}

/** The terms of an identifier query typed into a search box (what it could be, all tried). */
export function queryTerms(text: string): SearchTerm[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const terms: SearchTerm[] = [];
  if (trimmed.includes('@')) terms.push({ kind: 'email', value: trimmed.toLowerCase() });
  const phone = digits(trimmed);
  if (phone.length >= 6 && /^[+\d\s().-]+$/.test(trimmed)) terms.push({ kind: 'phone', value: phone });
  const id = compactId(trimmed);
  if (id.length >= 4 && !trimmed.includes('@')) {
    for (const kind of ['national_id', 'document', 'iban', 'bank_account'] as const)
      terms.push({ kind, value: id });
    terms.push({ kind: 'wallet', value: trimmed });
  }
  if (/^[0-9a-f]{16,}$/i.test(trimmed)) terms.push({ kind: 'card', value: trimmed.toLowerCase() });
  return terms;
}

interface PersonLike {
  name?: { full?: string; given?: string; family?: string; otherScripts?: Array<{ full?: string }> };
  legalName?: string;
  otherNames?: string[];
  emails?: Array<{ address?: string }>;
  phones?: Array<{ e164?: string }>;
  nationalIds?: Array<{ number?: string }>;
  documents?: Array<{ number?: string }>;
}

interface PaymentLike {
  card?: { fingerprint?: string };
  address?: string;
  iban?: string;
  accountNumber?: string;
}

/** Every searchable term of a party version's data, de-duplicated. */
export function partySearchTerms(data: Record<string, unknown>): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const person = data as PersonLike & { contact?: PersonLike; payments?: PaymentLike[] };
  const names = [
    person.name?.full,
    person.legalName,
    ...(person.otherNames ?? []),
    ...(person.name?.otherScripts ?? []).map((n) => n.full),
  ];
  if (person.name?.full === undefined)
    names.push([person.name?.given, person.name?.family].filter(Boolean).join(' '));
  for (const name of names)
    if (typeof name === 'string' && name.trim() !== '') terms.push(...nameTerms(name));
  for (const source of [person, person.contact ?? {}]) {
    for (const e of source.emails ?? [])
      if (e.address) terms.push({ kind: 'email', value: e.address.toLowerCase() });
    for (const p of source.phones ?? []) if (p.e164) terms.push({ kind: 'phone', value: digits(p.e164) });
  }
  for (const n of person.nationalIds ?? [])
    if (n.number) terms.push({ kind: 'national_id', value: compactId(n.number) });
  for (const d of person.documents ?? [])
    if (d.number) terms.push({ kind: 'document', value: compactId(d.number) });
  for (const p of person.payments ?? []) {
    if (p.card?.fingerprint) terms.push({ kind: 'card', value: p.card.fingerprint.toLowerCase() });
    if (p.address) terms.push({ kind: 'wallet', value: p.address });
    if (p.iban) terms.push({ kind: 'iban', value: compactId(p.iban) });
    if (p.accountNumber) terms.push({ kind: 'bank_account', value: compactId(p.accountNumber) });
  }
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = `${t.kind}\u0000${t.value}`;
    if (t.value === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
