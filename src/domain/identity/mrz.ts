/**
 * Parses an ICAO 9303 machine-readable zone (TD1, TD2, TD3) and verifies every check digit: document
 * number, birth date, expiry date, the TD3 personal number and the composite. A forged or mistyped
 * zone almost always breaks one of them, so the failure names the field.
 *
 * The zone is attacker-controlled: only the three exact shapes and the MRZ alphabet are accepted
 * before any field is read. Gatehouse parses the zone itself (see mrz-layout.ts) rather than with the
 * `mrz` package, which rejects ICAO's own specimen state `UTO` and accepts impossible dates (31 Feb).
 */
import { calendarDate, formatIsoDate, utcDateOf, type CalendarDate } from './dates.ts';
import { SPECIMEN_STATE, icaoCode, icaoToAlpha2 } from './icao-codes.ts';
import { findProblem, type MrzErrorCode } from './mrz-checks.ts';
import { cutFields, formatOf, splitMrzLines, type MrzFields, type MrzFormat } from './mrz-layout.ts';
import { fail, succeed, type IdentifierResult, type Warning } from './types.ts';

export { MRZ_ERROR_CODES, type MrzErrorCode } from './mrz-checks.ts';
export const MRZ_WARNING_CODES = ['MRZ_SPECIMEN', 'MRZ_BIRTH_DATE_INCOMPLETE'] as const;
export type MrzWarningCode = (typeof MRZ_WARNING_CODES)[number];

export interface MrzData {
  format: MrzFormat;
  /** `P`, `I`, `ID`, `AC` … (fillers removed). */
  documentType: string;
  /** The ICAO code as printed (`SWE`, `D`, `UTO`), and its ISO alpha-2 country when it has one. */
  issuingCountry: string;
  issuingCountryAlpha2: string | null;
  surname: string;
  givenNames: string;
  /** The names field is full to its last character, so the names may have been cut short. */
  namesTruncated: boolean;
  documentNumber: string;
  nationality: string;
  nationalityAlpha2: string | null;
  /** YYYY-MM-DD; null when the zone marks the day or month as unknown (`<<`). */
  birthDate: string | null;
  sex: 'F' | 'M' | 'X';
  /** YYYY-MM-DD; null for a document without expiry (all fillers). */
  expiryDate: string | null;
  /** TD3 personal number, null when blank or not a TD3. */
  personalNumber: string | null;
  /** TD1/TD2 optional data elements that are not blank. */
  optionalData: string[];
}

type MrzResult = IdentifierResult<MrzData, MrzErrorCode, MrzWarningCode>;

/** Three 30-character lines and generous OCR whitespace; anything longer is not a zone. */
const MAX_MRZ_INPUT = 1000;
/** Expiry dates are at most this far ahead; a later `YY` belongs to the previous century. */
const EXPIRY_HORIZON_YEARS = 50;

export function parseMrz(text: string, now: Date): MrzResult {
  const lines = text.length > MAX_MRZ_INPUT ? [] : splitMrzLines(text);
  const format = formatOf(lines);
  if (format === undefined) {
    return fail(
      'MRZ_INVALID_FORMAT',
      'expected 3 lines of 30 (TD1), 2 of 36 (TD2) or 2 of 44 (TD3) characters',
    );
  }
  if (!lines.every((line) => /^[A-Z0-9<]+$/.test(line))) {
    return fail('MRZ_INVALID_FORMAT', 'an MRZ holds only A–Z, 0–9 and <');
  }
  const fields = cutFields(format, lines);
  const problem = findProblem(fields);
  if (problem !== undefined) return problem;
  return readValues(fields, utcDateOf(now));
}

