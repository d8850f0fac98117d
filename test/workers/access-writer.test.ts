/**
 * The JetStream writer's start-up: the consumer lookup is a NATS request that can time out while the
 * server is busy or electing a leader. The writer retries it instead of dying with an unhandled
 * rejection (which ended a benchmark run on 2026-12-01), and stops cleanly while still waiting.
 * A round's rows are written as inserts of at most 20,000 rows, two at a time, and acked only when all
 * committed. The stream and store are stand-ins here; the real JetStream paths are in
 * test/faults/access-*.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { Store } from '../../src/storage/port.ts';
import { encodeRows, type AccessStream } from '../../src/workers/access-jetstream.ts';
import { startAccessWriter } from '../../src/workers/access-writer.ts';

const OPTIONS = { maxMessages: 10, fetchWaitMs: 1000, retryDelayMs: 10 };

function aStream(failures: number): { stream: AccessStream; lookups: () => number; fetches: () => number } {
  let lookups = 0;
  let fetches = 0;
  const consumer = {
    fetch: async () => {
      fetches += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return (async function* () {})();
    },
  };
  const js = {
    consumers: {
      get: async () => {
        lookups += 1;
        if (lookups <= failures) throw new Error('TIMEOUT');
        return consumer;
      },
    },
  };
  return { stream: { js } as unknown as AccessStream, lookups: () => lookups, fetches: () => fetches };
}

function aLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  return { logger, warnings: () => lines.filter((l) => l.includes('consumer not available')).length };
}

void describe('access log writer start-up', () => {
  void it('retries a consumer lookup that times out, then fetches', async () => {
    const { stream, lookups, fetches } = aStream(2);
    const { logger, warnings } = aLogger();
    const writer = startAccessWriter({} as Store, stream, logger, OPTIONS);
    while (fetches() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await writer.stop();
    assert.equal(lookups(), 3);
    assert.equal(warnings(), 2);
  });

  void it('stops while the consumer is still unavailable', async () => {
    const { stream, lookups, fetches } = aStream(Number.POSITIVE_INFINITY);
    const { logger } = aLogger();
    const writer = startAccessWriter({} as Store, stream, logger, OPTIONS);
    while (lookups() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await writer.stop();
    assert.equal(fetches(), 0);
  });
});

/** Messages of `rows` rows each, once; then empty fetches. Acks and naks are counted. */
function aStreamOf(messages: number, rows: number) {
  const counts = { acked: 0, naked: 0 };
  const message = (m: number) => ({
    data: encodeRows(
      Array.from({ length: rows }, (_, i) => ({
        accountId: '00000000-0000-4000-8000-000000000001',
        eventKey: String(m * rows + i),
        at: new Date(Date.UTC(2026, 10, 30, 12, 0, 0, i)),
        ip: '192.0.2.1',
        action: 1,
        principal: null,
        userAgent: null,
        region: null,
      })),
    ),
    ackAck: async () => void (counts.acked += 1),
    nak: () => void (counts.naked += 1),
  });
  let sent = false;
  const consumer = {
    fetch: async () => {
      const batch = sent ? [] : Array.from({ length: messages }, (_, m) => message(m));
      sent = true;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return (async function* () {
        yield* batch;
      })();
    },
  };
  const js = { consumers: { get: async () => consumer } };
  return { stream: { js } as unknown as AccessStream, counts };
}

/** A store that records each insert's size and how many ran at once; the `failAt`-th insert fails. */
function aRecordingStore(failAt = 0) {
  const sizes: number[] = [];
  let inFlight = 0;
  let most = 0;
  let calls = 0;
  const store = {
    accessEvents: {
      insertBatch: async (rows: readonly unknown[]) => {
        calls += 1;
        const call = calls;
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight -= 1;
        if (call === failAt) throw new Error('database went away');
        sizes.push(rows.length);
        return { inserted: rows.length };
      },
    },
  } as unknown as Store;
  return { store, sizes, most: () => most, inFlight: () => inFlight };
}

void describe('access log writer rounds', () => {
  void it('writes a round as inserts of at most 20,000 rows, two at a time, then acks every message', async () => {
    const { stream, counts } = aStreamOf(5, 9_000);
    const recording = aRecordingStore();
    const writer = startAccessWriter(recording.store, stream, aLogger().logger, OPTIONS);
    while (counts.acked < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    await writer.stop();
    assert.deepEqual(
      [...recording.sizes].sort((a, b) => a - b),
      [5_000, 20_000, 20_000],
    );
    assert.equal(recording.most(), 2);
    assert.equal(writer.written(), 45_000);
    assert.equal(counts.naked, 0);
  });

  void it('acks nothing when one insert fails, and naks only once no insert is in flight', async () => {
    const { stream, counts } = aStreamOf(5, 9_000);
    const recording = aRecordingStore(1);
    const writer = startAccessWriter(recording.store, stream, aLogger().logger, OPTIONS);
    while (counts.naked < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(recording.inFlight(), 0);
    await writer.stop();
    assert.equal(counts.acked, 0);
    assert.deepEqual(
      recording.sizes,
      [20_000],
      'the other insert finished; no new one started after the failure',
    );
  });
});
