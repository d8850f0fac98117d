/**
 * Where storage suites run: always on an in-memory PGlite, and on PostgreSQL too when
 * GATEHOUSE_TEST_DATABASE_URL is set (CI sets it). Each PostgreSQL suite gets a database of its own,
 * created fresh and dropped afterwards, so suites can run in parallel without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { OpenStoreConfig } from '../../src/storage/open.ts';

export const POSTGRES_URL = process.env.GATEHOUSE_TEST_DATABASE_URL || undefined;

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  config: OpenStoreConfig;
  /** Server URL of the fresh database (postgres only). */
  url?: string;
  drop(): Promise<void>;
}

export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (POSTGRES_URL === undefined) throw new Error('GATEHOUSE_TEST_DATABASE_URL is not set');
  const name = `gatehouse_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The engines a storage suite must pass on, each with a fresh, empty database. */
export function engines(): Array<{ name: 'pglite' | 'postgres'; create: () => Promise<TestDatabase> }> {
  const list: Array<{ name: 'pglite' | 'postgres'; create: () => Promise<TestDatabase> }> = [
    {
      name: 'pglite',
      create: async () => ({ name: 'pglite', config: { kind: 'memory' }, drop: async () => undefined }),
    },
  ];
  if (POSTGRES_URL !== undefined) {
    list.push({
      name: 'postgres',
      create: async () => {
        const db = await createPostgresDatabase();
        return {
          name: 'postgres',
          url: db.url,
          config: {
            kind: 'postgres',
            url: db.url,
            poolSize: 5,
            connectTimeoutMs: 5000,
            queryTimeoutMs: 30_000,
          },
          drop: db.drop,
        };
      },
    });
  }
  return list;
}
