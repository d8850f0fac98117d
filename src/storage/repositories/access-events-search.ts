/**
 * The access log's two questions, "which accounts used this address (or block) in this window" and
 * "every address this account used", answered from the same place: the address sightings, one row per
 * (UTC day, address, account) with events (`access_ip_sightings`). Each sighting is one range of the
 * unique (account_id, ip, at, event_key) index in one day's partition; the ranges are merged in
 * (at, event_key) order.
 *
 * With few sightings in the window (FEW_SIGHTINGS), over one day, or for a block, one statement reads a
 * page from each pair's range across the window's partitions and merges them, as this always did. For
 * an account with many sightings that costs pairs × days index descents (2,000 addresses over 30 days:
 * 60,000). Then the days are taken in order, a few at a time, each sighting one range in one day's
 * partition. Every event of a day comes before every event of the next, so once the days read hold a
 * page (limit + 1 events), later days cannot change it. A statement reads whole days, through the day
 * of the PROBES_PER_STATEMENT-th sighting in day order, and the search stops once the page is full
 * (benchmarks.md, 2026-12-02).
 */
import { sql, type RawBuilder } from 'kysely';
import type { DbHandle } from '../kysely-store.ts';
import type { AccessEventSearch, StoredAccessEvent } from '../port.ts';
import { dayOf } from './access-sql.ts';

/**
 * Up to this many sightings in the window (so at most as many pairs), one statement reads a page from
 * each pair across the window's partitions: an address over a day, an account with ten addresses over a
 * month.
 */
const FEW_SIGHTINGS = 300;
/** Sightings (index ranges) one statement reads, unless its first day alone has more. */
const PROBES_PER_STATEMENT = 500;
const DAY_MS = 86_400_000;

interface EventRowSql {
  at: Date;
  account_id: string;
  external_id: string | null;
  event_key: string;
  ip: string;
  action: number;
  principal: string | null;
  user_agent: string | null;
  region: string | null;
}

/** A search: the pairs it starts from (a block's or an account's sightings), its window, its last day. */
interface Search {
  db: DbHandle;
  pairsWhere: RawBuilder<unknown>;
  visible: RawBuilder<unknown>;
  s: AccessEventSearch;
  lastDay: string;
}

/** What one statement read: its events in order, its last day, whether sighted days follow. */
interface Chunk {
  events: EventRowSql[];
  through: string | null;
  more: boolean;
}

/**
 * `byDay`: an account's sightings, which its (account_id, day, ip) index gives in day order. A block's
 * come in (ip, day) order and would be sorted first; measured, a dense /21 over a week was slower by
 * day than by pair (benchmarks.md, 2026-12-02), so a block is always read by pair.
 */
export async function searchPairs(
  db: DbHandle,
  pairsWhere: RawBuilder<unknown>,
  visible: RawBuilder<unknown>,
  s: AccessEventSearch,
  byDay: boolean,
): Promise<StoredAccessEvent[]> {
  const want = s.limit + 1;
  const lastDay = dayOf(new Date(s.to.getTime() - 1));
  let firstDay = dayOf(s.after !== undefined && s.after.at > s.from ? s.after.at : s.from);
  const q: Search = { db, pairsWhere, visible, s, lastDay };
  const few = await fewPairs(q, firstDay, want, byDay);
  if (few !== undefined) return few.map(toStored);
  const rows: EventRowSql[] = [];
  for (;;) {
    const chunk = await daysFrom(q, firstDay, want - rows.length);
    // Events of later days all come after these.
    rows.push(...chunk.events);
    if (rows.length >= want || !chunk.more || chunk.through === null) break;
    firstDay = dayOf(new Date(Date.parse(`${chunk.through}T00:00:00Z`) + DAY_MS));
  }
  return rows.slice(0, want).map(toStored);
}

function toStored(r: EventRowSql): StoredAccessEvent {
  return {
    at: r.at,
    accountId: r.account_id,
    externalId: r.external_id,
    eventKey: r.event_key,
    ip: r.ip,
    action: r.action,
    principal: r.principal,
    userAgent: r.user_agent,
    region: r.region,
  };
}

/**
 * With at most FEW_SIGHTINGS sightings in the window, the page in one statement: per (account,
 * address) pair one range over the window's partitions, a page from each, merged. Undefined when there
 * are more sightings, or no event.
 */
