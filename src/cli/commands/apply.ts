import { Command } from 'commander';
import { z } from 'zod';
import { ApplicationInputSchema } from '../../domain/applications/input.ts';
import { AppError } from '../../errors.ts';
import { openBatchFile, runBatch, type BatchSummary } from '../batch.ts';
import { createBatchProgress } from '../batch-progress.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { describeSubmitted, presentSubmitted } from '../present-application.ts';
import { parseBody, readJsonFile, withProblemsListed } from '../read-input.ts';
import { withOperator } from '../runtime.ts';

const HELP = `
FILE holds one application: the JSON body of POST /v1/applications (docs/cip-core.md). It is
validated whole, decided and stored; the decision, the foreign-person determination and the open
requirements are printed (with --json, the fields of the HTTP response).

With --batch, FILE.ndjson holds one application per line. Lines are streamed and submitted in
order; blank lines are skipped. A line that cannot be accepted (malformed JSON, wrong shape, an
invalid identifier, an unknown profile or reseller) is reported with its line number and code, and
the batch goes on. A progress bar shows on stderr when it is a terminal (not with --json). The
summary counts accepted lines by decision status and rejected lines by code, with the throughput.
Running a file again submits its applications again (the same account.externalId adds to its account).

Exit codes: 0 every application accepted (whatever its decision); 64 the file's shape is wrong
(VALIDATION_FAILED, with field paths) or it cannot be read; 65 malformed JSON (MALFORMED_JSON) or an
invalid identifier (APPLICATION_INVALID, with each path and code); with --batch, 65 when any line was
rejected (the summary is printed first). A store failure stops a batch (69/70).`;

const OptionsSchema = z
  .object({
    file: z.string().min(1).optional(),
    batch: z.string().min(1).optional(),
    tenant: TenantOption,
    json: z.boolean().optional(),
  })
  .refine((o) => (o.file === undefined) !== (o.batch === undefined), {
    message: 'give one application FILE, or --batch FILE (not both)',
    path: ['file'],
  });

export function applyCommand(): Command {
  return new Command('apply')
    .description('Submit an application from a JSON file (or many with --batch) and print the decision.')
    .argument('[file]', 'a JSON file holding one application')
    .option('--batch <file>', 'an NDJSON file holding one application per line')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)')
    .option('--json', 'print the application (or the batch summary) as JSON')
    .addHelpText('after', HELP)
    .action(async (file: string | undefined, raw: Record<string, unknown>) => {
      const options = parseOptions(OptionsSchema, { ...raw, file });
      const json = options.json === true;
      if (options.batch !== undefined) await applyBatch(options.batch, options.tenant, json);
      else if (options.file !== undefined) await applyOne(options.file, options.tenant, json);
    });
}

async function applyOne(file: string, tenant: string | undefined, json: boolean): Promise<void> {
  try {
    // Read and check the file before opening the store: a mistake is reported in milliseconds.
    const input = parseBody(ApplicationInputSchema, await readJsonFile(file, 'argument.file'));
    const submitted = await withOperator(tenant, (services, actor) =>
      services.applications.submitApplication(actor, input),
    );
    createOutput(json).result(presentSubmitted(submitted), () => describeSubmitted(submitted));
  } catch (error) {
    throw json ? error : withProblemsListed(error);
  }
}

async function applyBatch(file: string, tenant: string | undefined, json: boolean): Promise<void> {
  const handle = await openBatchFile(file);
  const progress = createBatchProgress({ json, terminal: process.stderr.isTTY === true });
  let summary: BatchSummary;
  try {
    summary = await withOperator(tenant, (services, actor) =>
      runBatch(
        handle,
        file,
        async (input) => {
          const submitted = await services.applications.submitApplication(actor, input);
          return submitted.decision.status;
        },
        progress,
      ),
    );
  } finally {
    await handle.close();
  }
  createOutput(json).result(summary, () => describeSummary(summary));
  if (summary.rejected > 0) {
    const where = json ? 'the summary lists them' : 'listed above';
    throw new AppError(
      'APPLICATION_INVALID',
      `${summary.rejected} of ${summary.total} line(s) were rejected (${where}).`,
      { field: 'option.batch' },
    );
  }
}

function describeSummary(s: BatchSummary): string[] {
  const counts = (byKey: Record<string, number>) =>
    Object.entries(byKey)
      .map(([key, n]) => `${key} ${n}`)
      .join(', ');
  return [
    `Processed ${s.total} application(s) from ${s.file} in ${s.seconds} s (${s.perSecond}/s): ` +
      `${s.accepted} accepted, ${s.rejected} rejected.`,
    ...(s.accepted === 0 ? [] : [`  accepted by decision: ${counts(s.byStatus)}`]),
    ...(s.rejected === 0 ? [] : [`  rejected by code: ${counts(s.byCode)}`]),
  ];
}
