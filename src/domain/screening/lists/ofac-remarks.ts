/**
 * OFAC's legacy CSV keeps most of what identifies a person inside the free-text Remarks column:
 * "DOB 12 Jan 1965; alt. DOB 1966; POB Kabul, Afghanistan; nationality Afghanistan; Passport A123
 * (Afghanistan) expires 01 Jan 2020; Gender Male; a.k.a. 'ABU X'." Facts are separated by "; ", an
 * "alt. " prefix marks a further value of the same kind, and the last fact ends with a full stop.
 */
import type { EntryDate, EntryIdentifier } from '../entry.ts';
import { countryFromName } from './countries.ts';
import { dateOf, partsFromText, rangeOf, yearRange } from './dates.ts';
import { FREE_TEXT_TYPES, splitLabel } from './identifier-labels.ts';

export interface RemarkFacts {
  readonly datesOfBirth: EntryDate[];
  readonly countries: string[];
  readonly identifiers: EntryIdentifier[];
  /** OFAC lists its weak ("low quality") aliases only here, quoted: a.k.a. 'ABU X'. */
  readonly weakAliases: string[];
  gender?: 'male' | 'female';
}

export function parseOfacRemarks(remarks: string): RemarkFacts {
  const facts: RemarkFacts = { datesOfBirth: [], countries: [], identifiers: [], weakAliases: [] };
  const body = remarks.trim().replace(/\.$/, '');
  for (const raw of body.split(/;\s+/)) readFact(raw.trim().replace(/^alt\.\s+/i, ''), facts);
  return facts;
}

function readFact(fact: string, facts: RemarkFacts): void {
  const dob = /^DOB\s+(.+)$/.exec(fact);
  if (dob?.[1] !== undefined) {
    const date = parseOfacDob(dob[1]);
    if (date !== undefined) facts.datesOfBirth.push(date);
    return;
  }
  const nationality = /^(?:nationality|citizen|Nationality of Registration)\s+(.+)$/i.exec(fact);
  if (nationality?.[1] !== undefined) {
    const code = countryFromName(nationality[1]);
    if (code !== undefined && !facts.countries.includes(code)) facts.countries.push(code);
    return;
  }
  const gender = /^Gender\s+(Male|Female)$/i.exec(fact);
  if (gender?.[1] !== undefined) {
    facts.gender = gender[1].toLowerCase() === 'male' ? 'male' : 'female';
    return;
  }
  const alias = /^[afn]\.k\.a\.,?\s+'(.+)'$/.exec(fact);
  if (alias?.[1] !== undefined) {
    facts.weakAliases.push(alias[1]);
    return;
  }
  const identifier = parseIdentifier(fact);
  if (identifier !== undefined) facts.identifiers.push(identifier);
}

/** "12 Jan 1965", "circa 1960", "1960 to 1965", "circa 1979-1982", "01 Jan 1946 to 31 Dec 1948". */
export function parseOfacDob(text: string): EntryDate | undefined {
  const circa = /^circa\s+/i.test(text);
  const value = text.replace(/^circa\s+/i, '').trim();
  const span = /^(\d{4})-(\d{4})$/.exec(value);
  if (span?.[1] !== undefined && span[2] !== undefined) return yearRange(Number(span[1]), Number(span[2]));
  const [fromText, toText, ...extra] = value.split(/\s+to\s+/i);
  if (fromText === undefined || extra.length > 0) return undefined;
  const from = partsFromText(fromText);
  if (from === undefined) return undefined;
  if (toText === undefined) return dateOf(from, circa);
  const to = partsFromText(toText);
  return to === undefined ? undefined : rangeOf(from, to);
}

/**
 * "Passport RL 2101602 (Lebanon) issued 14 Aug 1995 expires 13 Aug 2000": the number runs up to the
 * first "(Country)", "issued" or "expires"; a parenthesis that is not a country ("(Medellin)") is
 * dropped rather than guessed at.
 */
function parseIdentifier(fact: string): EntryIdentifier | undefined {
  const split = splitLabel(fact);
  if (split === undefined) return undefined;
  if (FREE_TEXT_TYPES.has(split.type)) {
    // "Digital Currency Address - XBT 1A2b…": the ticker names the currency, the address identifies.
    const number =
      split.type === 'digital_currency_address' ? split.rest.replace(/^[A-Z0-9]{2,6}\s+/, '') : split.rest;
    return number === '' ? undefined : { type: split.type, number };
  }
  let rest = split.rest.replace(/\s+(?:issued|expires)\b.*$/i, '');
  let country: string | undefined;
  for (let group = /\s*\(([^()]*)\)$/.exec(rest); group !== null; group = /\s*\(([^()]*)\)$/.exec(rest)) {
    country ??= countryFromName(group[1]);
    rest = rest.slice(0, group.index);
  }
  const number = rest.trim();
  if (number === '') return undefined;
  return country === undefined ? { type: split.type, number } : { type: split.type, number, country };
}
