import { Command } from 'commander';
import { z } from 'zod';
import { measureDateWarnings } from '../../domain/special-measures/dates.ts';
import { SpecialMeasureInputSchema } from '../../domain/special-measures/schema.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { describeAction, describeMeasure, presentAction } from '../present-measure.ts';
import { parseBody, readJsonFile, withProblemsListed } from '../read-input.ts';
import { withOperator } from '../runtime.ts';

const CREATE_HELP = `
FILE holds the JSON body of POST /v1/special-measures, for example:
  {"kind": "prohibit", "target": {"type": "jurisdiction", "countries": ["AQ"]},
   "determinationDate": "2025-01-15", "citation": "89 FR 0000"}
The effective date defaults to determination + 180 days, the expiry to effective + 365 days. The
measure applies to every later decision; existing accounts it touches are swept at once and recorded
with the action due (close, or apply the conditions) by the effective date (see \`measures actions\`).

Exit codes: 0 created; 64 the file cannot be read or its shape is wrong (VALIDATION_FAILED, with
field paths); 65 malformed JSON (MALFORMED_JSON).`;

const TENANT_HELP = 'tenant id (default: the only provider tenant)';
const IdOptions = z.object({ id: z.uuid(), tenant: TenantOption, json: z.boolean().optional() });

/** Reads and checks the file before opening the store, so that a mistake is reported at once. */
async function createAndSweep(file: string, tenant: string | undefined) {
  const input = parseBody(SpecialMeasureInputSchema, await readJsonFile(file, 'option.file'));
  return withOperator(tenant, (services, actor) => services.measures.createMeasureAndSweep(actor, input));
}

export function measuresCommand(): Command {
  const measures = new Command('measures').description(
    'Special measures (EO 13984 sec. 2(c)): prohibitions or conditions for a jurisdiction or a named person.',
  );
  measures
    .command('create')
    .description('Record a special measure from a JSON file and sweep the existing accounts it touches.')
    .requiredOption('--file <file>', 'a JSON file holding the measure')
    .option('--tenant <id>', TENANT_HELP)
    .option('--json', 'print the measure (dates resolved) and the sweep count as JSON')
    .addHelpText('after', CREATE_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({ file: z.string().min(1), tenant: TenantOption, json: z.boolean().optional() }),
        raw,
      );
      const json = options.json === true;
      const { measure, sweep } = await createAndSweep(options.file, options.tenant).catch(
        (error: unknown) => {
          throw json ? error : withProblemsListed(error);
        },
      );
      createOutput(json).result({ ...measure, sweep }, () => [
        `Created special measure ${measure.id}.`,
        describeMeasure(measure, new Date()),
        ...measureDateWarnings(measure).map((w) => `Warning: ${w}.`),
        `Sweep: ${sweep.found} existing account(s) touched, action due by ${measure.effectiveDate}.`,
      ]);
    });
  measures
    .command('list')
    .description('List the special measures of a tenant: kind, state, dates in force, target, citation.')
    .option('--tenant <id>', TENANT_HELP)
    .option('--json', 'print a JSON array')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ tenant: TenantOption, json: z.boolean().optional() }), raw);
      const all = await withOperator(options.tenant, (services, actor) =>
        services.measures.listMeasures(actor),
      );
      const now = new Date();
      createOutput(options.json === true).result(all, () =>
        all.length === 0 ? ['No special measures.'] : all.map((m) => describeMeasure(m, now)),
      );
    });
  measures
    .command('actions')
    .description(
      'List the existing accounts a measure touches, with the action due and its deadline (audited, with the purpose).',
    )
    .argument('<id>', 'the measure id (from `measures list`)')
    .option('--tenant <id>', TENANT_HELP)
    .option('--purpose <text>', 'why you read what each action matched (kept in the audit log)')
    .option('--json', 'print a JSON array')
    .action(async (id: string, raw: Record<string, unknown>) => {
      const options = parseOptions(IdOptions.extend({ purpose: z.string().max(500).optional() }), {
        ...raw,
        id,
      });
      const actions = await withOperator(options.tenant, (services, actor) =>
        services.measures.listActions(actor, options.id, options.purpose),
      );
      createOutput(options.json === true).result(actions.map(presentAction), () =>
        actions.length === 0 ? ['No accounts touched.'] : actions.map(describeAction),
      );
    });
  measures
    .command('sweep')
    .description(
      'Sweep existing accounts again (e.g. when the measure comes into force); adds only new findings.',
    )
    .argument('<id>', 'the measure id (from `measures list`)')
    .option('--tenant <id>', TENANT_HELP)
    .option('--json', 'print {"found": n, "actions": [...]}')
    .action(async (id: string, raw: Record<string, unknown>) => {
      const options = parseOptions(IdOptions, { ...raw, id });
      const { found, actions } = await withOperator(options.tenant, (services, actor) =>
        services.measures.sweep(actor, options.id),
      );
      createOutput(options.json === true).result({ found, actions: actions.map(presentAction) }, () => [
        `Found ${found} newly touched account(s); ${actions.length} in all:`,
        ...actions.map((a) => `  ${describeAction(a)}`),
      ]);
    });
  return measures;
}
