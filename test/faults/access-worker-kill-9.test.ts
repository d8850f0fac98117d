/**
 * kill -9 of `gatehouse worker` in the middle of the stream (scale-out mode, PostgreSQL): every
 * acknowledged event is in the stream; after a restart the worker finishes the job and every event is
 * stored exactly once, whatever the killed worker had written but not yet acked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../src/services/index.ts';
import { openStore } from '../../src/storage/open.ts';
import type { Store } from '../../src/storage/port.ts';
import { jetStreamSink, type AccessStream } from '../../src/workers/access-jetstream.ts';
import { anAccountIn, countStoredEvents } from '../support/access-accounts.ts';
import { openStreamWhenReady, startNatsCluster, type NatsCluster } from '../support/access-nats-cluster.ts';
import { aTenant } from '../support/builders.ts';
import { startCli } from '../support/cli.ts';
import { createPostgresDatabase, POSTGRES_URL } from '../support/databases.ts';

const BATCHES = 40;
const EVENTS = 500;
const DAY = Date.parse('2026-11-30T00:00:00Z');

const stored = (store: Store, tenantId: string, accountId: string) =>
  countStoredEvents(store, tenantId, accountId, new Date(DAY), new Date(DAY + 86_400_000));

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(
  'access log: kill -9 of a worker mid-stream',
  { skip: POSTGRES_URL === undefined, timeout: 300_000 },
  () => {
    let cluster: NatsCluster;
    let db: { url: string; drop: () => Promise<void> };
    let store: Store;
    let stream: AccessStream;

    before(async () => {
      cluster = await startNatsCluster(3);
      db = await createPostgresDatabase();
      store = await openStore({
        kind: 'postgres',
        url: db.url,
        poolSize: 2,
        connectTimeoutMs: 5000,
        queryTimeoutMs: 30_000,
      });
      await store.migrate();
      stream = await openStreamWhenReady(cluster);
    });
    after(async () => {
      await stream?.close().catch(() => undefined);
      await store?.close();
      await db?.drop();
      await cluster?.stop();
    });

    it('stores every acknowledged event exactly once after the worker is killed and restarted', async () => {
      const tenant = aTenant();
      await store.tenants.insert(tenant);
      const account = await anAccountIn(store, tenant.id);
      const services = createServices(store, {
        accessEventSink: jetStreamSink(stream),
        now: () => new Date(DAY + 86_000_000),
      });
      const actor = {
        tenantId: tenant.id,
        type: 'api_key' as const,
        id: 'ingest',
        role: 'ingest' as const,
        requestId: null,
      };
      for (let b = 0; b < BATCHES; b += 1) {
        const events = Array.from({ length: EVENTS }, (_, i) => ({
          id: `${b}-${i}`,
          account: account.id,
          ip: `10.0.${b}.${i % 200}`,
          at: new Date(DAY + b * 1000 + i).toISOString(),
          action: 'ssh',
        }));
        assert.equal((await services.accessLog.ingestJson(actor, events)).accepted, EVENTS);
      }
      const settings = { GATEHOUSE_DATABASE_URL: db.url, GATEHOUSE_NATS_URL: cluster.servers.join(',') };
      const first = startCli(['worker', '--json', '--batch', '2'], settings);
      await first.waitForLine((line) => line.includes('worker-started'));
      const total = BATCHES * EVENTS;
      await until(async () => (await stored(store, tenant.id, account.id)) > 0, 60_000);
      first.signal('SIGKILL');
      const exit = await first.exited;
      assert.equal(exit.signal, 'SIGKILL');
      assert.ok((await stored(store, tenant.id, account.id)) < total, 'the worker was killed mid-stream');

      const second = startCli(['worker', '--json'], settings);
      await second.waitForLine((line) => line.includes('worker-started'));
      await until(async () => (await stored(store, tenant.id, account.id)) >= total, 120_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(await stored(store, tenant.id, account.id), total);
      const stop = await second.stop('SIGTERM', 15_000);
      assert.equal(stop.code, 0, second.output());
    });
  },
);
