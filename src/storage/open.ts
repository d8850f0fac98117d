/** Opens the store the configuration names: PGlite in a folder (or in memory), or a PostgreSQL pool. */
import { Kysely } from 'kysely';
import type { StoreConfig } from '../config.ts';
import type { Database } from './database.ts';
import { KyselyStore } from './kysely-store.ts';
import { openPglite, PgliteDialect } from './pglite.ts';
import { createPostgresDialect, createPostgresPool } from './postgres.ts';
import type { Store } from './port.ts';

/** `memory` is for tests and benchmarks: a PGlite that lives only as long as the process. */
export type OpenStoreConfig = StoreConfig | { kind: 'memory' };

export interface OpenStoreOptions {
  /** Told about errors of idle pooled connections (e.g. the server restarted); never personal data. */
  onBackgroundError?: (error: Error) => void;
}

export async function openStore(config: OpenStoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  switch (config.kind) {
    case 'memory':
    case 'pglite': {
      const { db: pglite, release } = await openPglite(config.kind === 'pglite' ? config.dataDir : undefined);
      const kysely = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
      return new KyselyStore('pglite', kysely, async () => {
        await pglite.close();
        release();
      });
    }
    case 'postgres': {
      const pool = createPostgresPool({
        url: config.url,
        poolSize: config.poolSize,
        connectTimeoutMs: config.connectTimeoutMs,
        queryTimeoutMs: config.queryTimeoutMs,
        onPoolError: options.onBackgroundError ?? (() => undefined),
      });
      const kysely = new Kysely<Database>({ dialect: createPostgresDialect(pool) });
      // Kysely's destroy() ends the pool itself.
      return new KyselyStore('postgres', kysely, async () => undefined, pool);
    }
  }
}
