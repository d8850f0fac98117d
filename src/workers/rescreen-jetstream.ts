/**
 * Re-screening spread over workers (scale-out mode): `lists import` / `lists update` publish one job per
 * range of parties to a JetStream work queue, and every `gatehouse worker` takes jobs from it. A job is
 * acknowledged only after its range is done; a worker that dies mid-range leaves the job to be
 * redelivered, and doing a range twice stores nothing twice (a hit is raised once per party × entry).
 */
import { randomUUID } from 'node:crypto';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { RescreenRange, RescreeningService } from '../services/rescreening.ts';
import type { JetStreamSettings } from './access-jetstream.ts';

export const RESCREEN_STREAM = 'GATEHOUSE_RESCREEN';
export const RESCREEN_SUBJECT = 'gatehouse.rescreen.jobs';
export const RESCREEN_CONSUMER = 'rescreeners';

export interface RescreenQueue {
  nc: NatsConnection;
  js: JetStreamClient;
  close(): Promise<void>;
}

export async function openRescreenQueue(settings: JetStreamSettings): Promise<RescreenQueue> {
  const nc = await connect({
    servers: settings.servers,
    name: 'gatehouse-rescreen',
    maxReconnectAttempts: -1,
  }).catch((error: unknown) => {
    throw new AppError('STORE_UNAVAILABLE', 'NATS JetStream is unavailable (GATEHOUSE_NATS_URL).', {
      cause: error,
    });
  });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.info(RESCREEN_STREAM).catch(() =>
    jsm.streams.add({
      name: RESCREEN_STREAM,
      subjects: [RESCREEN_SUBJECT],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      num_replicas: settings.replicas,
      duplicate_window: nanos(10 * 60_000),
    }),
  );
  await jsm.consumers.info(RESCREEN_STREAM, RESCREEN_CONSUMER).catch(() =>
    jsm.consumers.add(RESCREEN_STREAM, {
      durable_name: RESCREEN_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      // A range of 5,000 parties takes about a second on one core; ten minutes is a crashed worker.
      ack_wait: nanos(10 * 60_000),
      max_ack_pending: 1000,
    }),
  );
  return { nc, js: jetstream(nc, { timeout: 10_000 }), close: () => nc.drain() };
}

/** Publishes the jobs; the message id makes a repeated publish of the same range a no-op. */
export async function publishRescreenJobs(
  queue: RescreenQueue,
  ranges: readonly RescreenRange[],
  run: string = randomUUID(),
): Promise<number> {
  for (const range of ranges) {
    // A delta's range is published once however often it is asked; a full re-screening is asked by
    // an operator, so each request (`run`) is new.
    await queue.js.publish(RESCREEN_SUBJECT, JSON.stringify(range), {
      msgID: `${range.versionId}:${range.after ?? 'start'}${range.full === true ? `:full:${run}` : ''}`,
    });
  }
  return ranges.length;
}

export interface RescreenWorker {
  stop(): Promise<void>;
  jobsDone(): number;
}

export function startRescreenWorker(
  queue: RescreenQueue,
  rescreening: RescreeningService,
  logger: Logger,
  options = { fetchWaitMs: 1000, retryDelayMs: 5000 },
): RescreenWorker {
  let running = true;
  let done = 0;
  const loop = (async () => {
    const consumer = await queue.js.consumers.get(RESCREEN_STREAM, RESCREEN_CONSUMER);
    while (running) {
      const batch = await consumer
        .fetch({ max_messages: 1, expires: Math.max(1000, options.fetchWaitMs) })
        .catch(() => undefined);
      if (batch === undefined) {
        await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs));
        continue;
      }
      for await (const message of batch) {
        let range: RescreenRange;
        try {
          range = message.json<RescreenRange>();
        } catch {
          // Not a job this code wrote: it can never succeed, so it is dropped rather than retried.
          message.term();
          continue;
        }
        try {
          const result = await rescreening.rescreenRange(range);
          message.ack();
          done += 1;
          logger.info(
            { job: 'rescreen', parties: result.partiesScreened, hits: result.hitsRaised },
            'rescreen range done',
          );
          if (result.partiesUnreadable > 0)
            // Ids only: which parties went unscreened, never their data (each is audited too).
            logger.warn(
              {
                job: 'rescreen',
                unreadable: result.partiesUnreadable,
                partyIds: result.unreadablePartyIds,
              },
              'rescreen range left parties unscreened: their data does not open (KEY_UNAVAILABLE)',
            );
        } catch (error) {
          if ((error as { code?: string }).code === 'LIST_NOT_FOUND') {
            message.term();
            logger.warn({ versionId: range.versionId }, 'rescreen job for an unknown list version dropped');
            continue;
          }
          logger.warn({ err: error }, 'rescreen range failed; will retry');
          message.nak(options.retryDelayMs);
        }
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
    jobsDone: () => done,
  };
}
