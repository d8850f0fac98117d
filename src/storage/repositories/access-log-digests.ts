/**
 * Access-log digests in PostgreSQL (and PGlite): the digest head, the digest and purge rows, the ingest
 * barrier, and a cursor over events in the canonical digest order (migration 0013). Plain SQL: cursors,
 * advisory locks and `date_trunc(…, 'UTC')` are outside what Kysely models.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DigestEvent } from '../../domain/access-log/segment-digest.ts';
import type { DbHandle } from '../kysely-store.ts';
import type {
  AccessDigestEventFilter,
  AccessDigestEventRow,
  AccessLogDigestRecord,
  AccessLogDigestStore,
  AccessLogPurgeRecord,
  UndigestedSegment,
} from '../port.ts';
import type { RunInTransaction } from './access-events.ts';

/**
 * Every ingest transaction holds this lock shared (access-events.ts, access-events-copy.ts) from
 * before its INSERT until it commits; the digest job takes it exclusively for an instant (a barrier).
 */
export const INGEST_LOCK = 'gatehouse:access-log:ingest';

interface EventSql {
  tenant_id: string;
  segment_start: Date;
  account_id: string;
  at_us: string;
  event_key: string;
  ip: string;
  action: number;
  principal: string | null;
  user_agent: string | null;
  region: string | null;
  stored_us: string;
}

interface DigestSql {
  id: string;
  tenant_id: string;
  segment_start: Date;
  segment_end: Date;
  event_count: string | number | bigint;
  digest: Uint8Array;
  created_at: Date;
}

interface PurgeSql {
  id: string;
  tenant_id: string;
  segment_start: Date;
  account_id: string;
  event_count: string | number | bigint;
  digest: Uint8Array;
  purged_at: Date;
}

const CURSOR = 'access_log_digest_events';

export class KyselyAccessLogDigestStore implements AccessLogDigestStore {
  constructor(
    private readonly db: DbHandle,
    private readonly transaction: RunInTransaction,
    private readonly inTransaction: () => boolean,
  ) {}

  async head(): Promise<Date> {
    const { rows } = await sql<{ digested_until: Date }>`
      SELECT digested_until FROM access_log_digest_head WHERE id = 1`.execute(this.db());
    const head = rows[0];
    if (head === undefined) throw new Error('access_log_digest_head has no row (migration 0013)');
    return head.digested_until;
  }

  async advanceHead(from: Date, to: Date, at: Date): Promise<boolean> {
    const result = await sql`
      UPDATE access_log_digest_head SET digested_until = ${to}::timestamptz, updated_at = ${at}::timestamptz
      WHERE id = 1 AND digested_until = ${from}::timestamptz`.execute(this.db());
    return Number(result.numAffectedRows ?? 0n) === 1;
  }

