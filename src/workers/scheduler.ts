/**
 * The scheduler: one loop in the server process that runs the periodic jobs. Each job is safe to run
 * on several nodes at once (deliveries are leased, sweeps and re-verifications are recorded once, the
 * daily retention pass is claimed by one node a day), so every API node may run it, or operators may
 * turn it off on some (GATEHOUSE_SCHEDULER_INTERVAL_MS=0).
 */
import type { Logger } from 'pino';
import type { DigestRun } from '../services/access-log-digests.ts';
import type { Services } from '../services/index.ts';
import type { RetentionReport } from '../services/retention.ts';

export interface JobRun {
  deliveries: { attempted: number; delivered: number };
  measures: { swept: number; found: number };
  reverifications: { raised: number };
  ledger: { integrated: number; signed: number | null };
  accessDigests: DigestRun;
  /** The daily retention pass, when this tick ran it (once per 24 h across the nodes of a store). */
  retention: RetentionReport | null;
}

/** One pass of every job, in order; a failing job is logged and does not stop the others. */
export async function runScheduledJobs(services: Services, logger?: Logger): Promise<JobRun> {
  const run: JobRun = {
    deliveries: { attempted: 0, delivered: 0 },
    measures: { swept: 0, found: 0 },
    reverifications: { raised: 0 },
    ledger: { integrated: 0, signed: null },
    accessDigests: { segments: 0, digests: 0, events: 0 },
    retention: null,
  };
  const guard = async <T>(name: string, job: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await job();
    } catch (error) {
      logger?.warn({ job: name, code: (error as { code?: string }).code }, 'scheduled job failed');
      return undefined;
    }
  };
  run.measures =
    (await guard('measure-sweeps', () => services.measures.sweepMeasuresComingIntoForce())) ?? run.measures;
  run.reverifications =
    (await guard('reverifications', () => services.reverifications.raiseDue())) ?? run.reverifications;
  run.deliveries =
    (await guard('webhook-deliveries', () => services.webhooks.deliverDue())) ?? run.deliveries;
  run.retention = (await guard('retention', () => services.retention.runDaily())) ?? null;
  // After retention (its purges of digested hours are recorded first) and before the sequencer.
  run.accessDigests =
    (await guard('access-log-digests', () => services.accessDigests.digestClosedSegments())) ??
    run.accessDigests;
  // Last, so the entries the other jobs recorded are integrated and signed in the same pass.
  run.ledger = (await guard('ledger-sequencer', () => services.ledger.runSequencer())) ?? run.ledger;
  return run;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** Runs the jobs every `intervalMs` (never overlapping); `stop` waits for a pass in progress. */
export function startScheduler(services: Services, intervalMs: number, logger: Logger): Scheduler {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    current = runScheduledJobs(services, logger).finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  if (intervalMs > 0) timer = setTimeout(tick, Math.min(intervalMs, 1000));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current.catch(() => undefined);
    },
  };
}
