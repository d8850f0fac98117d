/**
 * NATS JetStream as the durable ingest log of the access log (scale-out mode). API nodes publish each
 * accepted batch to the stream and answer the client only once the stream has stored it (the PubAck
 * comes after the stream's replicas agreed, R3 in a cluster); `gatehouse worker` processes consume it
 * in batches and write to PostgreSQL (access-writer.ts). Events carry their idempotency key, so a
 * message delivered twice, or a batch the client retried, is stored once.
 */
import { createHash } from 'node:crypto';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
} from '@nats-io/jetstream';
import { AppError } from '../errors.ts';
import type { AccessEventSink } from '../services/access-log.ts';
import type { AccessEventRow } from '../storage/port.ts';

export const ACCESS_STREAM = 'GATEHOUSE_ACCESS';
export const ACCESS_SUBJECT = 'gatehouse.access.events';
export const ACCESS_CONSUMER = 'access-writers';
/** Rows per message: keeps a message well under NATS's default 1 MiB max_payload. */
const ROWS_PER_MESSAGE = 2000;

export interface JetStreamSettings {
  servers: string[];
  replicas: number;
}

export interface AccessStream {
  nc: NatsConnection;
  js: JetStreamClient;
  close(): Promise<void>;
}

/** Connects and makes sure the stream and the durable consumer exist (idempotent; any node may do it). */
export async function openAccessStream(settings: JetStreamSettings): Promise<AccessStream> {
  const nc = await connect({
    servers: settings.servers,
    name: 'gatehouse',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  }).catch((error: unknown) => {
    throw new AppError('STORE_UNAVAILABLE', 'NATS JetStream is unavailable (GATEHOUSE_NATS_URL).', {
      cause: error,
    });
  });
  const jsm = await jetstreamManager(nc);
  const config = {
    name: ACCESS_STREAM,
    subjects: [ACCESS_SUBJECT],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: settings.replicas,
    // A client's retry of the same batch within this window is stored once by the stream itself.
    duplicate_window: nanos(120_000),
  };
  await jsm.streams.info(ACCESS_STREAM).catch(() => jsm.streams.add(config));
  await jsm.consumers.info(ACCESS_STREAM, ACCESS_CONSUMER).catch(() =>
    jsm.consumers.add(ACCESS_STREAM, {
      durable_name: ACCESS_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(60_000),
      max_ack_pending: 10_000,
    }),
  );
  return { nc, js: jetstream(nc, { timeout: 10_000 }), close: () => nc.drain() };
}

/** Compact wire form of a row: [account, key, at ms, ip, action, principal, userAgent, region]. */
type WireRow = [string, string, number, string, number, string | null, string | null, string | null];

export function encodeRows(rows: readonly AccessEventRow[]): Uint8Array {
  const wire: WireRow[] = rows.map((r) => [
    r.accountId,
    r.eventKey,
    r.at.getTime(),
    r.ip,
    r.action,
    r.principal,
    r.userAgent,
    r.region,
  ]);
  return new TextEncoder().encode(JSON.stringify(wire));
}

export function decodeRows(data: Uint8Array): AccessEventRow[] {
  const wire = JSON.parse(new TextDecoder().decode(data)) as WireRow[];
  return wire.map(([accountId, eventKey, at, ip, action, principal, userAgent, region]) => ({
    accountId,
    eventKey,
    at: new Date(at),
    ip,
    action,
    principal,
    userAgent,
    region,
  }));
}

/** Publishes a batch and resolves when every part is stored by the stream; 503 if it cannot be. */
export function jetStreamSink(stream: AccessStream): AccessEventSink {
  return {
    write: async (rows) => {
      const parts: Array<readonly AccessEventRow[]> = [];
      for (let i = 0; i < rows.length; i += ROWS_PER_MESSAGE) parts.push(rows.slice(i, i + ROWS_PER_MESSAGE));
      try {
        await Promise.all(
          parts.map((part) => {
            const msgID = createHash('sha256')
              .update(part.map((r) => `${r.at.getTime()}:${r.eventKey}`).join(','))
              .digest('base64url');
            return stream.js.publish(ACCESS_SUBJECT, encodeRows(part), { msgID, retries: 3 });
          }),
        );
      } catch (error) {
        throw new AppError('STORE_UNAVAILABLE', 'The ingest log did not store the batch; retry it.', {
          cause: error,
        });
      }
      return { inserted: null };
    },
  };
}
