/**
 * Address sightings (migration 0014): one row per (UTC day, address, account) with events, the way into
 * the access log for both questions (docs/access-log.md, "Storage").
 *
 * Written in the ingest transaction, after the events and just before commit: a batch's events are never
 * visible without the sightings that find them, and two batches bringing the same new pair wait for each
 * other's commit, not for each other's rows. Each process remembers the pairs it has committed for a day, so a steady
 * stream inserts a pair once a day, not once per event.
 *
 * The retention job deletes a purged account's sightings, then moves the epoch forward under the
 * exclusive ingest lock (settlePurged). An ingest transaction reads the epoch after taking the shared
 * ingest lock; a process that remembers pairs from an older epoch forgets them all first.
 */
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type { AccessEventRow } from '../port.ts';
import type { AccountSlot, KnownAddresses } from './access-account-memory.ts';
import { INGEST_LOCK } from './access-log-digests.ts';

const DAY_MS = 86_400_000;
/** Pairs remembered per process; past this many, it starts over. */
const REMEMBERED_LIMIT = 1_000_000;

export const READ_EPOCH = 'SELECT epoch::text AS epoch FROM access_ip_sightings_epoch WHERE id = 1';

/** The sightings a batch adds: parallel arrays, ready for one INSERT … unnest. */
export interface SightingPairs {
  epoch: string;
  /** The SightingMemory generation they were found missing in. */
  generation: number;
  days: number[];
  ips: string[];
  accounts: string[];
  slots: AccountSlot[];
}

/**
 * Each row's UTC day and address, in row order: what `missing` reads in the ingest transaction. Kept
 * apart from the rows so that a batch's rows, events and parsed JSON can be let go of once the batch is
 * encoded, before the database is waited on (access-events.ts, `prepare`).
 */
export interface SightingCandidates {
  days: Int32Array;
  ips: readonly string[];
  /**
   * Set by `SightingMemory.precheck`: the rows whose pair the memory did not hold at that epoch and
   * generation. Still true in the transaction if neither has moved (the memory only grows in between).
   */
  checked?: { epoch: string | undefined; generation: number; unknown: Int32Array };
}

export function sightingCandidates(rows: readonly AccessEventRow[]): SightingCandidates {
  const days = new Int32Array(rows.length);
  const ips = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as AccessEventRow;
    days[i] = Math.floor(row.at.getTime() / DAY_MS);
    ips[i] = row.ip;
  }
  return { days, ips };
}

const LIST_LIMIT = 1024;
const BAR = 124; // '|'

function knows(known: KnownAddresses, ip: string): boolean {
  if (known.set !== undefined) return known.set.has(ip);
  const list = known.list;
  for (let at = list.indexOf(ip); at !== -1; at = list.indexOf(ip, at + 1)) {
    if (list.charCodeAt(at - 1) === BAR && list.charCodeAt(at + ip.length) === BAR) return true;
  }
  return false;
}

/**
 * The (day, address, account) pairs this process has committed, kept on the accounts' slots
 * (access-account-memory.ts): per account, the addresses of its latest committed day, which is what a
 * live stream needs. Forgetting them all (a new epoch, or too many) moves the generation on.
 */
export class SightingMemory {
  private epoch: string | undefined;
  private generation = 0;
  private size = 0;

  /**
   * In `prepare`, right after the rows' slots were looked up: marks the rows whose pair this process has
   * not committed yet, so that `missing`, in the transaction, looks again at those alone. The check reads
   * each row's slot and its addresses; here they are still in the CPU's caches, while in the transaction,
   * after other batches have run, nearly every read misses (0.77 µs an event there against 0.14 here:
   * docs/benchmarks.md, 2026-12-01 19:47–).
   */
  precheck(rows: SightingCandidates, slots: readonly AccountSlot[]): SightingCandidates {
    const generation = this.generation;
    const unknown: number[] = [];
    for (let i = 0; i < rows.days.length; i += 1) {
      if (!this.holds(slots[i] as AccountSlot, rows.days[i] as number, rows.ips[i] as string, generation)) {
        unknown.push(i);
      }
    }
    rows.checked = { epoch: this.epoch, generation, unknown: Int32Array.from(unknown) };
    return rows;
  }

