/**
 * Publisher country spellings to ISO 3166-1 alpha-2. Each list spells countries its own way (OFAC
 * "Korea, North", UN "Iran (Islamic Republic of)", OFSI "Congo (Democratic Republic)"); the matcher
 * compares codes, so every importer maps through here. A value that does not map, or that maps to two
 * countries ("Congo"), yields undefined: a wrong country is worse than none, it could clear a true hit.
 */
import { createRequire } from 'node:module';
import countries, { type LocaleData } from 'i18n-iso-countries/index.js';

// Only the English names, as src/domain/identity/country.ts does: the default entry loads ~80 locales.
const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as LocaleData);

// Spellings the publishers use that the package does not know, written as the publishers write them.
const PUBLISHER_SPELLINGS: Readonly<Record<string, string>> = {
  'Korea, North': 'KP',
  "Democratic People's Republic of Korea": 'KP',
  "Korea, Democratic People's Republic of": 'KP',
  'Korea, South': 'KR',
  'Republic of Korea': 'KR',
  Burma: 'MM',
  Syria: 'SY',
  Iran: 'IR',
  'Iran (Islamic Republic of)': 'IR',
  Russia: 'RU',
  Venezuela: 'VE',
  'Congo, Democratic Republic of the': 'CD',
  'Congo (Democratic Republic)': 'CD',
  'Democratic Republic of the Congo': 'CD',
  'Congo, Republic of the': 'CG',
  'Republic of the Congo': 'CG',
  'Congo (Republic)': 'CG',
  "Cote d'Ivoire": 'CI',
  'Cote d Ivoire': 'CI',
  Palestinian: 'PS',
  'Palestinian Authority': 'PS',
  'Occupied Palestinian Territories': 'PS',
  Gaza: 'PS',
  'Region: Gaza': 'PS',
  'West Bank': 'PS',
  'Man, Isle of': 'IM',
  Laos: 'LA',
  'Cabo Verde': 'CV',
  Macau: 'MO',
  Moldova: 'MD',
  Brunei: 'BN',
  'Macedonia, The Former Yugoslav Republic of': 'MK',
  Macedonia: 'MK',
  'St. Vincent and the Grenadines': 'VC',
  'St. Kitts & Nevis': 'KN',
  'St. Lucia': 'LC',
  'United Kingdom of Great Britain and Northern Ireland': 'GB',
  'U.K.': 'GB',
  'China, Hong Kong Special Administrative Region': 'HK',
  'Hong Kong, China': 'HK',
  'China, Macao Special Administrative Region': 'MO',
  PRC: 'CN',
  "People's Republic of China": 'CN',
  Curacao: 'CW',
  'Sint Maarten': 'SX',
  Swaziland: 'SZ',
  'Czech Republic': 'CZ',
  'Viet Nam': 'VN',
  'British Virgin Islands': 'VG',
  'Virgin Islands, British': 'VG',
  'Holy See': 'VA',
  'Bolivia (Plurinational State of)': 'BO',
  'Venezuela (Bolivarian Republic of)': 'VE',
  'Micronesia (Federated States of)': 'FM',
  "Lao People's Democratic Republic": 'LA',
  'Republic of Moldova': 'MD',
  'United Republic of Tanzania': 'TZ',
  'Syrian Arab Republic': 'SY',
};

/** Case, accents, punctuation and a trailing ", The" ("Bahamas, The") do not distinguish countries. */
function spellingKey(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '')
    .replace(/ the$/, '');
}

const AMBIGUOUS = '';

function buildIndex(): ReadonlyMap<string, string> {
  const index = new Map<string, string>();
  const put = (name: string, code: string): void => {
    const key = spellingKey(name);
    const known = index.get(key);
    index.set(key, known === undefined || known === code ? code : AMBIGUOUS);
  };
  for (const [code, names] of Object.entries(countries.getNames('en', { select: 'all' }))) {
    for (const name of names) put(name, code);
  }
  // Publisher spellings win over the package's own aliases (they were chosen by reading the lists).
  for (const [name, code] of Object.entries(PUBLISHER_SPELLINGS)) index.set(spellingKey(name), code);
  return index;
}

const INDEX = buildIndex();

/** An upper-case alpha-2 ("IR") or alpha-3 ("IRN") code, as CSL, BIS, EU and OpenSanctions give them. */
export function countryFromCode(raw: string | undefined): string | undefined {
  const code = (raw ?? '').trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(code)) return countries.isValid(code) ? code : undefined;
  if (/^[A-Z]{3}$/.test(code)) return countries.alpha3ToAlpha2(code);
  return undefined;
}

/** A country as a publisher writes it: a name ("Korea, North"), or an upper-case code ("KP", "PRK"). */
export function countryFromName(raw: string | undefined): string | undefined {
  const value = (raw ?? '').trim();
  if (value === '') return undefined;
  const byName = INDEX.get(spellingKey(value));
  if (byName !== undefined) return byName === AMBIGUOUS ? undefined : byName;
  return /^[A-Z]{2,3}$/.test(value) ? countryFromCode(value) : undefined;
}
