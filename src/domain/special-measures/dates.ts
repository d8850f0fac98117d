/**
 * The life of a measure in dates. Dates are calendar dates (YYYY-MM-DD) read as UTC: a measure is in
 * force from the start of its effective date until the start of its (current) expiry date, so the
 * default 365 days after the effective date is exactly 365 days in force.
 */
import type { MeasureCondition, MeasureExtension, MeasureExtensionInput, SpecialMeasure } from './schema.ts';

/** 89 FR 5698: a measure may not take effect earlier than 180 days after its determination. */
export const MINIMUM_NOTICE_DAYS = 180;
/** A measure lasts 365 days unless extended. */
export const DEFAULT_DURATION_DAYS = 365;

export type MeasureStatus = 'scheduled' | 'in_force' | 'expired';

export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

interface DatedInput {
  determinationDate: string;
  effectiveDate?: string | undefined;
  expiryDate?: string | undefined;
  extensions?: MeasureExtension[] | undefined;
}

/** Fills in the default effective date, expiry date and (empty) extensions; keeps every other field. */
export function withDefaultDates<T extends DatedInput>(
  input: T,
): T & { effectiveDate: string; expiryDate: string; extensions: MeasureExtension[] } {
  const effectiveDate = input.effectiveDate ?? addDays(input.determinationDate, MINIMUM_NOTICE_DAYS);
  const expiryDate = input.expiryDate ?? addDays(effectiveDate, DEFAULT_DURATION_DAYS);
  return { ...input, effectiveDate, expiryDate, extensions: input.extensions ?? [] };
}

/** The expiry in force: the last extension's, or the original one. */
export function currentExpiry(measure: Pick<SpecialMeasure, 'expiryDate' | 'extensions'>): string {
  return measure.extensions.at(-1)?.expiryDate ?? measure.expiryDate;
}

export function measureStatus(measure: SpecialMeasure, now: Date): MeasureStatus {
  const time = now.getTime();
  if (time < startOf(measure.effectiveDate)) return 'scheduled';
  if (time < startOf(currentExpiry(measure))) return 'in_force';
  return 'expired';
}

/**
 * Warnings that do not make a measure invalid but that a reviewer should see: an effective date
 * sooner than the rule's 180 days of notice is most likely a typing mistake.
 */
export function measureDateWarnings(measure: SpecialMeasure): string[] {
  const earliest = addDays(measure.determinationDate, MINIMUM_NOTICE_DAYS);
  return measure.effectiveDate < earliest
    ? [`effective date ${measure.effectiveDate} is less than ${MINIMUM_NOTICE_DAYS} days after determination`]
    : [];
}

export type ExtensionResult =
  | { ok: true; measure: SpecialMeasure }
  | {
      ok: false;
      problem: { field: string; code: 'expiry_not_later' | 'determined_before_measure'; message: string };
    };

/** Adds an extension; its expiry must be later than the current one (default: current + 365 days). */
export function extendMeasure(measure: SpecialMeasure, extension: MeasureExtensionInput): ExtensionResult {
  const current = currentExpiry(measure);
  if (extension.determinationDate < measure.determinationDate) {
    const message = 'is before the measure’s own determination date';
    return { ok: false, problem: { field: 'determinationDate', code: 'determined_before_measure', message } };
  }
  const expiryDate = extension.expiryDate ?? addDays(current, DEFAULT_DURATION_DAYS);
  if (expiryDate <= current) {
    const message = `must be after the current expiry ${current}`;
    return { ok: false, problem: { field: 'expiryDate', code: 'expiry_not_later', message } };
  }
  const added: MeasureExtension = { ...extension, expiryDate };
  return { ok: true, measure: { ...measure, extensions: [...measure.extensions, added] } };
}

export interface SweepAction {
  measureId: string;
  /** close: the prohibition ends existing accounts; apply_conditions: they continue under the conditions. */
  action: 'close' | 'apply_conditions';
  conditions: MeasureCondition[];
  /** Existing accounts must comply by the start of this date (the effective date). */
  dueBy: string;
}

/** The action due on existing accounts that a measure touches, and its deadline. */
export function sweepActionDeadline(measure: SpecialMeasure): SweepAction {
  return {
    measureId: measure.id,
    action: measure.kind === 'prohibit' ? 'close' : 'apply_conditions',
    conditions: measure.conditions,
    dueBy: measure.effectiveDate,
  };
}

function startOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}
