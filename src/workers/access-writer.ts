/**
 * `gatehouse worker`: drains the JetStream ingest log into the store. It fetches up to
 * `maxMessages` messages, writes their rows with idempotent batch inserts of up to 20,000 rows, two
 * at a time, then acks them. A crash between the writes and the acks means redelivery, which stores
 * nothing twice (same time and key); a failed write naks the messages so they come back after a pause
 * (PostgreSQL down: the stream keeps them and the worker catches up when the database returns).
 */
import type { Logger } from 'pino';
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import type { Store } from '../storage/port.ts';
import { ACCESS_CONSUMER, ACCESS_STREAM, decodeRows, type AccessStream } from './access-jetstream.ts';

export interface AccessWriterOptions {
  maxMessages: number;
  /** How long one fetch waits for messages before an empty round, in ms (JetStream's minimum is 1000). */
  fetchWaitMs: number;
  retryDelayMs: number;
}

export interface AccessWriter {
  /** Resolves once the loop has stopped (after the batch in hand is written and acked). */
  stop(): Promise<void>;
  /** Rows written so far (duplicates included). */
  written(): number;
}

export function startAccessWriter(
  store: Store,
  stream: AccessStream,
  logger: Logger,
  options: AccessWriterOptions = { maxMessages: 50, fetchWaitMs: 1000, retryDelayMs: 2000 },
): AccessWriter {
  let running = true;
  let rows = 0;
  const loop = (async () => {
    const consumer = await consumerOf(stream, logger, options.retryDelayMs, () => running);
    while (running && consumer !== undefined) {
      const messages: JsMsg[] = [];
      try {
        const batch = await consumer.fetch({
          max_messages: options.maxMessages,
          expires: Math.max(1000, options.fetchWaitMs),
        });
        for await (const message of batch) messages.push(message);
        rows += await writeMessages(store, messages);
      } catch (error) {
        logger.warn({ err: error, messages: messages.length }, 'access log batch not written; will retry');
        for (const message of messages) message.nak(options.retryDelayMs);
        await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs));
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
    written: () => rows,
  };
}

/**
 * The durable consumer, asked for until JetStream answers: a NATS request that times out while the
 * server is busy or electing a leader must not end the worker (nor reject a promise nobody awaits).
 * Undefined once the writer is stopped while still waiting.
 */
async function consumerOf(
  stream: AccessStream,
  logger: Logger,
  retryDelayMs: number,
  running: () => boolean,
): Promise<Consumer | undefined> {
  while (running()) {
    try {
      return await stream.js.consumers.get(ACCESS_STREAM, ACCESS_CONSUMER);
    } catch (error) {
      logger.warn({ err: error }, 'access log consumer not available yet; will retry');
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    }
  }
  return undefined;
}

/** Rows per insert, and inserts in flight at once (each its own transaction and COPY session). */
const ROWS_PER_INSERT = 20_000;
const INSERTS_IN_FLIGHT = 2;

async function writeMessages(store: Store, messages: readonly JsMsg[]): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = messages.flatMap((m) => decodeRows(m.data));
  // Two inserts at a time: PostgreSQL runs each COPY on one core, so one at a time leaves the others
  // idle. If any insert fails, none of the messages is acked and all come back; what did commit is
  // skipped on redelivery (same time and key).
  let next = 0;
  let failed = false;
  const inserter = async () => {
    while (next < rows.length && !failed) {
      const start = next;
      next += ROWS_PER_INSERT;
      try {
        await store.accessEvents.insertBatch(rows.slice(start, next));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // Settled, not raced: the round ends (and the messages are nak'd) only when no insert is in flight.
  const results = await Promise.allSettled(Array.from({ length: INSERTS_IN_FLIGHT }, inserter));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
  // Acked only after the rows are committed: an ack lost in a crash means a harmless redelivery.
  await Promise.all(messages.map((m) => m.ackAck()));
  return rows.length;
}