function readValues(fields: MrzFields, today: CalendarDate): MrzResult {
  const warnings: Warning<MrzWarningCode>[] = [];
  const names = readNames(fields.names);
  if (names === undefined)
    return fail('MRZ_INVALID_FORMAT', 'the names field holds characters other than A–Z', 'surname');

  let birthDate: string | null = null;
  if (fields.birthDate.value.includes('<')) {
    warnings.push({
      code: 'MRZ_BIRTH_DATE_INCOMPLETE',
      message: 'the MRZ marks part of the birth date as unknown',
    });
  } else {
    const birth = resolveDate(
      fields.birthDate.value,
      (yy) => (2000 + yy > today.year ? 1900 : 2000) + yy,
      today,
    );
    if (birth === undefined) return fail('MRZ_INVALID_DATE', 'birth date is not a real date', 'birthDate');
    birthDate = birth;
  }

  let expiryDate: string | null = null;
  if (!/^<+$/.test(fields.expiryDate.value)) {
    const pivot = (yy: number) => (2000 + yy > today.year + EXPIRY_HORIZON_YEARS ? 1900 : 2000) + yy;
    const expiry = resolveDate(fields.expiryDate.value, pivot);
    if (expiry === undefined) return fail('MRZ_INVALID_DATE', 'expiry date is not a real date', 'expiryDate');
    expiryDate = expiry;
  }

  const issuingCountry = icaoCode(fields.issuingState);
  const nationality = icaoCode(fields.nationality);
  if (issuingCountry === SPECIMEN_STATE || nationality === SPECIMEN_STATE) {
    warnings.push({
      code: 'MRZ_SPECIMEN',
      message: 'the MRZ is an ICAO specimen (state UTO), not a real document',
    });
  }
  const personal = fields.personalNumber === undefined ? '' : withoutFillers(fields.personalNumber.value);
  return succeed(
    {
      format: fields.format,
      documentType: withoutFillers(fields.documentCode),
      issuingCountry,
      issuingCountryAlpha2: icaoToAlpha2(issuingCountry) ?? null,
      ...names,
      documentNumber: withoutFillers(fields.documentNumber.value),
      nationality,
      nationalityAlpha2: icaoToAlpha2(nationality) ?? null,
      birthDate,
      sex: fields.sex === 'M' || fields.sex === 'F' ? fields.sex : 'X',
      expiryDate,
      personalNumber: personal === '' ? null : personal,
      optionalData: fields.optionalData.map(stripFillers).filter((data) => data !== ''),
    },
    warnings,
  );
}

/** Primary identifier, `<<`, secondary identifier; single `<` separate name components (Part 3 §4.6). */
function readNames(field: string): Pick<MrzData, 'surname' | 'givenNames' | 'namesTruncated'> | undefined {
  if (!/^[A-Z<]+$/.test(field) || field.startsWith('<')) return undefined;
  const split = field.indexOf('<<');
  const primary = split === -1 ? field : field.slice(0, split);
  const secondary = split === -1 ? '' : field.slice(split + 2);
  const words = (part: string) =>
    part
      .split('<')
      .filter((word) => word !== '')
      .join(' ');
  return { surname: words(primary), givenNames: words(secondary), namesTruncated: !field.endsWith('<') };
}

/** YYMMDD with the century chosen by `century`; birth dates may not lie after `notAfter`. */
function resolveDate(
  yymmdd: string,
  century: (yy: number) => number,
  notAfter?: CalendarDate,
): string | undefined {
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  const yy = Number(yymmdd.slice(0, 2));
  let date = calendarDate(century(yy), Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6)));
  // Born later this year than today means born a century earlier.
  if (date !== undefined && notAfter !== undefined && formatIsoDate(date) > formatIsoDate(notAfter)) {
    date = calendarDate(date.year - 100, date.month, date.day);
  }
  return date === undefined ? undefined : formatIsoDate(date);
}

/** Identifiers (document and personal numbers) have no inner spaces; fillers only pad them. */
function withoutFillers(value: string): string {
  return value.replace(/</g, '');
}

/** Optional data may hold several elements; runs of fillers separate them. */
function stripFillers(value: string): string {
  return value
    .split('<')
    .filter((part) => part !== '')
    .join(' ');
}
