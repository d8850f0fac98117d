/**
 * Bulk load on PostgreSQL (pg-copy-streams), in one transaction with the batch's new address sightings
 * (access-sightings.ts) and the accounts' last_access_at.
 *
 * Optimistic: the batch is COPYed straight into the partitioned log. COPY cannot skip a row that is
 * already stored, so a batch holding one (a client's retry, a JetStream redelivery, an event sent twice
 * in one batch) fails the unique (account_id, ip, at, event_key) index with 23505; that transaction is
 * rolled back and the batch goes the staged way: COPY into a per-session temporary table, then one
 * INSERT … SELECT … ON CONFLICT DO NOTHING. Either way a retried batch stores nothing twice, and the
 * first-time batch, by far the common case, is written once instead of twice (docs/benchmarks.md).
 *
 * The rows travel in COPY's binary format: no time, uuid or address is formatted as text here and
 * parsed back by the server (docs/access-log.md, "Write path").
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ipaddr from 'ipaddr.js';
import type { CompiledQuery } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { writeInt64Decimal } from '../../domain/access-log/int64-text.ts';
import { AppError } from '../../errors.ts';
import type { AccessEventRow } from '../port.ts';
import { isUnavailableError } from '../postgres.ts';
import type { AccountSlot } from './access-account-memory.ts';
import type { StringIds } from './access-strings.ts';
import { INGEST_LOCK } from './access-log-digests.ts';
import { READ_EPOCH } from './access-sightings.ts';

const COLUMNS = 'at, account_id, event_key, ip, action, principal_id, user_agent_id, region_id';
const BINARY = 'WITH (FORMAT binary)';

const STAGE = `CREATE TEMP TABLE IF NOT EXISTS access_events_stage (
  at timestamptz, account_id uuid, event_key int8, ip inet, action int2,
  principal_id int4, user_agent_id int4, region_id int4) ON COMMIT DELETE ROWS`;

/** The binary COPY header: signature, flags (no OIDs), no header extension. */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** Largest encoded row: field count, then per field a length and its bytes (an IPv6 address is 20). */
const MAX_ROW_BYTES = 2 + (4 + 8) + (4 + 16) + (4 + 8) + (4 + 20) + (4 + 2) + 3 * (4 + 4);
/** timestamptz on the wire: microseconds since 2000-01-01T00:00:00Z, a signed 64-bit integer. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_TO_32 = 2 ** 32;
/** inet on the wire: PostgreSQL's own family codes (PGSQL_AF_INET, PGSQL_AF_INET6). */
const AF_INET = 2;
const AF_INET6 = 3;

/**
 * Encodes rows as one binary COPY stream; `slots` and `ids` are in row order. Written through a DataView:
 * its setters are inlined by V8, where Buffer's write methods check their arguments on every call (and
 * writeBigInt64BE splits the value in two); per row that was half the cost.
 */
export function encodeCopy(
  rows: readonly AccessEventRow[],
  slots: readonly AccountSlot[],
  ids: StringIds,
): Buffer {
  const out = Buffer.allocUnsafe(HEADER.length + rows.length * MAX_ROW_BYTES + 2);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const { principal, userAgent, region } = ids;
  let at = HEADER.copy(out, 0);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as AccessEventRow;
    const slot = slots[i] as AccountSlot;
    view.setInt16(at, 8);
    // timestamptz: whole milliseconds, so the microsecond count is exact in a double.
    const micros = (row.at.getTime() - POSTGRES_EPOCH_MS) * 1000;
    const high = Math.floor(micros / TWO_TO_32);
    view.setInt32(at + 2, 8);
    view.setInt32(at + 6, high);
    view.setUint32(at + 10, micros - high * TWO_TO_32);
    view.setInt32(at + 14, 16);
    out.set((slot.uuid ??= uuidBytes(slot.id)), at + 18);
    view.setInt32(at + 34, 8);
    writeInt64Decimal(view, at + 38, row.eventKey);
    at = writeInet(out, view, at + 46, row.ip);
    view.setInt32(at, 2);
    view.setInt16(at + 4, row.action);
    at = writeInt4(view, at + 6, principal[i] ?? 0);
    at = writeInt4(view, at, userAgent[i] ?? 0);
    at = writeInt4(view, at, region[i] ?? 0);
  }
  view.setInt16(at, -1);
  return out.subarray(0, at + 2);
}

function uuidBytes(id: string): Buffer {
  const bytes = Buffer.from(id.replaceAll('-', ''), 'hex');
  if (bytes.length !== 16) throw new Error('An access event row holds an account id that is not a uuid.');
  return bytes;
}

/** A dictionary id, or NULL for 0 (access-strings.ts). */
function writeInt4(view: DataView, at: number, value: number): number {
  if (value === 0) {
    view.setInt32(at, -1);
    return at + 4;
  }
  view.setInt32(at, 4);
  view.setInt32(at + 4, value);
  return at + 8;
}

