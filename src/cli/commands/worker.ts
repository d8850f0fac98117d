import { Command } from 'commander';
import type { Logger } from 'pino';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { createLogger } from '../../main.ts';
import type { Services } from '../../services/index.ts';
import { openAccessStream } from '../../workers/access-jetstream.ts';
import { startAccessWriter } from '../../workers/access-writer.ts';
import { openRescreenQueue, startRescreenWorker } from '../../workers/rescreen-jetstream.ts';
import { parseOptions } from '../output.ts';
import { withStore } from '../runtime.ts';

/**
 * `gatehouse worker`: consumes the access-event stream of NATS JetStream (GATEHOUSE_NATS_URL) and
 * writes it to the store in batches. Any number may run; each message goes to one of them. SIGINT or
 * SIGTERM finishes the batch in hand, then exits; a second signal exits at once. Started while the
 * database is unreachable, it waits for it.
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description(
      'Write access events from NATS JetStream to the store and run re-screening jobs (scale-out mode; needs GATEHOUSE_NATS_URL).',
    )
    .option('--batch <messages>', 'messages fetched per round (1-1000)', '50')
    .option('--json', 'announce start and stop as JSON lines')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({ batch: z.coerce.number().int().min(1).max(1000), json: z.boolean().optional() }),
        raw,
      );
      const config = loadConfig();
      const nats = config.nats;
      if (nats === undefined) {
        throw new AppError('CONFIG_INVALID', 'gatehouse worker needs GATEHOUSE_NATS_URL.', {
          field: 'env.GATEHOUSE_NATS_URL',
        });
      }
      const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
        let signalled = false;
        const onSignal = (signal: NodeJS.Signals) => {
          if (signalled) process.exit(130);
          signalled = true;
          resolve(signal);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      const announce = (event: Record<string, unknown>, text: string) =>
        process.stdout.write(options.json === true ? `${JSON.stringify(event)}\n` : `${text}\n`);
      const logger = createLogger(config, 'stderr');
      const work = async (services: Services) => {
        const stream = await openAccessStream(nats);
        const writer = startAccessWriter(services.store, stream, logger, {
          maxMessages: options.batch,
          fetchWaitMs: 1000,
          retryDelayMs: 2000,
        });
        const rescreenQueue = await openRescreenQueue(nats);
        const rescreener = startRescreenWorker(rescreenQueue, services.rescreening, logger);
        announce(
          { type: 'worker-started' },
          `Worker consuming access events and re-screening jobs from ${nats.servers.join(', ')}.`,
        );
        await stopRequested;
        await writer.stop();
        await rescreener.stop();
        await stream.close();
        await rescreenQueue.close();
        announce(
          { type: 'worker-stopped', written: writer.written() },
          `Stopped after ${writer.written()} event(s).`,
        );
      };
      await retryWhileStoreUnavailable(logger, stopRequested, (opened) =>
        withStore(async (services) => {
          opened();
          await work(services);
        }),
      );
    });
}

/**
 * A worker (re)started while PostgreSQL is down waits for it instead of exiting: under a supervisor,
 * exiting would be a restart loop (systemd stops restarting after five failures in ten seconds), and
 * the stream keeps the events meanwhile. Once the store is open, errors end the command as before.
 */
async function retryWhileStoreUnavailable(
  logger: Logger,
  stopRequested: Promise<unknown>,
  run: (opened: () => void) => Promise<void>,
): Promise<void> {
  let opened = false;
  let stopped = false;
  void stopRequested.then(() => (stopped = true));
  for (;;) {
    try {
      return await run(() => (opened = true));
    } catch (error) {
      const unavailable = error instanceof AppError && error.code === 'STORE_UNAVAILABLE';
      if (opened || !unavailable) throw error;
      if (stopped) return;
      logger.warn('database unavailable at start; retrying in 2 s');
      await Promise.race([stopRequested, new Promise((resolve) => setTimeout(resolve, 2000))]);
      if (stopped) return;
    }
  }
}
