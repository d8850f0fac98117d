/**
 * The JetStream writer's start-up: the consumer lookup is a NATS request that can time out while the
 * server is busy or electing a leader. The writer retries it instead of dying with an unhandled
 * rejection (which ended a benchmark run on 2026-12-01), and stops cleanly while still waiting.
 * The stream is a stand-in here; the real JetStream paths are in test/faults/access-*.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { Store } from '../../src/storage/port.ts';
import type { AccessStream } from '../../src/workers/access-jetstream.ts';
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
