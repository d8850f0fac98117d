import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { LedgerDivergence, LedgerVerification } from '../../services/ledger-verify.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { withOperator } from '../runtime.ts';

const VERIFY_HELP = `
Recomputes every leaf from the stored entries and each record's commitment from its row, rebuilds the
tree, compares it with the stored nodes and head, and checks every stored signed checkpoint. With
--from-checkpoint, the tree must also extend that earlier checkpoint (a signed note you kept, e.g. the
"note" of GET /v1/ledger/checkpoint). Entries not yet integrated are checked against their records only.
Every access-log digest is recomputed from the events stored in its tenant and hour, with the events the
retention job purged (and recorded) put back; a deleted, changed or added event names the hour.

Exit codes: 0 the ledger verifies; 65 a divergence (LEDGER_DIVERGENCE; the first one is named on stderr,
all of them in the --json report on stdout); 64 the checkpoint file cannot be read.`;

const VerifyOptions = z.object({
  fromCheckpoint: z.string().min(1).optional(),
  tenant: TenantOption,
  json: z.boolean().optional(),
});

export function ledgerCommand(): Command {
  const ledger = new Command('ledger').description('The tamper-evident ledger of record events (issue #5).');
  ledger
    .command('verify')
    .description('Verify the ledger against the stored records and every signed checkpoint.')
    .option('--from-checkpoint <file>', 'a signed checkpoint kept earlier: the ledger must extend it')
    .option('--tenant <id>', 'tenant id to act as (default: the only provider tenant)')
    .option('--json', 'print the verification report as JSON')
    .addHelpText('after', VERIFY_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(VerifyOptions, raw);
      const kept =
        options.fromCheckpoint === undefined ? undefined : await readCheckpoint(options.fromCheckpoint);
      const report = await withOperator(options.tenant, (services, actor) =>
        services.ledger.verify(actor, kept),
      );
      createOutput(options.json === true).result(report, () => describe(report));
      const [first] = report.divergences;
      if (first !== undefined) {
        throw new AppError('LEDGER_DIVERGENCE', `The ledger does not verify: ${describeDivergence(first)}.`);
      }
    });
  ledger
    .command('checkpoint')
    .description('Integrate pending entries, sign a checkpoint if the tree grew, and print the newest one.')
    .option('--tenant <id>', 'tenant id to act as (default: the only provider tenant)')
    .option('--json', 'print { size, root, note } as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ tenant: TenantOption, json: z.boolean().optional() }), raw);
      const checkpoint = await withOperator(options.tenant, async (services, actor) => {
        await services.ledger.runSequencer();
        return services.ledger.checkpoint(actor);
      });
      const { size, root, note } = checkpoint;
      createOutput(options.json === true).result({ size, root: root.toString('base64'), note }, () => [
        note.trimEnd(),
      ]);
    });
  return ledger;
}

async function readCheckpoint(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `Cannot read the checkpoint file ${file}.`, {
      field: 'option.fromCheckpoint',
      cause: error,
    });
  }
}

function describe(report: LedgerVerification): string[] {
  const summary = `${report.entries} of ${report.treeSize} leaves rebuilt, ${report.records} records, ${report.checkpoints} checkpoints and ${report.accessSegments} access-log digests checked`;
  if (report.ok) return [`The ledger verifies: ${summary}.`];
  return [
    `The ledger does NOT verify (${report.divergences.length} divergence(s)): ${summary}.`,
    ...report.divergences.map((d) => `  ${describeDivergence(d)}`),
  ];
}

function describeDivergence(d: LedgerDivergence): string {
  const leaf = d.leafIndex === undefined ? '' : `leaf ${d.leafIndex}, `;
  const record = d.recordType === undefined ? '' : `${d.recordType}:${d.recordId ?? ''}, `;
  return `${d.kind} (${leaf}${record}${d.message})`;
}
