import type { EntryDate } from '../entry.ts';
import { lookup } from './lookup.ts';

// Dates of birth outside this window are typing errors in the source, not people or companies.
const EARLIEST_YEAR = 1800;
const LATEST_YEAR = 2100;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

export interface DateParts {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** '1965', '1965-01' or '1965-01-12'; undefined for an impossible date (31 Feb, month 13, year 0). */
export function isoFromParts(parts: DateParts): string | undefined {
  const { year, month, day } = parts;
  if (!Number.isInteger(year) || year < EARLIEST_YEAR || year > LATEST_YEAR) return undefined;
  if (month === undefined) return day === undefined ? String(year) : undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (day === undefined) return `${year}-${pad(month)}`;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function dateOf(parts: DateParts, approximate = false): EntryDate | undefined {
  const value = isoFromParts(parts);
  if (value === undefined) return undefined;
  return approximate ? { kind: 'date', value, approximate } : { kind: 'date', value };
}

export function yearRange(fromYear: number, toYear: number): EntryDate | undefined {
  if (isoFromParts({ year: fromYear }) === undefined || isoFromParts({ year: toYear }) === undefined)
    return undefined;
  if (fromYear > toYear) return undefined;
  return fromYear === toYear
    ? { kind: 'date', value: String(fromYear) }
    : { kind: 'range', fromYear, toYear };
}

/**
 * A range between two dates. Publishers write a whole month or year as a day range ("01 Mar 1965 to
 * 31 Mar 1965"), which is kept as the month or year it means; anything else becomes a year range.
 */
export function rangeOf(from: DateParts, to: DateParts): EntryDate | undefined {
  if (from.year === to.year) {
    const lastDay = to.month === undefined ? 31 : daysInMonth(to.year, to.month);
    const wholeDays = (from.day ?? 1) === 1 && (to.day ?? lastDay) === lastDay;
    if (wholeDays && (from.month ?? 1) === 1 && (to.month ?? 12) === 12) return dateOf({ year: from.year });
    if (wholeDays && from.month !== undefined && from.month === to.month) {
      return dateOf({ year: from.year, month: from.month });
    }
  }
  return yearRange(from.year, to.year);
}

/** 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', optionally followed by a time ('2026-02-27T00:00:09Z'). */
export function partsFromIso(raw: string | undefined): DateParts | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$/.exec((raw ?? '').trim());
  if (match === null) return undefined;
  const [, year, month, day] = match;
  return {
    year: Number(year),
    ...(month === undefined ? {} : { month: Number(month) }),
    ...(day === undefined ? {} : { day: Number(day) }),
  };
}

/** '12 Jan 1965', 'Jan 1965', '1965' (OFAC); month names may be long ('January') or end in a dot. */
export function partsFromText(raw: string): DateParts | undefined {
  const match = /^(?:(\d{1,2})\s+)?(?:([A-Za-z]{3,9})\.?\s+)?(\d{4})$/.exec(raw.trim());
  if (match === null) return undefined;
  const [, day, monthName, year] = match;
  const month = monthName === undefined ? undefined : lookup(MONTHS, monthName.slice(0, 3).toLowerCase());
  if (monthName !== undefined && month === undefined) return undefined;
  if (day !== undefined && month === undefined) return undefined;
  return {
    year: Number(year),
    ...(month === undefined ? {} : { month }),
    ...(day === undefined ? {} : { day: Number(day) }),
  };
}

/** dd/mm/yyyy with 00 for an unknown day or month (OFSI). */
export function partsFromDayMonthYear(raw: string): DateParts | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw.trim());
  if (match === null) return undefined;
  const [, day, month, year] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (month === 0) return day === 0 ? { year } : undefined;
  return day === 0 ? { year, month } : { year, month, day };
}
