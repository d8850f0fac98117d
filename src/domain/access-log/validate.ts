/**
 * Validation of access events as they arrive, one line at a time. Every input is attacker-controlled
 * (a compromised ingest key, a buggy agent), so a bad line is named and skipped, never thrown: the
 * rest of the batch still counts. The clock is passed in.
 */
import ipaddr from 'ipaddr.js';
import { isAccessAction, ACCESS_ACTIONS, type AccessAction } from './actions.ts';

export interface AccessEventInput {
  id?: string;
  /** Gatehouse's account id or the provider's externalId; resolved by the service. */
  account: string;
  principal?: string;
  /** Canonical text form; IPv4-mapped IPv6 is stored as IPv4. */
  ip: string;
  at: Date;
  action: AccessAction;
  userAgent?: string;
  region?: string;
}

export type LineRejectCode =
  | 'malformed_line'
  | 'not_an_object'
  | 'unknown_field'
  | 'invalid_field'
  | 'invalid_ip'
  | 'invalid_timestamp'
  | 'timestamp_out_of_range'
  | 'invalid_action'
  | 'unknown_account';

export interface LineReject {
  /** 1-based: the NDJSON line, or the position in the JSON array. */
  line: number;
  code: LineRejectCode;
  message: string;
}

export type LineOutcome = { ok: true; event: AccessEventInput } | ({ ok: false } & Omit<LineReject, 'line'>);

/** Most events a batch may carry; larger batches are refused whole (ACCESS_BATCH_TOO_LARGE). */
export const MAX_EVENTS_PER_BATCH = 10_000;
/** Nothing before this is an access to a cloud account; earlier times are a client's bug. */
export const EARLIEST_EVENT = new Date('1990-01-01T00:00:00Z');
const EARLIEST_EVENT_MS = EARLIEST_EVENT.getTime();
/** How far ahead of our clock a client's clock may run before its events are refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const FIELDS = new Set(['id', 'account', 'principal', 'ip', 'at', 'action', 'userAgent', 'region']);
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|\+00:00)$/;
const TOKEN = /^[\x21-\x7e]{1,200}$/;
const REGION = /^[A-Za-z0-9_-]{1,64}$/;
const TEXT_LIMITS = { principal: 256, userAgent: 1024 } as const;

/** Why a line was refused; what `checkEvent` answers instead of an event. */
class Refusal {
  constructor(
    readonly code: LineRejectCode,
    readonly message: string,
  ) {}
}

function reject(code: LineRejectCode, message: string): Refusal {
  return new Refusal(code, message);
}

/** Canonical text of an IPv4 or IPv6 address, or undefined. Zone ids and short IPv4 forms are refused. */
/** Dotted-quad IPv4 already in canonical form (no leading zeros): the common case, answered without parsing. */
const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Control characters would end up in CSV exports and terminals. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

export function canonicalIp(text: string): string | undefined {
  if (CANONICAL_IPV4.test(text)) return text;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text).toString();
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  return ipaddr.process(text).toString();
}

/**
 * A day that does not exist (30 February) is refused: `new Date` would roll it over into the next month
 * and store a time the client never sent. `24:00:00` is the end of the day it names.
 */
export function parseUtcTimestamp(text: string): Date | undefined {
  const plain = plainUtcMillis(text);
  if (plain !== undefined) return new Date(plain);
  if (!UTC_TIMESTAMP.test(text)) return undefined;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return undefined;
  const endOfDay = text.charCodeAt(11) === 50 && text.charCodeAt(12) === 52; // "24"
  const day = endOfDay ? new Date(at.getTime() - 1) : at;
  return day.getUTCDate() === Number(text.slice(8, 10)) ? at : undefined;
}

/** Days of each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The milliseconds of the form nearly every client sends, `YYYY-MM-DDTHH:MM:SS[.f{1,3}]Z` with a year
 * from 1970, a day that exists and a time before 24:00, read digit by digit (a third of the time of the
 * pattern and `new Date(text)`); undefined for anything else, which the general reading then decides.
 */
