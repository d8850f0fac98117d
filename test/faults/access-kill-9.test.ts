/**
 * kill -9 of the server while clients post access-event batches, on the embedded store and on
 * PostgreSQL: after a restart on the same data, every event of every acknowledged batch is stored, and
 * exactly once. Batches in flight at the kill may or may not have landed; each batch uses its own
 * address, so they are counted apart.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import { createServices } from '../../src/services/index.ts';
import { openStore, type OpenStoreConfig } from '../../src/storage/open.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import { createPostgresDatabase, POSTGRES_URL } from '../support/databases.ts';
import { startServer } from '../support/server-process.ts';

const EVENTS = 500;
const DAY = Date.parse('2026-11-30T00:00:00Z');
const ipOf = (batch: number) => `10.${(batch >> 8) & 255}.${batch & 255}.1`;

interface Seeded {
  key: string;
  tenantId: string;
  accountId: string;
}

async function seed(config: OpenStoreConfig): Promise<Seeded> {
  const store = await openStore(config);
  try {
    await store.migrate();
    const services = createServices(store);
    const boot = await bootstrapProvider(services.deps, 'Kill9 Cloud');
    const account = await anAccountIn(store, boot.tenant.id);
    const key = await services.apiKeys.createKey(
      { tenantId: boot.tenant.id, type: 'cli', id: 'test', role: 'admin', requestId: null },
      { role: 'ingest', name: 'ingest' },
    );
    return { key: key.token, tenantId: boot.tenant.id, accountId: account.id };
  } finally {
    await store.close();
  }
}

async function postUntilKilled(
  url: string,
  s: Seeded,
  writer: number,
  acknowledged: number[],
): Promise<void> {
  for (let n = 0; ; n += 1) {
    const batch = writer * 10_000 + n;
    const events = Array.from({ length: EVENTS }, (_, i) => ({
      id: `${batch}-${i}`,
      account: s.accountId,
      ip: ipOf(batch),
      at: new Date(DAY + i).toISOString(),
      action: 'api',
    }));
    try {
      const response = await fetch(`${url}/v1/access-events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
      const body = (await response.json()) as { accepted?: number };
      if (response.status === 202 && body.accepted === EVENTS) acknowledged.push(batch);
    } catch {
      return;
    }
  }
}

function suite(
  name: string,
  create: () => Promise<{
    config: OpenStoreConfig;
    settings: Record<string, string>;
    drop: () => Promise<void>;
  }>,
) {
  describe(`access log: kill -9 of the server (${name})`, { timeout: 420_000 }, () => {
    let cleanUp: () => Promise<void> = async () => undefined;
    after(() => cleanUp());

    it('keeps every event of every acknowledged batch, exactly once', async () => {
      const engine = await create();
      cleanUp = engine.drop;
      const seeded = await seed(engine.config);
      const server = await startServer({ ...engine.settings, GATEHOUSE_RATE_LIMIT_PER_MINUTE: '10000000' });
      const acknowledged: number[] = [];
      const writers = [0, 1].map((w) => postUntilKilled(server.url, seeded, w, acknowledged));
      const started = Date.now();
      while ((acknowledged.length < 10 || Date.now() - started < 2000) && Date.now() - started < 60_000) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await server.kill('SIGKILL');
      await Promise.all(writers);
      assert.ok(acknowledged.length >= 10, `only ${acknowledged.length} batches acknowledged`);

      const store = await openStore(engine.config);
      try {
        const rows = await store.accessEvents.summariseIps(
          seeded.tenantId,
          seeded.accountId,
          new Date(DAY),
          new Date(DAY + 86_400_000),
          100_000,
        );
        const counts = new Map(rows.map((r) => [r.ip, r.count]));
        const short = acknowledged.filter((b) => counts.get(ipOf(b)) !== EVENTS);
        assert.deepEqual(short, [], 'every acknowledged batch is stored whole');
        assert.ok(
          rows.every((r) => r.count <= EVENTS),
          'no event is stored twice',
        );
      } finally {
        await store.close();
      }
    });
  });
}

suite('embedded', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-access-kill9-'));
  return {
    config: { kind: 'pglite', dataDir },
    settings: { GATEHOUSE_DATA_DIR: dataDir },
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
});

if (POSTGRES_URL !== undefined) {
  suite('postgres', async () => {
    const db = await createPostgresDatabase();
    return {
      config: { kind: 'postgres', url: db.url, poolSize: 2, connectTimeoutMs: 5000, queryTimeoutMs: 30_000 },
      settings: { GATEHOUSE_DATABASE_URL: db.url },
      drop: db.drop,
    };
  });
}
