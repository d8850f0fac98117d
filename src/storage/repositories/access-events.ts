/**
 * The access log in PostgreSQL (and PGlite): day partitions, a string dictionary, idempotent batch
 * inserts. Most statements are plain SQL because they use what Kysely does not model (unnest,
 * partitions, inet operators). Arrays travel as PostgreSQL array literals built from validated values
 * (uuids, canonical addresses, ISO times, integers); user text (principal, user agent, region) only
 * ever travels as a bound JSON parameter.
 */
import { sql, type RawBuilder } from 'kysely';
import type pg from 'pg';
import type { DbHandle } from '../kysely-store.ts';
import type {
  AccessAccountRef,
  AccessEventRow,
  AccessEventSearch,
  AccessEventStore,
  AccessIpSummaryRow,
  AccessLogSize,
  AccountRecord,
  StoredAccessEvent,
} from '../port.ts';
import { AccountMemory, type AccountSlot } from './access-account-memory.ts';
import { copyBatch, encodeCopy } from './access-events-copy.ts';
import {
  closedAccountsWithEvents,
  countOfAccount,
  deleteOfAccount,
  dropEmptyPartitionsBefore,
  partitionsEmptiedBefore,
} from './access-events-retention.ts';
import { arrayLiteral, dayOf } from './access-sql.ts';
import { AccessStringDictionary, type StringIds } from './access-strings.ts';
import { searchPairs } from './access-events-search.ts';
import { INGEST_LOCK } from './access-log-digests.ts';
import {
  deleteSightingsOfAccount,
  insertSightingsQuery,
  READ_EPOCH,
  settlePurgedSightings,
  SightingMemory,
  sightingCandidates,
  type SightingCandidates,
  type SightingPairs,
} from './access-sightings.ts';

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RunInTransaction = <T>(work: () => Promise<T>) => Promise<T>;

/** The accounts a tenant may read or log for: its own, its resellers', and those it resells. */
function visible(tenantId: string): RawBuilder<unknown> {
  return sql`(a.tenant_id = ${tenantId}::uuid OR a.reseller_tenant_id = ${tenantId}::uuid
    OR a.tenant_id IN (SELECT id FROM tenants WHERE parent_id = ${tenantId}::uuid))`;
}

/** A batch ready for its transaction (KyselyAccessEventStore.prepare): no reference to its rows on PostgreSQL. */
interface PreparedBatch {
  count: number;
  /** The UTC days (partitions) its rows fall on. */
  days: readonly string[];
  slots: readonly AccountSlot[];
  newer: ReturnType<AccountMemory['newestPerAccount']>;
  candidates: SightingCandidates;
  /** PostgreSQL: the binary COPY stream. PGlite (no COPY): the rows, for one INSERT … unnest. */
  load:
    { pool: pg.Pool; data: Buffer } | { pool: undefined; rows: readonly AccessEventRow[]; ids: StringIds };
}

export class KyselyAccessEventStore implements AccessEventStore {
  private readonly partitions = new Set<string>();
  private readonly strings: AccessStringDictionary;
  /**
   * Per account: its uuid's bytes, the addresses it has committed sightings for, and a time its stored
   * last_access_at is known to be at or after (ms), what this process last committed. last_access_at
   * only ever moves forward, and only to the minute, so a batch whose newest event for an account falls
   * in no later minute needs no UPDATE for it: a steady stream moves each account's row once a minute,
   * and redeliveries or older events never.
   */
  private readonly accounts = new AccountMemory();
  private readonly sightings = new SightingMemory();

  constructor(
    private readonly db: DbHandle,
    private readonly transaction: RunInTransaction,
    /** PostgreSQL only: a pool whose clients can run COPY (PGlite has no COPY FROM STDIN stream). */
    private readonly copyPool: pg.Pool | undefined,
  ) {
    this.strings = new AccessStringDictionary(db);
  }

