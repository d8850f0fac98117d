/**
 * The one result shape of every identifier validator. A bad identifier is an expected outcome, so it
 * is a value with a code from the module's closed list, never an exception. Warnings mark data that is
 * valid but suspicious (a VoIP phone, a disposable email domain): the caller keeps it and may ask for
 * more evidence.
 *
 * Messages never echo the identifier back: they end up in API responses and logs, and the value is
 * personal data. They say what is wrong ("check digit does not match"), not what was typed.
 */
export interface Warning<C extends string = string> {
  code: C;
  message: string;
}

export interface IdentifierSuccess<T, W extends string = string> {
  ok: true;
  value: T;
  warnings: Warning<W>[];
}

export interface IdentifierFailure<C extends string = string> {
  ok: false;
  code: C;
  message: string;
  /** The part of a composite identifier that failed (`documentNumber` of an MRZ, `bic` of an IBAN pair). */
  field?: string;
}

export type IdentifierResult<T, C extends string = string, W extends string = string> =
  IdentifierSuccess<T, W> | IdentifierFailure<C>;

export function succeed<T, W extends string = never>(
  value: T,
  warnings: Warning<W>[] = [],
): IdentifierSuccess<T, W> {
  return { ok: true, value, warnings };
}

export function fail<C extends string>(code: C, message: string, field?: string): IdentifierFailure<C> {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}

/** Identifiers arrive from forms and JSON; anything longer than this is not an identifier. */
export const MAX_IDENTIFIER_INPUT = 256;
