/**
 * The server store: PostgreSQL through a `pg` connection pool, behind Kysely's own PostgreSQL dialect.
 * Connection failures become STORE_UNAVAILABLE (HTTP 503) instead of crashing or hanging; the pool
 * opens fresh connections by itself once the server is back, so recovery needs no restart.
 */
import pg from 'pg';
import {
  PostgresDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { AppError } from '../errors.ts';

export interface PostgresOptions {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  onPoolError: (error: Error) => void;
}

export function createPostgresPool(options: PostgresOptions): pg.Pool {
  // int8 as a JS number, as the PGlite adapter does (counts and sequences stay far below 2^53).
  const builtin = pg.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown;
  const getTypeParser = ((oid: number, format?: string) =>
    oid === 20 ? (value: string) => Number(value) : builtin(oid, format)) as typeof pg.types.getTypeParser;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // A database that goes silent (a network partition) would otherwise hold the request and its pool
    // slot until the OS gives up on the socket, minutes later.
    query_timeout: options.queryTimeoutMs,
    keepAlive: true,
    types: { getTypeParser },
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', options.onPoolError);
  // A checked-out client has no pool listener: if its connection dies (mid-query, or between checkout
  // and the first query) it emits 'error' on itself, and an unhandled 'error' ends the process. The
  // query in flight is rejected all the same (→ STORE_UNAVAILABLE) and the pool drops the dead client.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export function createPostgresDialect(pool: pg.Pool): Dialect {
  const inner = new PostgresDialect({ pool });
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new UnavailabilityMappingDriver(inner.createDriver()),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}

/** SQLSTATE classes and codes that mean "the database is not there right now", not "your query is wrong". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

export function isUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || UNAVAILABLE_ERRNOS.has(code))
  ) {
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(
    error.message,
  );
}

function mapError(error: unknown): unknown {
  return isUnavailableError(error)
    ? new AppError('STORE_UNAVAILABLE', 'The database is unavailable; try again shortly.', { cause: error })
    : error;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapError(error);
  }
}

class UnavailabilityMappingDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init = () => mapped(() => this.inner.init());
  acquireConnection = () =>
    mapped(async () => new UnavailabilityMappingConnection(await this.inner.acquireConnection()));
  beginTransaction = (c: DatabaseConnection, settings: TransactionSettings) =>
    mapped(() => this.inner.beginTransaction(unwrap(c), settings));
  commitTransaction = (c: DatabaseConnection) => mapped(() => this.inner.commitTransaction(unwrap(c)));
  rollbackTransaction = (c: DatabaseConnection) => mapped(() => this.inner.rollbackTransaction(unwrap(c)));
  releaseConnection = (c: DatabaseConnection) => this.inner.releaseConnection(unwrap(c));
  destroy = () => this.inner.destroy();
}

class UnavailabilityMappingConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return mapped(() => this.inner.executeQuery<R>(query));
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof UnavailabilityMappingConnection ? connection.inner : connection;
}