  async resolveAccounts(tenantId: string, refs: readonly string[]): Promise<AccessAccountRef[]> {
    if (refs.length === 0) return [];
    const ids = refs.filter((ref) => UUID.test(ref)).map((ref) => ref.toLowerCase());
    const result = await sql<{ id: string; tenant_id: string; external_id: string | null }>`
      SELECT a.id, a.tenant_id, a.external_id FROM accounts a
      WHERE ${visible(tenantId)}
        AND (a.id = ANY(${arrayLiteral(ids)}::uuid[])
          OR a.external_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(refs)}::jsonb)))`.execute(
      this.db(),
    );
    const wanted = new Set(refs);
    return result.rows.flatMap((r) => [
      ...(wanted.has(r.id) ? [{ ref: r.id, accountId: r.id, tenantId: r.tenant_id }] : []),
      ...(r.external_id !== null && wanted.has(r.external_id)
        ? [{ ref: r.external_id, accountId: r.id, tenantId: r.tenant_id }]
        : []),
    ]);
  }

  /**
   * Not an async function on purpose: the rows are handed to `prepare`, whose frame ends once the batch
   * is encoded, and only the prepared batch waits on the database. A parameter of an async function stays
   * reachable until the function returns, so awaiting the transaction here with `rows` in hand kept every
   * in-flight batch's rows, events and parsed JSON alive: about half of the young generation at each
   * scavenge, which the scavenger copied and promoted (docs/benchmarks.md, 2026-12-01 17:12–).
   */
  insertBatch(rows: readonly AccessEventRow[]): Promise<{ inserted: number }> {
    if (rows.length === 0) return Promise.resolve({ inserted: 0 });
    return this.prepare(rows).then((batch) => this.write(batch));
  }

  /** The partitions and dictionary ids the rows need, then everything the transaction needs, encoded. */
  private async prepare(rows: readonly AccessEventRow[]): Promise<PreparedBatch> {
    const days = daysOf(rows);
    await this.ensureDays(days);
    const ids = await this.strings.resolve(rows);
    const slots = this.accounts.slotsOf(rows);
    return {
      count: rows.length,
      days,
      slots,
      newer: this.accounts.newestPerAccount(rows, slots),
      candidates: this.sightings.precheck(sightingCandidates(rows), slots),
      load:
        this.copyPool !== undefined
          ? { pool: this.copyPool, data: encodeCopy(rows, slots, ids) }
          : { pool: undefined, rows, ids },
    };
  }

  private async write(batch: PreparedBatch): Promise<{ inserted: number }> {
    try {
      return await this.writeOnce(batch);
    } catch (error) {
      // 23514: no partition for a row. Another process's retention job dropped a day this one had
      // cached; forget the cache and try once more.
      if ((error as { code?: unknown }).code !== '23514') throw error;
      this.partitions.clear();
      await this.ensureDays(batch.days);
      return this.writeOnce(batch);
    }
  }

  private async writeOnce(batch: PreparedBatch): Promise<{ inserted: number }> {
    const { load, newer } = batch;
    // Set by the last transaction that ran: a COPY that meets a stored event runs again, staged.
    let pairs: SightingPairs | undefined;
    const sightings = (epoch: string) => {
      pairs = this.sightings.missing(batch.candidates, batch.slots, epoch);
      return insertSightingsQuery(this.db(), pairs);
    };
    const result =
      load.pool !== undefined
        ? await copyBatch(load.pool, load.data, batch.count, {
            sightings,
            after: touchAccountsQuery(newer)?.compile(this.db()),
          })
        : await this.transaction(async () => {
            // Held to commit: the access-log digest job's barrier waits for it (access-log-digests.ts).
            await sql`SELECT pg_advisory_xact_lock_shared(hashtextextended(${INGEST_LOCK}, 0))`.execute(
              this.db(),
            );
            const epoch = await sql<{ epoch: string }>`${sql.raw(READ_EPOCH)}`.execute(this.db());
            const insertSightings = sightings(epoch.rows[0]?.epoch ?? '0');
            const inserted = await this.insertRows(load.rows, load.ids);
            if (insertSightings !== undefined) await this.db().executeQuery(insertSightings);
            const touch = touchAccountsQuery(newer);
            if (touch !== undefined) await touch.execute(this.db());
            return { inserted };
          });
    // Committed: each of these accounts' last_access_at is now at least its time here.
    this.accounts.committedAccess(newer);
    if (pairs !== undefined) this.sightings.remember(pairs);
    return result;
  }

