/**
 * The embedded store: PGlite (PostgreSQL compiled to WebAssembly) in a data folder, in process, behind
 * Kysely's PostgreSQL adapter and query compiler. PGlite is one backend with one session, so the
 * driver hands out a single connection at a time; a transaction holds it until commit or rollback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { AppError } from '../errors.ts';

export async function openPglite(dataDir: string | undefined): Promise<{ db: PGlite; release: () => void }> {
  const release = dataDir === undefined ? () => undefined : lockDataDir(dataDir);
  try {
    // int8 as a JS number to match the server driver's parser (counts and sequences stay far below 2^53).
    const db = await PGlite.create({ dataDir, parsers: { [types.INT8]: (value: string) => Number(value) } });
    return { db, release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Two processes opening one PGlite folder would corrupt it (each believes it is the only backend),
 * so the folder is locked with a file naming the holder's pid. A lock whose process is gone is stale
 * and taken over.
 */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'gatehouse.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (isProcessAlive(holder) && holder !== process.pid) {
        throw new AppError(
          'STORE_LOCKED',
          `The embedded store in ${dataDir} is in use by process ${holder}. Stop that Gatehouse process ` +
            'first, or use the HTTP API while it runs.',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new AppError('STORE_LOCKED', `Could not lock the embedded store in ${dataDir}.`);
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class PgliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter = () => new PostgresAdapter();
  createDriver = (): Driver => new PgliteDriver(this.pglite);
  createIntrospector = (db: Kysely<unknown>) => new PostgresIntrospector(db);
  createQueryCompiler = () => new PostgresQueryCompiler();
}

class PgliteDriver implements Driver {
  private readonly connection: PgliteConnection;
  private queue: Promise<void> = Promise.resolve();

  constructor(pglite: PGlite) {
    this.connection = new PgliteConnection(pglite);
  }

  async init(): Promise<void> {}

  /** Waits until the previous holder released the one session, then takes it. */
  async acquireConnection(): Promise<DatabaseConnection> {
    let release: () => void = () => undefined;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    this.connection.release = release;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PgliteConnection).release();
  }

  async destroy(): Promise<void> {
    await this.queue;
  }
}

class PgliteConnection implements DatabaseConnection {
  release: () => void = () => undefined;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(query.sql, [...query.parameters], { rowMode: 'object' });
    const affected = result.affectedRows;
    return affected === undefined
      ? { rows: result.rows }
      : { rows: result.rows, numAffectedRows: BigInt(affected) };
  }

  // eslint-disable-next-line require-yield -- streaming is not offered by PGlite; fail loudly if asked.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}