function plainUtcMillis(text: string): number | undefined {
  const length = text.length;
  if ((length !== 20 && (length < 22 || length > 24)) || text.charCodeAt(length - 1) !== 0x5a)
    return undefined;
  if (
    text.charCodeAt(4) !== 0x2d || // -
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(10) !== 0x54 || // T
    text.charCodeAt(13) !== 0x3a || // :
    text.charCodeAt(16) !== 0x3a ||
    (length > 20 && text.charCodeAt(19) !== 0x2e) // .
  ) {
    return undefined;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  // .5 is 500 ms, .05 is 50.
  const millis = length === 20 ? 0 : digitsAt(text, 20, length - 21) * [100, 10, 1][length - 22]!;
  // NaN (a character that is not a digit) fails every comparison.
  if (!(year >= 1970 && month >= 1 && month <= 12 && hour <= 23 && minute <= 59 && second <= 59)) {
    return undefined;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
  if (!(day >= 1 && day <= days && millis >= 0)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** The decimal value of count ASCII digits from text[at], NaN if one is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const digit = text.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

function optionalText(value: unknown, max: number): string | undefined | false {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return false;
  return CONTROL.test(value) ? false : value;
}

export function validateEvent(input: unknown, now: Date): LineOutcome {
  const checked = checkEvent(input, now);
  return checked instanceof Refusal
    ? { ok: false, code: checked.code, message: checked.message }
    : { ok: true, event: checked };
}

/**
 * The event a line carries, or why it is refused. No outcome object around the event: this runs for
 * every event of every batch, and what it allocates is what the young generation has to sweep.
 */
function checkEvent(input: unknown, now: Date): AccessEventInput | Refusal {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return reject('not_an_object', 'An event is a JSON object.');
  }
  const record = input as Record<string, unknown>;
  // A for-in loop, not Object.keys(): no array per event. JSON.parse objects have no inherited keys.
  for (const key in record) {
    if (!FIELDS.has(key)) return reject('unknown_field', `Unknown field '${key.slice(0, 40)}'.`);
  }
  const { id, account, ip, at, action } = record;
  if (id !== undefined && (typeof id !== 'string' || !TOKEN.test(id))) {
    return reject('invalid_field', "'id' must be 1-200 printable ASCII characters.");
  }
  if (typeof account !== 'string' || !TOKEN.test(account)) {
    return reject('invalid_field', "'account' must be 1-200 printable ASCII characters.");
  }
  const address = typeof ip === 'string' ? canonicalIp(ip) : undefined;
  if (address === undefined) return reject('invalid_ip', "'ip' is not an IPv4 or IPv6 address.");
  const time = typeof at === 'string' ? parseUtcTimestamp(at) : undefined;
  if (time === undefined)
    return reject('invalid_timestamp', "'at' must be ISO-8601 in UTC, e.g. 2026-11-30T12:00:00.000Z.");
  const millis = time.getTime();
  if (millis < EARLIEST_EVENT_MS || millis > now.getTime() + MAX_CLOCK_SKEW_MS) {
    return reject('timestamp_out_of_range', "'at' is before 1990 or in the future.");
  }
  if (typeof action !== 'string' || !isAccessAction(action)) {
    return reject('invalid_action', `'action' must be one of ${ACCESS_ACTIONS.join(', ')}.`);
  }
  const event: AccessEventInput = { account, ip: address, at: time, action };
  if (id !== undefined) event.id = id;
  return optionalFields(record, event);
}

function optionalFields(
  record: Record<string, unknown>,
  event: AccessEventInput,
): AccessEventInput | Refusal {
  const principal = optionalText(record.principal, TEXT_LIMITS.principal);
  if (principal === false)
    return reject('invalid_field', "'principal' must be 1-256 characters without control characters.");
  const userAgent = optionalText(record.userAgent, TEXT_LIMITS.userAgent);
  if (userAgent === false)
    return reject('invalid_field', "'userAgent' must be 1-1024 characters without control characters.");
  const region = record.region;
  if (region !== undefined && (typeof region !== 'string' || !REGION.test(region))) {
    return reject('invalid_field', "'region' must be 1-64 letters, digits, '-' or '_'.");
  }
  // Assigned, not spread: this runs for every event of every batch.
  if (principal !== undefined) event.principal = principal;
  if (userAgent !== undefined) event.userAgent = userAgent;
  if (region !== undefined) event.region = region;
  return event;
}

/**
 * A batch's valid events and its refused lines. The events' line numbers are a parallel array of small
 * integers rather than a wrapper object per event.
 */
export interface ParsedBatch {
  events: AccessEventInput[];
  /** 1-based line of events[i]. */
  lines: number[];
  rejected: LineReject[];
}

/** Validates an already-parsed JSON array; lines are 1-based positions. */
export function validateBatch(items: readonly unknown[], now: Date): ParsedBatch {
  const batch: ParsedBatch = { events: [], lines: [], rejected: [] };
  for (let index = 0; index < items.length; index += 1) add(batch, index + 1, checkEvent(items[index], now));
  return batch;
}

function add(batch: ParsedBatch, line: number, checked: AccessEventInput | Refusal): void {
  if (checked instanceof Refusal) {
    batch.rejected.push({ line, code: checked.code, message: checked.message });
  } else {
    batch.events.push(checked);
    batch.lines.push(line);
  }
}

/**
 * NDJSON (one JSON object per line, RFC 8259 text per line): a line that does not parse is rejected
 * by number and the others still count. Blank lines (a trailing newline) are skipped but numbered.
 */
export function splitNdjson(text: string): Array<{ line: number; text: string }> {
  return text
    .split('\n')
    .map((line, index) => ({ line: index + 1, text: line.endsWith('\r') ? line.slice(0, -1) : line }))
    .filter((entry) => entry.text.trim() !== '');
}

export function validateNdjson(lines: ReadonlyArray<{ line: number; text: string }>, now: Date): ParsedBatch {
  const batch: ParsedBatch = { events: [], lines: [], rejected: [] };
  for (const { line, text } of lines) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      add(batch, line, reject('malformed_line', 'The line is not valid JSON.'));
      continue;
    }
    add(batch, line, checkEvent(parsed, now));
  }
  return batch;
}