/** A validated, canonical address (domain/access-log/validate.ts): dotted-quad IPv4, or IPv6. */
function writeInet(out: Buffer, view: DataView, at: number, ip: string): number {
  const v4 = ipv4Octets(ip);
  if (v4 !== undefined) {
    view.setInt32(at, 8);
    out[at + 4] = AF_INET;
    out[at + 5] = 32; // bits: a host address
    out[at + 6] = 0; // not a cidr value
    out[at + 7] = 4;
    view.setUint32(at + 8, v4);
    return at + 12;
  }
  const bytes = ipaddr.IPv6.parse(ip).toByteArray();
  view.setInt32(at, 20);
  out[at + 4] = AF_INET6;
  out[at + 5] = 128;
  out[at + 6] = 0;
  out[at + 7] = 16;
  out.set(bytes, at + 8);
  return at + 24;
}

/** The address as an unsigned 32-bit integer if the text is a dotted quad, else undefined. */
function ipv4Octets(ip: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i += 1) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots += 1;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits += 1;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : undefined;
}

type Load = (client: pg.PoolClient, data: Buffer, rows: number) => Promise<number>;

/** COPY into the log itself; fails with 23505 if any row is already stored. */
const direct: Load = async (client, data, rows) => {
  await pipeline(
    Readable.from([data]),
    client.query(copyStreams.from(`COPY access_events (${COLUMNS}) FROM STDIN ${BINARY}`)),
  );
  return rows;
};

/** COPY into a staging table, then insert what is not stored yet. */
const staged: Load = async (client, data) => {
  await client.query(STAGE);
  await pipeline(
    Readable.from([data]),
    client.query(copyStreams.from(`COPY access_events_stage FROM STDIN ${BINARY}`)),
  );
  const insert = await client.query(
    `INSERT INTO access_events (${COLUMNS}) SELECT * FROM access_events_stage ON CONFLICT DO NOTHING`,
  );
  return insert.rowCount ?? 0;
};

/** The statements around the rows, in the same transaction. */
export interface CopyStatements {
  /**
   * Given the sightings epoch read under the ingest lock: the batch's new sightings, written after the
   * rows, just before commit.
   */
  sightings: (epoch: string) => CompiledQuery | undefined;
  /** After the rows: the accounts' last_access_at (KyselyAccessEventStore.touchAccounts). */
  after: CompiledQuery | undefined;
}

/**
 * A batch that repeats one of its own rows (a client sending an event twice) fails the direct COPY like
 * a retry does, and goes the staged way: INSERT … ON CONFLICT DO NOTHING keeps the first.
 */
export async function copyBatch(
  pool: pg.Pool,
  data: Buffer,
  rows: number,
  statements: CopyStatements,
): Promise<{ inserted: number }> {
  try {
    return await loadInTransaction(pool, data, rows, statements, direct);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return loadInTransaction(pool, data, rows, statements, staged);
  }
}

/**
 * BEGIN, the shared ingest lock (held to commit, taken before the rows are written so their stored_at,
 * the start of the statement that writes them (migration 0013), follows it: the access-log digest job's
 * barrier waits for it, access-log-digests.ts) and the sightings epoch, in one message. Each statement
 * of a simple-protocol message takes its own snapshot, so the epoch is read after the lock is held.
 */
const OPEN = `BEGIN; SELECT pg_advisory_xact_lock_shared(hashtextextended(${pg.escapeLiteral(INGEST_LOCK)}, 0)); ${READ_EPOCH}`;

/**
 * Three exchanges with the server per batch: the opening message, the COPY, and one closing message with
 * the sightings, the accounts' last_access_at and COMMIT. Each exchange waits for this process's event
 * loop to read the reply, and the loop is often busy for tens of milliseconds with another batch's JSON:
 * as seven separate statements, the transaction sat idle on the server for about 60 ms a batch
 * (docs/benchmarks.md, 2026-12-01 19:47–). The sightings go last so that two batches bringing the same
 * new pairs (every batch, after a restart) wait for each other's commit, not for each other's COPY.
 */
async function loadInTransaction(
  pool: pg.Pool,
  data: Buffer,
  rows: number,
  statements: CopyStatements,
  load: Load,
): Promise<{ inserted: number }> {
  const client = await connect(pool);
  let broken = false;
  try {
    const opened = (await client.query(OPEN)) as unknown as Array<pg.QueryResult<{ epoch?: string }>>;
    const sightings = statements.sightings(opened[2]?.rows[0]?.epoch ?? '0');
    const inserted = await load(client, data, rows);
    await client.query(
      [sightings, statements.after]
        .flatMap((query) => (query === undefined ? [] : [inlined(query)]))
        .concat('COMMIT')
        .join(';\n'),
    );
    return { inserted };
  } catch (error) {
    broken = isUnavailableError(error);
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw isUniqueViolation(error) ? error : unavailable(error);
  } finally {
    client.release(broken);
  }
}

/**
 * A compiled query as simple-protocol text, which carries several statements in one message but no
 * bound parameters: each parameter (a string: these queries bind array literals of validated uuids,
 * addresses, days and times) becomes an escaped literal in its place.
 */
export function inlined(query: CompiledQuery): string {
  return query.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = query.parameters[Number(n) - 1];
    if (typeof value !== 'string')
      throw new TypeError(`parameter $${n} of a COPY batch statement is not a string`);
    // pg's escapeLiteral walks the string a character at a time; these values rarely need it.
    return value.includes("'") || value.includes('\\') ? pg.escapeLiteral(value) : `'${value}'`;
  });
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