  /**
   * Waits until every ingest transaction that started before now has ended, and returns the database
   * time at that instant: no row with a smaller `stored_at` can commit afterwards.
   */
  ingestBarrier(): Promise<Date> {
    return this.transaction(async () => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${INGEST_LOCK}, 0))`.execute(this.db());
      const { rows } = await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(this.db());
      return (rows[0] as { now: Date }).now;
    });
  }

  async *events(filter: AccessDigestEventFilter, pageSize: number): AsyncGenerator<AccessDigestEventRow[]> {
    if (!this.inTransaction()) throw new Error('reading events for a digest needs an open transaction');
    // Every row will be fetched: without this the planner favours a fast first page (cursor_tuple_fraction
    // 0.1) and picks a nested loop over accounts × events, quadratic in the hour's size.
    await sql`SET LOCAL cursor_tuple_fraction = 1.0`.execute(this.db());
    await sql`DECLARE ${sql.raw(CURSOR)} NO SCROLL CURSOR FOR ${eventsQuery(filter)}`.execute(this.db());
    try {
      for (;;) {
        const { rows } = await sql<EventSql>`FETCH ${sql.lit(pageSize)} FROM ${sql.raw(CURSOR)}`.execute(
          this.db(),
        );
        if (rows.length > 0) yield rows.map(toEventRow);
        if (rows.length < pageSize) break;
      }
    } finally {
      // Ignored when it fails: the transaction is then aborted already, and its error is the one to see.
      await sql`CLOSE ${sql.raw(CURSOR)}`.execute(this.db()).catch(() => undefined);
    }
  }

  async insertDigest(digest: AccessLogDigestRecord): Promise<boolean> {
    const result = await sql`
      INSERT INTO access_log_digests (id, tenant_id, segment_start, segment_end, event_count, digest, created_at)
      VALUES (${digest.id}::uuid, ${digest.tenantId}::uuid, ${digest.segmentStart}::timestamptz,
        ${digest.segmentEnd}::timestamptz, ${digest.eventCount}, ${digest.digest}, ${digest.createdAt}::timestamptz)
      ON CONFLICT (tenant_id, segment_start) DO NOTHING`.execute(this.db());
    return Number(result.numAffectedRows ?? 0n) === 1;
  }

  async insertPurge(purge: AccessLogPurgeRecord): Promise<void> {
    await sql`
      INSERT INTO access_log_purges (id, tenant_id, segment_start, account_id, event_count, digest, purged_at)
      VALUES (${purge.id}::uuid, ${purge.tenantId}::uuid, ${purge.segmentStart}::timestamptz,
        ${purge.accountId}::uuid, ${purge.eventCount}, ${purge.digest}, ${purge.purgedAt}::timestamptz)`.execute(
      this.db(),
    );
  }

  async digestsUnscoped(
    after: { segmentStart: Date; tenantId: string } | undefined,
    limit: number,
  ): Promise<AccessLogDigestRecord[]> {
    const where =
      after === undefined
        ? sql`TRUE`
        : sql`(segment_start, tenant_id) > (${after.segmentStart}::timestamptz, ${after.tenantId}::uuid)`;
    const { rows } = await sql<DigestSql>`
      SELECT * FROM access_log_digests WHERE ${where}
      ORDER BY segment_start, tenant_id LIMIT ${limit}`.execute(this.db());
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      segmentStart: r.segment_start,
      segmentEnd: r.segment_end,
      eventCount: Number(r.event_count),
      digest: Buffer.from(r.digest),
      createdAt: r.created_at,
    }));
  }

  async purgesOfSegmentUnscoped(segmentStart: Date): Promise<AccessLogPurgeRecord[]> {
    const { rows } = await sql<PurgeSql>`
      SELECT * FROM access_log_purges WHERE segment_start = ${segmentStart}::timestamptz
      ORDER BY tenant_id, account_id`.execute(this.db());
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      segmentStart: r.segment_start,
      accountId: r.account_id,
      eventCount: Number(r.event_count),
      digest: Buffer.from(r.digest),
      purgedAt: r.purged_at,
    }));
  }

  async undigestedSegmentsUnscoped(before: Date, limit: number): Promise<UndigestedSegment[]> {
    const { rows } = await sql<{ tenant_id: string; segment_start: Date; count: number }>`
      SELECT a.tenant_id, date_trunc('hour', e.stored_at, 'UTC') AS segment_start, count(*)::float8 AS count
      FROM access_events e JOIN accounts a ON a.id = e.account_id
      WHERE e.stored_at < ${before}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM access_log_digests d
          WHERE d.tenant_id = a.tenant_id AND d.segment_start = date_trunc('hour', e.stored_at, 'UTC'))
      GROUP BY 1, 2 ORDER BY 2, 1 LIMIT ${limit}`.execute(this.db());
    return rows.map((r) => ({ tenantId: r.tenant_id, segmentStart: r.segment_start, eventCount: r.count }));
  }
}

/** The canonical digest order: tenant, hour of store time, account, event time, event key. */
function eventsQuery(filter: AccessDigestEventFilter): RawBuilder<unknown> {
  const where =
    'accountId' in filter
      ? sql`e.account_id = ${filter.accountId}::uuid AND a.tenant_id = ${filter.tenantId}::uuid
          AND e.stored_at < ${filter.storedBefore}::timestamptz`
      : sql`e.stored_at >= ${filter.storedFrom}::timestamptz AND e.stored_at < ${filter.storedTo}::timestamptz`;
  // Microseconds as exact integers (extract returns numeric), and inet as text: a prefix length an
  // insider added, or a sub-millisecond change of a time, must change the digest.
  return sql`
    SELECT a.tenant_id, date_trunc('hour', e.stored_at, 'UTC') AS segment_start, e.account_id,
      (extract(epoch FROM e.at) * 1000000)::int8::text AS at_us, e.event_key::text AS event_key,
      e.ip::text AS ip, e.action, p.value AS principal, u.value AS user_agent, r.value AS region,
      (extract(epoch FROM e.stored_at) * 1000000)::int8::text AS stored_us
    FROM access_events e
    JOIN accounts a ON a.id = e.account_id
    LEFT JOIN access_strings p ON p.id = e.principal_id
    LEFT JOIN access_strings u ON u.id = e.user_agent_id
    LEFT JOIN access_strings r ON r.id = e.region_id
    WHERE ${where}
    ORDER BY a.tenant_id, 2, e.account_id, e.at, e.event_key`;
}

function toEventRow(r: EventSql): AccessDigestEventRow {
  const event: DigestEvent = {
    accountId: r.account_id,
    atMicros: BigInt(r.at_us),
    eventKey: BigInt(r.event_key),
    ip: r.ip,
    action: r.action,
    principal: r.principal,
    userAgent: r.user_agent,
    region: r.region,
    storedAtMicros: BigInt(r.stored_us),
  };
  return { tenantId: r.tenant_id, segmentStart: r.segment_start, event };
}
