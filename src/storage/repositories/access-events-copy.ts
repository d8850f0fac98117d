/**
 * Bulk load on PostgreSQL: COPY (pg-copy-streams) into a per-session staging table, then one
 * INSERT … SELECT … ON CONFLICT DO NOTHING into the partitioned log, in one transaction with the
 * accounts' last_access_at. COPY itself cannot skip duplicates, hence the staging step: a retried
 * batch still stores nothing twice.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { AppError } from '../../errors.ts';
import { isUnavailableError } from '../postgres.ts';
import type { ResolvedRow } from './access-strings.ts';
import { INGEST_LOCK } from './access-log-digests.ts';

const STAGE = `CREATE TEMP TABLE IF NOT EXISTS access_events_stage (
  at timestamptz, account_id uuid, event_key int8, ip inet, action int2,
  principal_id int4, user_agent_id int4, region_id int4) ON COMMIT DELETE ROWS`;

/** COPY text format; every value is validated (no tabs, backslashes or newlines can occur). */
function copyLine(r: ResolvedRow): string {
  const n = (v: number | null) => (v === null ? '\\N' : String(v));
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

export async function copyBatch(
  pool: pg.Pool,
  rows: readonly ResolvedRow[],
  latest: ReadonlyMap<string, Date>,
): Promise<{ inserted: number }> {
  const client = await connect(pool);
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query(STAGE);
    await pipeline(
      Readable.from(chunks(rows)),
      client.query(copyStreams.from('COPY access_events_stage FROM STDIN')),
    );
    // Held to commit, taken before the INSERT so its stored_at (the statement's start) follows it: the
    // access-log digest job's barrier waits for it (access-log-digests.ts).
    await client.query('SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))', [INGEST_LOCK]);
    const insert = await client.query(
      // stored_at takes its default (migration 0013): the start of this statement.
      `INSERT INTO access_events (at, account_id, event_key, ip, action, principal_id, user_agent_id, region_id)
       SELECT * FROM access_events_stage ON CONFLICT DO NOTHING`,
    );
    const ids = [...latest.keys()].sort();
    await client.query(
      `UPDATE accounts a SET last_access_at = v.at FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at)
       WHERE a.id = v.id AND (a.last_access_at IS NULL OR a.last_access_at < v.at)`,
      [ids, ids.map((id) => latest.get(id) ?? null)],
    );
    await client.query('COMMIT');
    return { inserted: insert.rowCount ?? 0 };
  } catch (error) {
    broken = isUnavailableError(error);
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw unavailable(error);
  } finally {
    client.release(broken);
  }
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
