/**
 * Scale-out ingestion on a real 3-node JetStream cluster (replicas 3): batches are published by the
 * ingestion service, a worker writes them to the store, and one NATS node is killed (SIGKILL) in the
 * middle of the stream. Every batch the service acknowledged must be stored exactly once; a batch that
 * failed is retried by the client, as a client must, and is then stored exactly once as well.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createServices, type Services } from '../../src/services/index.ts';
import { openStore } from '../../src/storage/open.ts';
import type { AccountRecord, Store } from '../../src/storage/port.ts';
import { jetStreamSink, type AccessStream } from '../../src/workers/access-jetstream.ts';
import { startAccessWriter, type AccessWriter } from '../../src/workers/access-writer.ts';
import { openStreamWhenReady, startNatsCluster, type NatsCluster } from '../support/access-nats-cluster.ts';
import { anAccountIn, countStoredEvents } from '../support/access-accounts.ts';
import { aTenant } from '../support/builders.ts';

const BATCHES = 60;
const EVENTS_PER_BATCH = 200;
const DAY = Date.parse('2026-11-30T00:00:00Z');

describe('access log through a 3-node JetStream cluster', { timeout: 300_000 }, () => {
  let cluster: NatsCluster;
  let store: Store;
  let services: Services;
  let publisher: AccessStream;
  let consumer: AccessStream;
  let writer: AccessWriter;
  let account: AccountRecord;
  const tenant = aTenant();

  before(async () => {
    cluster = await startNatsCluster(3);
    store = await openStore({ kind: 'memory' });
    await store.migrate();
    await store.tenants.insert(tenant);
    account = await anAccountIn(store, tenant.id);
    publisher = await openStreamWhenReady(cluster);
    consumer = await openStreamWhenReady(cluster);
    services = createServices(store, {
      accessEventSink: jetStreamSink(publisher),
      now: () => new Date(DAY + 86_000_000),
    });
    writer = startAccessWriter(store, consumer, pino({ level: 'silent' }), {
      maxMessages: 20,
      fetchWaitMs: 1000,
      retryDelayMs: 500,
    });
  });
  after(async () => {
    await writer?.stop();
    await publisher?.close().catch(() => undefined);
    await consumer?.close().catch(() => undefined);
    await store?.close();
    await cluster?.stop();
  });

  it('loses and duplicates nothing acknowledged when a node is killed mid-stream', async () => {
    const actor = {
      tenantId: tenant.id,
      type: 'api_key' as const,
      id: 'ingest',
      role: 'ingest' as const,
      requestId: null,
    };
    const batchOf = (b: number) =>
      Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
        id: `b${b}-e${i}`,
        account: account.id,
        ip: `10.${b}.${Math.floor(i / 250)}.${i % 250}`,
        at: new Date(DAY + b * 1000 + i).toISOString(),
        action: 'api',
      }));
    const acknowledged: number[] = [];
    const failed: number[] = [];
    for (let b = 0; b < BATCHES; b += 1) {
      if (b === BATCHES / 3) await cluster.kill(1);
      try {
        const outcome = await services.accessLog.ingestJson(actor, batchOf(b));
        assert.equal(outcome.accepted, EVENTS_PER_BATCH);
        acknowledged.push(b);
      } catch {
        failed.push(b);
      }
    }
    assert.ok(acknowledged.length >= BATCHES / 2, `only ${acknowledged.length} batches acknowledged`);
    // A client retries what was not acknowledged (the same events: same ids).
    for (const b of failed) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          await services.accessLog.ingestJson(actor, batchOf(b));
          break;
        } catch (error) {
          if (attempt > 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }
    const expected = BATCHES * EVENTS_PER_BATCH;
    const deadline = Date.now() + 120_000;
    const count = () =>
      countStoredEvents(store, tenant.id, account.id, new Date(DAY), new Date(DAY + 86_400_000));
    let stored = 0;
    while (Date.now() < deadline) {
      stored = await count();
      if (stored >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(stored, expected);
    // Redeliveries and client retries after the count settled add nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await count(), expected);
  });
});
