import { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { createLogger } from '../../main.ts';
import { openAccessStream } from '../../workers/access-jetstream.ts';
import { startAccessWriter } from '../../workers/access-writer.ts';
import { openRescreenQueue, startRescreenWorker } from '../../workers/rescreen-jetstream.ts';
import { parseOptions } from '../output.ts';
import { withStore } from '../runtime.ts';

/**
 * `gatehouse worker`: consumes the access-event stream of NATS JetStream (GATEHOUSE_NATS_URL) and
 * writes it to the store in batches. Any number may run; each message goes to one of them. SIGINT or
 * SIGTERM finishes the batch in hand, then exits; a second signal exits at once.
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
      await withStore(async (services) => {
        const stream = await openAccessStream(nats);
        const logger = createLogger(config, 'stderr');
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
      });
    });
}
