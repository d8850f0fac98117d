/**
 * The access-log search form's rules, checked in the browser before a request is made (plain
 * functions, tested without a browser). The server checks everything again; these only turn the
 * form into the API's query and catch mistakes early, with a message next to the field.
 *
 * Times in the form are UTC (`datetime-local` values read as UTC), as everywhere in the console.
 */

/** The server refuses wider windows (domain/access-log/search.ts, MAX_SEARCH_WINDOW_DAYS). */
export const MAX_WINDOW_DAYS = 400;
const DAY_MS = 86_400_000;

export type AccessSearchBy = 'ip' | 'account';

/** The form as typed: `from` and `to` are `datetime-local` values (`YYYY-MM-DDTHH:mm`, UTC). */
export interface AccessSearchForm {
  by: AccessSearchBy;
  value: string;
  from: string;
  to: string;
  purpose: string;
}

/** A checked search: ISO times, trimmed text. */
export interface AccessSearch {
  by: AccessSearchBy;
  value: string;
  from: string;
  to: string;
  purpose: string;
}

export type AccessSearchProblems = Partial<Record<keyof AccessSearchForm, string>>;

/** A `datetime-local` value for a time, in UTC, to the minute. */
export function utcInputValue(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** The ISO time of a `datetime-local` value read as UTC, or undefined when it is not one. */
export function isoOfUtcInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The next whole minute after `now`: a window's end that includes everything up to now. */
function nextMinute(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
}

/** The form's default window: the last `days` days up to the next whole minute. */
export function defaultWindowInputs(now: Date, days = 30): { from: string; to: string } {
  const to = nextMinute(now);
  return { from: utcInputValue(new Date(to.getTime() - days * DAY_MS)), to: utcInputValue(to) };
}

/** The case view's summary window: the widest the server allows, ending now. */
export function summaryWindow(now: Date): { from: string; to: string } {
  const to = nextMinute(now);
  return { from: new Date(to.getTime() - MAX_WINDOW_DAYS * DAY_MS).toISOString(), to: to.toISOString() };
}

/**
 * Why a purpose cannot be sent, or undefined. The purpose travels in the `X-Gatehouse-Purpose`
 * header, and browsers refuse header values outside ISO-8859-1 (fetch throws a TypeError), so a
 * typographic quote or dash is named here instead of failing obscurely.
 */
export function purposeProblem(purpose: string): string | undefined {
  const trimmed = purpose.trim();
  if (trimmed.length < 3) return 'State the purpose of the search (at least 3 characters).';
  if (trimmed.length > 500) return 'The purpose may be at most 500 characters.';
  for (const char of trimmed) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || code > 0xff) {
      return `The purpose cannot contain “${char}”: use plain letters, digits and punctuation.`;
    }
  }
  return undefined;
}

/** An address or a CIDR block, loosely: the server says exactly what is wrong with a bad one. */
const NETWORK = /^[0-9a-f:.]+(\/\d{1,3})?$/i;

export function checkSearch(
  form: AccessSearchForm,
): { search: AccessSearch } | { problems: AccessSearchProblems } {
  const problems: AccessSearchProblems = {};
  const value = form.value.trim();
  if (value === '') {
    problems.value = form.by === 'ip' ? 'Give an address or a CIDR block.' : 'Give an account id.';
  } else if (form.by === 'ip' && !NETWORK.test(value)) {
    problems.value = 'An address (203.0.113.7, 2001:db8::1) or a CIDR block (203.0.113.0/24).';
  }
  const from = isoOfUtcInput(form.from);
  const to = isoOfUtcInput(form.to);
  if (from === undefined) problems.from = 'Give the start of the window (UTC).';
  if (to === undefined) problems.to = 'Give the end of the window (UTC).';
  if (from !== undefined && to !== undefined) {
    const span = Date.parse(to) - Date.parse(from);
    if (span <= 0) problems.to = 'The end must be after the start.';
    else if (span > MAX_WINDOW_DAYS * DAY_MS) {
      problems.to = `The window may span at most ${MAX_WINDOW_DAYS} days.`;
    }
  }
  const purpose = purposeProblem(form.purpose);
  if (purpose !== undefined) problems.purpose = purpose;
  if (Object.keys(problems).length > 0 || from === undefined || to === undefined) return { problems };
  return { search: { by: form.by, value, from, to, purpose: form.purpose.trim() } };
}

/** The query string of `GET /v1/access-events` for a search and, after the first page, its cursor. */
export function accessEventsQuery(search: AccessSearch, cursor?: string, limit = 100): string {
  const params = new URLSearchParams({ [search.by]: search.value, from: search.from, to: search.to });
  params.set('limit', String(limit));
  if (cursor !== undefined) params.set('cursor', cursor);
  return params.toString();
}

/**
 * The access-log page's URL parameters (`?ip=` or `?account=`), prefilling the form. The router
 * parses values as JSON first, so an external id such as `1042` arrives as a number.
 */
export function accessLogSearchParams(raw: Record<string, unknown>): { ip?: string; account?: string } {
  const pick = (value: unknown) => {
    const text = typeof value === 'number' ? String(value) : value;
    return typeof text === 'string' && text.length > 0 && text.length <= 200 ? text : undefined;
  };
  const ip = pick(raw.ip);
  const account = pick(raw.account);
  return {
    ...(ip === undefined ? {} : { ip }),
    ...(account === undefined ? {} : { account }),
  };
}

/** An event's time to the millisecond, in UTC: investigators quote it in answers to legal process. */
export function eventTime(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

/** "AS64500 Example Net", "AS64500", or "—". */
export function asnLabel(asn: number | null, asOrg: string | null): string {
  if (asn === null) return '—';
  return asOrg === null ? `AS${asn}` : `AS${asn} ${asOrg}`;
}
