import { Command } from 'commander';
import { z } from 'zod';
import type { RetentionProgress, RetentionReport } from '../../services/retention.ts';
import { createOutput, parseOptions } from '../output.ts';
import { withStore } from '../runtime.ts';

const RUN_HELP = `
For the whole store (every tenant). Sections:
  accessLog  access events of closed accounts past their profile's period (two years after the later of
             closure and last access under us-iaas-2024), then emptied old day partitions.
  parties    crypto-shredding of parties whose every account is past its period: the data key destroyed,
             personal data tombstoned and scrubbed, each change ledgered, a deletion certificate written
             (certificates lists their ids).
Anything under an active legal hold (\`gatehouse holds\`) is kept. A server with the scheduler on runs the
same pass once a day; running it by hand as well is safe.

Exit codes: 0 done (also when nothing was due); 69 the store is unavailable or in use.`;

/** How often a progress line is written when stderr is not a terminal (a log file, cron's mail). */
const LOG_EVERY_MS = 30_000;
const REDRAW_MS = 200;

/** One line on stderr, rewritten in place on a terminal; nothing with --json. */
function progressLine(json: boolean): { update: (p: RetentionProgress) => void; done: () => void } {
  if (json) return { update: () => undefined, done: () => undefined };
  const terminal = process.stderr.isTTY;
  let writtenAt = performance.now();
  let drawn = false;
  return {
    update: (p) => {
      const now = performance.now();
      if (now - writtenAt < (terminal ? REDRAW_MS : LOG_EVERY_MS)) return;
      writtenAt = now;
      const text = `retention: ${words(p.section)}: ${p.scanned} scanned, ${p.removed} removed`;
      process.stderr.write(terminal ? `\r${text}\u001b[K` : `${text}\n`);
      drawn = terminal;
    },
    done: () => {
      if (drawn) process.stderr.write('\r\u001b[K');
    },
  };
}

/** `accountsPurged` → `accounts purged`. */
function words(name: string): string {
  return name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

/** Every section alike, so a new section of the report is printed without a change here. */
export function describeReport(report: RetentionReport): string[] {
  const { dryRun, startedAt, finishedAt, ...sections } = report;
  const seconds = ((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(1);
  const lines = [
    dryRun
      ? `Retention dry run at ${startedAt.toISOString()} (${seconds} s): nothing was deleted; a run would remove:`
      : `Retention run at ${startedAt.toISOString()} (${seconds} s):`,
  ];
  for (const [name, section] of Object.entries(sections)) {
    const parts = Object.entries(section as object).map(([field, value]) =>
      Array.isArray(value)
        ? `${words(field)} ${value.length}${value.length === 0 ? '' : ` (${value.join(', ')})`}`
        : `${words(field)} ${String(value)}`,
    );
    lines.push(`  ${words(name)}: ${parts.join(', ')}`);
  }
  return lines;
}

export function retentionCommand(): Command {
  const retention = new Command('retention').description(
    'Retention: delete records whose retention period has run, except what a legal hold keeps.',
  );
  retention
    .command('run')
    .description('Run the retention pass now over the whole store and print what it removed.')
    .option('--dry-run', 'compute and print what would be removed; delete nothing')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', RUN_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({ dryRun: z.boolean().optional(), json: z.boolean().optional() }),
        raw,
      );
      const json = options.json === true;
      const progress = progressLine(json);
      const report = await withStore((services) =>
        services.retention.run({ dryRun: options.dryRun === true, onProgress: progress.update }),
      ).finally(progress.done);
      createOutput(json).result(report, () => describeReport(report));
    });
  return retention;
}
