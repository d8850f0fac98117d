/**
 * The three-letter codes of MRZ issuing states and nationalities (ICAO Doc 9303 Part 3, §5): ISO 3166-1
 * alpha-3, plus the codes ICAO adds for cases ISO does not cover. `null` means a known code with no
 * ISO country (an organisation, a stateless person, the specimen state).
 */
import { alpha2ToAlpha3, alpha3ToAlpha2 } from './country.ts';

const NON_ISO: Record<string, string | null> = {
  D: 'DE', // Germany's historical one-letter code, still printed on German documents
  GBD: 'GB', // British Overseas Territories citizen
  GBN: 'GB', // British National (Overseas)
  GBO: 'GB', // British Overseas citizen
  GBP: 'GB', // British protected person
  GBS: 'GB', // British subject
  RKS: 'XK', // Kosovo
  EUE: null, // European Union
  UNO: null, // United Nations Organization
  UNA: null, // specialized agency of the United Nations
  UNK: null, // UN Interim Administration Mission in Kosovo
  XBA: null, // African Development Bank
  XIM: null, // African Export-Import Bank
  XCC: null, // Caribbean Community
  XCE: null, // Council of Europe
  XCO: null, // Common Market for Eastern and Southern Africa
  XEC: null, // Economic Community of West African States
  XPO: null, // Interpol
  XES: null, // Organisation of Eastern Caribbean States
  XMP: null, // Parliamentary Assembly of the Mediterranean
  XOM: null, // Sovereign Military Order of Malta
  XDC: null, // Southern African Development Community
  XXA: null, // stateless person (1954 Convention)
  XXB: null, // refugee (1951 Convention)
  XXC: null, // refugee (other)
  XXX: null, // unspecified nationality
  UTO: null, // Utopia: the fictitious state of ICAO's specimen documents
};

export const SPECIMEN_STATE = 'UTO';

/** The code as printed, fillers removed (`D<<` → `D`). */
export function icaoCode(field: string): string {
  return field.replace(/<+$/, '');
}

/** The ISO alpha-2 country, `null` for a known non-country code, undefined for an unknown code. */
export function icaoToAlpha2(code: string): string | null | undefined {
  if (Object.hasOwn(NON_ISO, code)) return NON_ISO[code];
  return alpha3ToAlpha2(code);
}

/** Whether an ICAO code and a country typed as alpha-2 or alpha-3 name the same state. */
export function sameState(icao: string, typed: string): boolean {
  const code = typed.trim().toUpperCase();
  if (code === icao) return true;
  const alpha2 = icaoToAlpha2(icao);
  if (alpha2 === null || alpha2 === undefined) return false;
  return code === alpha2 || code === alpha2ToAlpha3(alpha2);
}