  private async insertRows(rows: readonly AccessEventRow[], ids: StringIds): Promise<number> {
    const idsOf = (kind: Int32Array) => arrayLiteral(Array.from(kind, (id) => (id === 0 ? null : id)));
    const result = await sql`
      INSERT INTO access_events (at, account_id, event_key, ip, action, principal_id, user_agent_id, region_id)
      SELECT * FROM unnest(
        ${arrayLiteral(rows.map((r) => r.at.toISOString()))}::timestamptz[],
        ${arrayLiteral(rows.map((r) => r.accountId))}::uuid[],
        ${arrayLiteral(rows.map((r) => r.eventKey))}::int8[],
        ${arrayLiteral(rows.map((r) => r.ip))}::inet[],
        ${arrayLiteral(rows.map((r) => r.action))}::int2[],
        ${idsOf(ids.principal)}::int4[],
        ${idsOf(ids.userAgent)}::int4[],
        ${idsOf(ids.region)}::int4[])
      ON CONFLICT DO NOTHING`.execute(this.db());
    return Number(result.numAffectedRows ?? 0n);
  }

  async ensurePartitions(from: Date, to: Date): Promise<number> {
    const days: string[] = [];
    for (let t = Date.parse(dayOf(from)); t < to.getTime(); t += DAY_MS) days.push(dayOf(new Date(t)));
    return this.ensureDays(days);
  }

