/**
 * The character layout of ICAO Doc 9303 machine-readable zones (8th edition): Part 4 (TD3 passports,
 * 2 × 44), Part 5 (TD1 cards, 3 × 30) and Part 6 (TD2 cards, 2 × 36). This file only cuts the text into
 * fields; `mrz.ts` judges them.
 */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/** A field and the check digit printed after it. */
export interface CheckedField {
  value: string;
  check: string;
}

export interface MrzFields {
  format: MrzFormat;
  documentCode: string;
  issuingState: string;
  names: string;
  documentNumber: CheckedField;
  nationality: string;
  birthDate: CheckedField;
  sex: string;
  expiryDate: CheckedField;
  /** TD3 only: the personal number and its own check digit. */
  personalNumber: CheckedField | undefined;
  /** TD1/TD2: the optional data elements, after any document-number overflow is taken out. */
  optionalData: string[];
  /** The characters the composite check digit covers, and that digit. */
  composite: CheckedField;
}

const SHAPES: Record<MrzFormat, { lines: number; length: number }> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
};

/**
 * Lines as scanned or typed: surrounding and inner whitespace removed (OCR inserts spaces, MRZ has
 * none), upper-cased. A zone pasted as one line is cut by its total length.
 */
export function splitMrzLines(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, '').toUpperCase())
    .filter((line) => line !== '');
  const [only] = lines;
  if (lines.length !== 1 || only === undefined) return lines;
  for (const shape of Object.values(SHAPES)) {
    if (only.length === shape.lines * shape.length) {
      return Array.from({ length: shape.lines }, (_, i) =>
        only.slice(i * shape.length, (i + 1) * shape.length),
      );
    }
  }
  return lines;
}

export function formatOf(lines: readonly string[]): MrzFormat | undefined {
  const formats = Object.keys(SHAPES) as MrzFormat[];
  return formats.find((format) => {
    const shape = SHAPES[format];
    return lines.length === shape.lines && lines.every((line) => line.length === shape.length);
  });
}

/** ICAO 9303 Part 3 §4.9: weights 7, 3, 1 repeating; A–Z count 10–35 and the filler `<` counts 0. */
export function checkDigit(data: string): string {
  let sum = 0;
  for (let i = 0; i < data.length; i += 1) {
    const char = data.charCodeAt(i);
    const value = char >= 48 && char <= 57 ? char - 48 : char >= 65 && char <= 90 ? char - 55 : 0;
    sum += value * ([7, 3, 1][i % 3] ?? 0);
  }
  return String(sum % 10);
}

/**
 * A document number longer than nine characters (TD1 and TD2 only): the check-digit position holds
 * `<`, and the rest of the number followed by its check digit opens the optional data (Part 5 §4.2.4,
 * note j; Part 6 §4.2.4, note j).
 */
function withOverflow(
  first9: string,
  check: string,
  optional: string,
): { number: CheckedField; rest: string } {
  if (check !== '<' || optional.startsWith('<')) return { number: { value: first9, check }, rest: optional };
  const end = optional.indexOf('<');
  const overflow = end === -1 ? optional : optional.slice(0, end);
  return {
    number: { value: first9 + overflow.slice(0, -1), check: overflow.slice(-1) },
    rest: end === -1 ? '' : optional.slice(end),
  };
}

export function cutFields(format: MrzFormat, lines: readonly string[]): MrzFields {
  const [l1 = '', l2 = '', l3 = ''] = lines;
  if (format === 'TD1') {
    const { number, rest } = withOverflow(l1.slice(5, 14), l1.charAt(14), l1.slice(15, 30));
    return {
      format,
      documentCode: l1.slice(0, 2),
      issuingState: l1.slice(2, 5),
      names: l3,
      documentNumber: number,
      birthDate: { value: l2.slice(0, 6), check: l2.charAt(6) },
      sex: l2.charAt(7),
      expiryDate: { value: l2.slice(8, 14), check: l2.charAt(14) },
      nationality: l2.slice(15, 18),
      personalNumber: undefined,
      optionalData: [rest, l2.slice(18, 29)],
      composite: {
        value: l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29),
        check: l2.charAt(29),
      },
    };
  }
  const long = format === 'TD3';
  // The composite digit closes line 2; it covers positions 1–10, 14–20 and 22 up to itself.
  const compositeAt = long ? 43 : 35;
  const base = {
    format,
    documentCode: l1.slice(0, 2),
    issuingState: l1.slice(2, 5),
    names: l1.slice(5),
    nationality: l2.slice(10, 13),
    birthDate: { value: l2.slice(13, 19), check: l2.charAt(19) },
    sex: l2.charAt(20),
    expiryDate: { value: l2.slice(21, 27), check: l2.charAt(27) },
    composite: {
      value: l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, compositeAt),
      check: l2.charAt(compositeAt),
    },
  };
  if (long) {
    return {
      ...base,
      documentNumber: { value: l2.slice(0, 9), check: l2.charAt(9) },
      personalNumber: { value: l2.slice(28, 42), check: l2.charAt(42) },
      optionalData: [],
    };
  }
  const { number, rest } = withOverflow(l2.slice(0, 9), l2.charAt(9), l2.slice(28, 35));
  return { ...base, documentNumber: number, personalNumber: undefined, optionalData: [rest] };
}