  /** The batch's (day, address, account) pairs this process has not committed under `epoch`. */
  missing(rows: SightingCandidates, slots: readonly AccountSlot[], epoch: string): SightingPairs {
    if (epoch !== this.epoch) {
      this.forget();
      this.epoch = epoch;
    }
    const generation = this.generation;
    const out: SightingPairs = { epoch, generation, days: [], ips: [], accounts: [], slots: [] };
    const checked = rows.checked;
    const only = checked?.epoch === epoch && checked.generation === generation ? checked.unknown : undefined;
    const count = only === undefined ? rows.days.length : only.length;
    let added: Set<string> | undefined;
    const { days, ips } = rows;
    for (let n = 0; n < count; n += 1) {
      const i = only === undefined ? n : (only[n] as number);
      const slot = slots[i] as AccountSlot;
      const day = days[i] as number;
      const ip = ips[i] as string;
      if (this.holds(slot, day, ip, generation)) continue;
      const key = `${day}|${ip}|${slot.id}`;
      added ??= new Set();
      if (added.has(key)) continue;
      added.add(key);
      out.days.push(day);
      out.ips.push(ip);
      out.accounts.push(slot.id);
      out.slots.push(slot);
    }
    return out;
  }

  private holds(slot: AccountSlot, day: number, ip: string, generation: number): boolean {
    const known = slot.sightings;
    return known !== undefined && known.generation === generation && known.day === day && knows(known, ip);
  }

  /** After commit: the pairs are stored (unless they have been forgotten since). */
  remember(committed: SightingPairs): void {
    if (committed.epoch !== this.epoch || committed.generation !== this.generation) return;
    if (committed.days.length === 0) return;
    if (this.size + committed.days.length > REMEMBERED_LIMIT) this.forget();
    const generation = this.generation;
    for (let i = 0; i < committed.days.length; i += 1) {
      const slot = committed.slots[i] as AccountSlot;
      const ip = committed.ips[i] ?? '';
      const day = committed.days[i] ?? 0;
      let known = slot.sightings;
      if (known !== undefined && known.generation === generation && known.day > day) continue; // a late day
      if (known === undefined || known.generation !== generation || known.day < day) {
        known = { generation, day, list: '|', set: undefined };
        slot.sightings = known;
      }
      if (knows(known, ip)) continue;
      this.size += 1;
      if (known.set !== undefined) known.set.add(ip);
      else if (known.list.length + ip.length < LIST_LIMIT) known.list += `${ip}|`;
      else known.set = new Set([...known.list.split('|').filter((s) => s !== ''), ip]);
    }
  }

  private forget(): void {
    this.generation += 1;
    this.size = 0;
  }
}

/**
 * One INSERT for the batch's new pairs, in (ip, day, account) order: two batches inserting the same new
 * pairs wait for each other in the same order, never in a cycle. Values are validated (uuids, canonical
 * addresses) and travel as array literals: bound parameters, or escaped literals in the COPY path's
 * closing message (access-events-copy.ts, `inlined`).
 */
export function insertSightingsQuery(db: Kysely<Database>, pairs: SightingPairs): CompiledQuery | undefined {
  if (pairs.days.length === 0) return undefined;
  const days = `{${pairs.days.map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10)).join(',')}}`;
  return sql`
    INSERT INTO access_ip_sightings (day, ip, account_id)
    SELECT * FROM unnest(${days}::date[], ${`{${pairs.ips.join(',')}}`}::inet[],
      ${`{${pairs.accounts.join(',')}}`}::uuid[]) AS s(day, ip, account_id)
    ORDER BY ip, day, account_id
    ON CONFLICT DO NOTHING`.compile(db);
}

/** Retention: the account's sightings go with its events (same transaction). */
export async function deleteSightingsOfAccount(db: DbHandle, accountId: string): Promise<void> {
  await sql`DELETE FROM access_ip_sightings WHERE account_id = ${accountId}::uuid`.execute(db());
}

/**
 * Retention, after purged accounts' sightings were deleted: moves the epoch forward under the exclusive
 * ingest lock, which waits for every ingest transaction still running (one of them may have trusted a
 * remembered pair), then gives the events those transactions stored their sightings back.
 */
export async function settlePurgedSightings(
  db: DbHandle,
  transaction: <T>(work: () => Promise<T>) => Promise<T>,
  accountIds: readonly string[],
): Promise<number> {
  if (accountIds.length === 0) return 0;
  return transaction(async () => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${INGEST_LOCK}, 0))`.execute(db());
    await sql`UPDATE access_ip_sightings_epoch SET epoch = epoch + 1 WHERE id = 1`.execute(db());
    const restored = await sql`
      INSERT INTO access_ip_sightings (day, ip, account_id)
      SELECT DISTINCT (at AT TIME ZONE 'UTC')::date, ip, account_id FROM access_events
      WHERE account_id = ANY(${`{${accountIds.join(',')}}`}::uuid[])
      ON CONFLICT DO NOTHING`.execute(db());
    return Number(restored.numAffectedRows ?? 0n);
  });
}
