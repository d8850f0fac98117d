import { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../storage/open.ts';
import { createOutput, parseOptions } from '../output.ts';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description(
      'Bring the database schema up to date. Safe to run again and from several processes at once (an advisory ' +
        'lock serialises them). The embedded store migrates itself on start; a PostgreSQL server needs this first.',
    )
    .option('--status', 'only show applied and pending migrations')
    .option('--json', 'print {"applied": [...], "pending": [...]}')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({ status: z.boolean().optional(), json: z.boolean().optional() }),
        raw,
      );
      const store = await openStore(loadConfig().store);
      try {
        const after =
          options.status === true ? { ...(await store.migrationStatus()), ran: [] } : await store.migrate();
        const { ran } = after;
        createOutput(options.json === true).result(after, () =>
          options.status === true
            ? [
                `Applied: ${after.applied.join(', ') || 'none'}`,
                `Pending: ${after.pending.join(', ') || 'none'}`,
              ]
            : [ran.length === 0 ? 'Schema is up to date.' : `Applied ${ran.join(', ')}.`],
        );
      } finally {
        await store.close();
      }
    });
}
