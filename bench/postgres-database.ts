/**
 * A throw-away PostgreSQL database for one benchmark run: created fresh so figures never depend on
 * rows left by an earlier run, and dropped WITH (FORCE) so a lingering pooled connection cannot keep
 * it alive.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const CONNECT_TIMEOUT_MS = 5000;

export function adminUrl(): string {
  return (
    process.env.GATEHOUSE_BENCH_DATABASE_URL ||
    process.env.GATEHOUSE_TEST_DATABASE_URL ||
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** The server did not accept a connection: the benchmark skips PostgreSQL instead of failing. */
export class PostgresUnreachableError extends Error {}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An error after connect (the server went away) would otherwise be an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = error instanceof Error ? error.message || String(code) : String(error);
    throw new PostgresUnreachableError(reason, { cause: error });
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Rejects when the server is unreachable; the caller reports that as a skip, not a failure. */
export async function createBenchDatabase(url = adminUrl()): Promise<BenchDatabase> {
  // Hex only, so the name needs no quoting.
  const name = `gatehouse_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin(url, (client) => client.query(`CREATE DATABASE ${name}`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      await withAdmin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** The URL without its password, for printing. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
