import type { EntryType } from '../entry.ts';

// The DPL and most CSL sources do not type their entries. A legal-form or trade word marks an
// organisation; anything else stays unknown rather than being guessed a person. Short forms count
// only with their dot ("CO.", "S.A."): bare "CO" or "SA" are also parts of people's names.
const ORGANISATION_WORD =
  /\b(INC|LLC|LTD|LIMITED|CORP|CORPORATION|COMPANY|GMBH|SARL|BV|PLC|FZE|FZCO|LLP|AIRLINES?|TRADING|INTERNATIONAL|GROUP|ENTERPRISES?|INDUSTRIES|TECHNOLOG(?:Y|IES)|SOLUTIONS|ELECTRONICS|SYSTEMS|LOGISTICS|AVIATION|SERVICES)\b/i;
const ORGANISATION_ABBREVIATION = /(?:^|[\s,(])(?:CO|S\.A|L\.L\.C)\.(?=$|[\s,)])/i;

export function guessEntryType(name: string): EntryType {
  return ORGANISATION_WORD.test(name) || ORGANISATION_ABBREVIATION.test(name) ? 'entity' : 'unknown';
}