  /**
   * Creating a partition locks the parent table, so it happens in a short transaction of its own,
   * serialised across processes by an advisory lock, and each process remembers the days it has seen.
   */
  private async ensureDays(days: readonly string[]): Promise<number> {
    const missing = [...new Set(days)].filter((day) => !this.partitions.has(day)).sort();
    if (missing.length === 0) return 0;
    const created = await this.transaction(async () => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended('gatehouse.access_events.partitions', 0))`.execute(
        this.db(),
      );
      let count = 0;
      for (const day of missing) {
        const name = `access_events_p${day.replaceAll('-', '')}`;
        const exists = await sql<{
          found: boolean;
        }>`SELECT to_regclass(${name}) IS NOT NULL AS found`.execute(this.db());
        if (exists.rows[0]?.found === true) continue;
        const next = dayOf(new Date(Date.parse(day) + DAY_MS));
        await sql`CREATE TABLE ${sql.id(name)} PARTITION OF access_events
          FOR VALUES FROM (${sql.lit(`${day} 00:00:00+00`)}) TO (${sql.lit(`${next} 00:00:00+00`)})`.execute(
          this.db(),
        );
        count += 1;
      }
      return count;
    });
    for (const day of missing) this.partitions.add(day);
    return created;
  }

  async searchByNetwork(
    tenantId: string,
    network: { cidr: string; first: string; last: string },
    search: AccessEventSearch,
  ): Promise<StoredAccessEvent[]> {
    // The explicit range is what the sightings' (ip, day, account_id) key is scanned by; `<<=` states
    // the meaning.
    return this.search(
      tenantId,
      sql`s.ip >= ${network.first}::inet AND s.ip <= ${network.last}::inet AND s.ip <<= ${network.cidr}::inet`,
      search,
      false,
    );
  }

  async searchByAccount(
    tenantId: string,
    accountId: string,
    search: AccessEventSearch,
  ): Promise<StoredAccessEvent[]> {
    return this.search(tenantId, sql`s.account_id = ${accountId}::uuid`, search, true);
  }

  /** The (account, address) pairs sighted in the window that the tenant may read, merged (access-events-search.ts). */
  private search(
    tenantId: string,
    pairs: RawBuilder<unknown>,
    s: AccessEventSearch,
    byDay: boolean,
  ): Promise<StoredAccessEvent[]> {
    return searchPairs(this.db, pairs, visible(tenantId), s, byDay);
  }

  async summariseIps(
    tenantId: string,
    accountId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<AccessIpSummaryRow[]> {
    const result = await sql<{ ip: string; first_seen: Date; last_seen: Date; count: number }>`
      SELECT host(e.ip) AS ip, min(e.at) AS first_seen, max(e.at) AS last_seen, count(*)::int AS count
      FROM access_events e JOIN accounts a ON a.id = e.account_id
      WHERE e.account_id = ${accountId}::uuid AND e.at >= ${from}::timestamptz AND e.at < ${to}::timestamptz
        AND ${visible(tenantId)}
      GROUP BY e.ip ORDER BY max(e.at) DESC LIMIT ${limit}`.execute(this.db());
    return result.rows.map((r) => ({
      ip: r.ip,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      count: r.count,
    }));
  }

  closedAccountsWithEventsUnscoped(
    closedBefore: Date,
    afterId: string | undefined,
    limit: number,
  ): Promise<AccountRecord[]> {
    return closedAccountsWithEvents(this.db, closedBefore, afterId, limit);
  }

  async deleteOfAccount(tenantId: string, accountId: string): Promise<number> {
    const deleted = await deleteOfAccount(this.db, tenantId, accountId);
    if (deleted > 0) await deleteSightingsOfAccount(this.db, accountId);
    return deleted;
  }

  settlePurgedSightings(accountIds: readonly string[]): Promise<number> {
    return settlePurgedSightings(this.db, this.transaction, accountIds);
  }

  countOfAccount(tenantId: string, accountId: string): Promise<number> {
    return countOfAccount(this.db, tenantId, accountId);
  }

  partitionsEmptiedBefore(before: Date, deletedAccountIds: readonly string[]): Promise<string[]> {
    return partitionsEmptiedBefore(this.db, before, deletedAccountIds);
  }

  async dropEmptyPartitionsBefore(before: Date): Promise<string[]> {
    const dropped = await dropEmptyPartitionsBefore(this.db, before);
    // A dropped day is created again on demand if an event for it ever arrives.
    for (const name of dropped)
      this.partitions.delete(name.replace(/^access_events_p(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'));
    return dropped;
  }

  async sizeUnscoped(): Promise<AccessLogSize> {
    const result = await sql<{
      partitions: number;
      rows: number;
      table_bytes: number;
      index_bytes: number;
      sighting_rows: number;
      sighting_bytes: number;
    }>`
      SELECT count(*)::int AS partitions, coalesce(sum(greatest(c.reltuples, 0)), 0)::float8 AS rows,
        coalesce(sum(pg_table_size(c.oid)), 0)::float8 AS table_bytes,
        coalesce(sum(pg_indexes_size(c.oid)), 0)::float8 AS index_bytes,
        (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'access_ip_sightings'::regclass)::float8
          AS sighting_rows,
        pg_total_relation_size('access_ip_sightings')::float8 AS sighting_bytes
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'access_events'::regclass`.execute(this.db());
    const r = result.rows[0];
    return {
      partitions: r?.partitions ?? 0,
      estimatedRows: r?.rows ?? 0,
      tableBytes: r?.table_bytes ?? 0,
      indexBytes: r?.index_bytes ?? 0,
      sightingRows: r?.sighting_rows ?? 0,
      sightingBytes: r?.sighting_bytes ?? 0,
    };
  }
}

/** The distinct UTC days of the rows: one toISOString per day, not per row. */
function daysOf(rows: readonly AccessEventRow[]): string[] {
  const days = new Set<number>();
  for (const row of rows) days.add(Math.floor(row.at.getTime() / 86_400_000));
  return [...days].map((day) => dayOf(new Date(day * 86_400_000)));
}

/**
 * Moves each account's last_access_at forward to its minute in `latest` (ms), if that is later. The rows
 * are locked in id order first: two batches touching the same accounts in opposite orders (the join's
 * plan decides the order an UPDATE alone would lock them in) would otherwise deadlock.
 */
function touchAccountsQuery(
  newer: ReadonlyArray<{ slot: AccountSlot; at: number }>,
): RawBuilder<unknown> | undefined {
  if (newer.length === 0) return undefined;
  const ids = newer.map(({ slot }) => slot.id);
  const ats = newer.map(({ at }) => new Date(at).toISOString());
  return sql`
    WITH locked AS (
      SELECT a.id, v.at FROM accounts a
      JOIN unnest(${arrayLiteral(ids)}::uuid[], ${arrayLiteral(ats)}::timestamptz[]) AS v(id, at) ON a.id = v.id
      WHERE a.last_access_at IS NULL OR a.last_access_at < v.at
      ORDER BY a.id
      FOR UPDATE OF a)
    UPDATE accounts a SET last_access_at = l.at FROM locked l
    WHERE a.id = l.id AND (a.last_access_at IS NULL OR a.last_access_at < l.at)`;
}