async function fewPairs(
  q: Search,
  firstDay: string,
  want: number,
  byDay: boolean,
): Promise<EventRowSql[] | undefined> {
  const { db, s, lastDay } = q;
  const from = sightingsFrom(q, firstDay);
  // Over one day both ways read one range per pair in one partition: no need to count.
  const oneDay = firstDay === lastDay || !byDay;
  const few = oneDay
    ? sql`TRUE`
    : sql`(SELECT count(*) FROM (SELECT 1 ${from(sql`TRUE`)} LIMIT ${FEW_SIGHTINGS + 1}) c) <= ${FEW_SIGHTINGS}`;
  const result = await sql<EventRowSql>`
    WITH pairs AS (
      SELECT DISTINCT s.account_id, s.ip, a.external_id ${from(sql`TRUE`)}
        -- Many sightings: no pair here (nothing read), the days are read in order instead.
        AND ${few})
    SELECT e.at, e.account_id, e.external_id, e.event_key::text AS event_key, host(e.ip) AS ip,
      e.action, p.value AS principal, u.value AS user_agent, r.value AS region
    FROM (
      SELECT e.*, pairs.external_id FROM pairs CROSS JOIN LATERAL (
        SELECT e.* FROM access_events e
        WHERE e.account_id = pairs.account_id AND e.ip = pairs.ip
          AND e.at >= ${s.from}::timestamptz AND e.at < ${s.to}::timestamptz AND ${after(s)}
        ORDER BY e.at, e.event_key
        LIMIT ${want}) e
      ORDER BY e.at, e.event_key
      LIMIT ${want}) e
    -- The dictionary's strings for the page only.
    LEFT JOIN access_strings p ON p.id = e.principal_id
    LEFT JOIN access_strings u ON u.id = e.user_agent_id
    LEFT JOIN access_strings r ON r.id = e.region_id
    ORDER BY e.at, e.event_key`.execute(db());
  // None: no event, or too many sightings; the days in order tell which, cheaply if the first.
  return result.rows.length > 0 || oneDay ? result.rows : undefined;
}

/** `FROM … WHERE …` of the sightings from `firstDay` through `lastDay` that the tenant may read, and `days`. */
function sightingsFrom(q: Search, firstDay: string): (days: RawBuilder<unknown>) => RawBuilder<unknown> {
  return (days) => sql`
    FROM access_ip_sightings s JOIN accounts a ON a.id = s.account_id
    WHERE ${q.pairsWhere} AND s.day >= ${firstDay}::date AND s.day <= ${q.lastDay}::date AND ${days}
      AND ${q.visible}`;
}

function after(s: AccessEventSearch): RawBuilder<unknown> {
  return s.after === undefined
    ? sql`TRUE`
    : sql`(e.at, e.event_key) > (${s.after.at}::timestamptz, ${s.after.key}::int8)`;
}

/**
 * The first `limit` events, in order, of the sighted days from `firstDay` that fit in one statement,
 * and how far it read.
 */
async function daysFrom(q: Search, firstDay: string, limit: number): Promise<Chunk> {
  const { db, s } = q;
  const sightings = sightingsFrom(q, firstDay);
  const result = await sql<
    { through: string | null; more: boolean } & { [K in keyof EventRowSql]: EventRowSql[K] | null }
  >`
    -- The days to read: through the day of the PROBES_PER_STATEMENT-th sighting in day order, whole.
    WITH edge AS (
      SELECT max(day) AS last FROM (
        SELECT s.day ${sightings(sql`TRUE`)} ORDER BY s.day LIMIT ${PROBES_PER_STATEMENT}) first_sightings),
    sighted AS (
      SELECT s.day, s.account_id, s.ip, a.external_id ${sightings(sql`s.day <= (SELECT last FROM edge)`)}),
    reach AS (
      SELECT (SELECT last FROM edge)::text AS through,
        EXISTS (SELECT 1 ${sightings(sql`s.day > (SELECT last FROM edge)`)}) AS more)
    SELECT reach.through, reach.more, e.at, e.account_id, e.external_id, e.event_key::text AS event_key,
      host(e.ip) AS ip, e.action, p.value AS principal, u.value AS user_agent, r.value AS region
    -- At least one row, the reach, when the days read hold no event (all before the cursor, say).
    FROM reach LEFT JOIN (
      SELECT e.*, sighted.external_id FROM sighted CROSS JOIN LATERAL (
        -- One day's partition: the range of this account and address within the day and the window.
        SELECT e.* FROM access_events e
        WHERE e.account_id = sighted.account_id AND e.ip = sighted.ip
          AND e.at >= greatest(sighted.day::timestamp AT TIME ZONE 'UTC', ${s.from}::timestamptz)
          AND e.at < least((sighted.day + 1)::timestamp AT TIME ZONE 'UTC', ${s.to}::timestamptz)
          AND ${after(s)}
        ORDER BY e.at, e.event_key
        LIMIT ${limit}) e
      ORDER BY e.at, e.event_key
      LIMIT ${limit}) e ON TRUE
    -- The dictionary's strings for the rows returned only.
    LEFT JOIN access_strings p ON p.id = e.principal_id
    LEFT JOIN access_strings u ON u.id = e.user_agent_id
    LEFT JOIN access_strings r ON r.id = e.region_id
    ORDER BY e.at, e.event_key`.execute(db());
  const reach = result.rows[0];
  return {
    events: result.rows.filter((r) => r.at !== null) as EventRowSql[],
    through: reach?.through ?? null,
    more: reach?.more === true,
  };
}
