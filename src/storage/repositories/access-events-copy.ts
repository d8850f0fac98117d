/**
 * Bulk load on PostgreSQL (pg-copy-streams), in one transaction with the accounts' last_access_at.
 *
 * Optimistic: the batch, deduplicated in memory, is COPYed straight into the partitioned log. COPY
 * cannot skip a row that is already stored, so a batch holding one (a client's retry, a JetStream
 * redelivery) fails the unique (at, event_key) index with 23505; that transaction is rolled back and
 * the batch goes the staged way: COPY into a per-session temporary table, then one
 * INSERT … SELECT … ON CONFLICT DO NOTHING. Either way a retried batch stores nothing twice, and the
 * first-time batch, by far the common case, is written once instead of twice (docs/benchmarks.md).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { AppError } from '../../errors.ts';
import { isUnavailableError } from '../postgres.ts';
import type { ResolvedRow } from './access-strings.ts';
import { INGEST_LOCK } from './access-log-digests.ts';

const COLUMNS = 'at, account_id, event_key, ip, action, principal_id, user_agent_id, region_id';

const STAGE = `CREATE TEMP TABLE IF NOT EXISTS access_events_stage (
  at timestamptz, account_id uuid, event_key int8, ip inet, action int2,
  principal_id int4, user_agent_id int4, region_id int4) ON COMMIT DELETE ROWS`;

/** COPY text format; every value is validated (no tabs, backslashes or newlines can occur). */
const n = (v: number | null): string => (v === null ? '\\N' : String(v));

function copyLine(r: ResolvedRow): string {
  return `${r.at.toISOString()}\t${r.accountId}\t${r.eventKey}\t${r.ip}\t${r.action}\t${n(r.principalId)}\t${n(r.userAgentId)}\t${n(r.regionId)}\n`;
}

function* chunks(rows: readonly ResolvedRow[]): Generator<string> {
  let buffer = '';
  for (const row of rows) {
    buffer += copyLine(row);
    if (buffer.length > 65_536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/** The batch without rows repeating an earlier row's (at, event_key): the log's unique key. */
function distinct(rows: readonly ResolvedRow[]): readonly ResolvedRow[] {
  // Keys alone first: they rarely repeat, and then no composite key is built per row.
  const keys = new Set<string>();
  for (const row of rows) {
    if (keys.has(row.eventKey)) return distinctByTimeAndKey(rows);
    keys.add(row.eventKey);
  }
  return rows;
}

function distinctByTimeAndKey(rows: readonly ResolvedRow[]): readonly ResolvedRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.at.getTime()}:${r.eventKey}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Load = (client: pg.PoolClient, rows: readonly ResolvedRow[]) => Promise<number>;

/** COPY into the log itself; fails with 23505 if any row is already stored. */
const direct: Load = async (client, rows) => {
  await pipeline(
    Readable.from(chunks(rows)),
    client.query(copyStreams.from(`COPY access_events (${COLUMNS}) FROM STDIN`)),
  );
  return rows.length;
};

/** COPY into a staging table, then insert what is not stored yet. */
const staged: Load = async (client, rows) => {
  await client.query(STAGE);
  await pipeline(
    Readable.from(chunks(rows)),
    client.query(copyStreams.from('COPY access_events_stage FROM STDIN')),
  );
  const insert = await client.query(
    `INSERT INTO access_events (${COLUMNS}) SELECT * FROM access_events_stage ON CONFLICT DO NOTHING`,
  );
  return insert.rowCount ?? 0;
};

export async function copyBatch(
  pool: pg.Pool,
  rows: readonly ResolvedRow[],
  latest: ReadonlyMap<string, Date>,
): Promise<{ inserted: number }> {
  const unique = distinct(rows);
  try {
    return await loadInTransaction(pool, unique, latest, direct);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return loadInTransaction(pool, unique, latest, staged);
  }
}

async function loadInTransaction(
  pool: pg.Pool,
  rows: readonly ResolvedRow[],
  latest: ReadonlyMap<string, Date>,
  load: Load,
): Promise<{ inserted: number }> {
  const client = await connect(pool);
  let broken = false;
  try {
    await client.query('BEGIN');
    // Held to commit, taken before the rows are written so their stored_at (the default, the start of
    // the statement that writes them: migration 0013) follows it: the access-log digest job's barrier
    // waits for it (access-log-digests.ts).
    await client.query('SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))', [INGEST_LOCK]);
    const inserted = await load(client, rows);
    const ids = [...latest.keys()].sort();
    await client.query(
      `UPDATE accounts a SET last_access_at = v.at FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at)
       WHERE a.id = v.id AND (a.last_access_at IS NULL OR a.last_access_at < v.at)`,
      // ISO text, not Date: node-postgres formats a Date slowly, in local time.
      [ids, ids.map((id) => latest.get(id)?.toISOString() ?? null)],
    );
    await client.query('COMMIT');
    return { inserted };
  } catch (error) {
    broken = isUnavailableError(error);
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw isUniqueViolation(error) ? error : unavailable(error);
  } finally {
    client.release(broken);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505';
}

async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw unavailable(error);
  }
}

function unavailable(error: unknown): unknown {
  return isUnavailableError(error)
    ? new AppError('STORE_UNAVAILABLE', 'The database is unavailable; try again shortly.', { cause: error })
    : error;
}
