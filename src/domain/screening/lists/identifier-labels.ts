/**
 * OFAC's identifier labels, as they appear in SDN Remarks ("Passport A123 (Afghanistan)") and in the
 * CSL `ids` column ("AF, A123, Passport"). A label is needed to tell where the label ends and the
 * number begins ("Trade License No. C 41949"), so only listed labels are read; anything else stays in
 * the remarks for the reviewer. Types follow the model: the label in lower snake case, with the common
 * ones given the canonical names the matcher looks for.
 */
const CANONICAL: Readonly<Record<string, string>> = {
  Passport: 'passport',
  'National ID No.': 'national_id',
  'Tax ID No.': 'tax_id',
  'Cedula No.': 'cedula',
  'Vessel Registration Identification IMO': 'imo',
  'Vessel Registration Identification': 'imo',
  'Company Number IMO': 'imo_company',
  'Identification Number IMO': 'imo_company',
  MMSI: 'mmsi',
  'Email Address': 'email',
  Website: 'website',
  SSN: 'ssn',
  'SWIFT/BIC': 'swift_bic',
  'D-U-N-S Number': 'duns',
  'Digital Currency Address -': 'digital_currency_address',
  'R.F.C. #': 'rfc',
  'C.U.R.P. #': 'curp',
  'Turkish Identificiation Number': 'turkish_identification',
  'Passport Booklet:': 'passport_booklet',
  'Unified Social Credit Code (USCC)': 'uscc',
  'United Social Credit Code Certificate (USCCC)': 'uscc',
  'Numero Unico de Identificacao Tributaria (NUIT)': 'nuit',
  'BIK (RU)': 'bik',
};

const PLAIN_LABELS = [
  'Diplomatic Passport',
  'Passport Booklet',
  'Travel Document Number',
  'Personal ID Card',
  'National Foreign ID Number',
  "Citizen's Card Number",
  'Tazkira National ID Card',
  'Kenyan ID No.',
  'Turkish Identification Number',
  'Numero de Identidad',
  'D.N.I.',
  'C.U.R.P.',
  'R.F.C.',
  'RFC',
  'C.U.I.P.',
  'C.U.I.T.',
  'C.U.I.',
  'I.F.E.',
  'Credencial electoral',
  'Electoral Registry No.',
  'Cartilla de Servicio Militar Nacional',
  'Residency Number',
  'Birth Certificate Number',
  'Immigration No.',
  'Public Security and Immigration No.',
  'VisaNumberID',
  'SRE Permit No.',
  "Driver's License No.",
  'Pilot License Number',
  'Italian Fiscal Code',
  'NIT #',
  'RUC #',
  'RIF #',
  'RTN',
  'US FEIN',
  'V.A.T. Number',
  'C.I.F.',
  'Identification Number',
  'Registration ID',
  'Registration Number',
  'Company Number',
  'UK Company Number',
  'Commercial Registry Number',
  'Business Registration Document #',
  'Business Registration Number',
  'Business Number',
  'Public Registration Number',
  'Certificate of Incorporation Number',
  'Legal Entity Number',
  'LE Number',
  'Enterprise Number',
  'Branch Unit Number',
  'Chamber of Commerce Number',
  'Dubai Chamber of Commerce Membership No.',
  'Trade License No.',
  'Folio Mercantil No.',
  'Matricula Mercantil No',
  'Government Gazette Number',
  'C.R. No.',
  'Registered Charity No.',
  'File Number',
  'Afghan Money Service Provider License Number',
] as const;

/** "Trade License No." → "trade_license", "Driver's License No." → "drivers_license". */
export function snakeLabel(label: string): string {
  return label
    .replace(/\([^)]*\)/g, ' ')
    .replace(/['.#:]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/ (no|number)$/, '')
    .replace(/ /g, '_');
}

const TYPES: ReadonlyMap<string, string> = new Map([
  ...PLAIN_LABELS.map((label): [string, string] => [label, snakeLabel(label)]),
  ...Object.entries(CANONICAL),
]);

// Longest first, so "Identification Number IMO" wins over "Identification Number".
const LABELS_LONGEST_FIRST = [...TYPES.keys()].sort((a, b) => b.length - a.length);

/** Labels whose value is free text (an address, a URL), not a number followed by "(Country)". */
export const FREE_TEXT_TYPES: ReadonlySet<string> = new Set(['email', 'website', 'digital_currency_address']);

/** The identifier type of a label exactly as OFAC writes it, or undefined for an unknown label. */
export function identifierTypeOf(label: string): string | undefined {
  return TYPES.get(label.trim());
}

/** Splits "Passport A123 (Afghanistan)" into its label's type and the rest; undefined if no label fits. */
export function splitLabel(segment: string): { type: string; rest: string } | undefined {
  for (const label of LABELS_LONGEST_FIRST) {
    if (!segment.startsWith(label)) continue;
    const rest = segment.slice(label.length);
    if (rest !== '' && !/^[\s:]/.test(rest)) continue;
    const type = TYPES.get(label);
    if (type !== undefined) return { type, rest: rest.replace(/^:?\s*/, '') };
  }
  return undefined;
}
