/**
 * `gatehouse access`: investigators' searches of the access log at the machine. Each page read is a
 * search the audit log records with the operator and the stated `--purpose`, as over HTTP.
 */
import { Command, Option } from 'commander';
import { z } from 'zod';
import type { AccessEventView, AccessSearchInput } from '../../services/access-log-search.ts';
import type { Actor } from '../../services/context.ts';
import type { Services } from '../../services/index.ts';
import { AppError } from '../../errors.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { withOperator, withStore } from '../runtime.ts';

const SearchOptions = z.object({
  ip: z.string().min(2).max(60).optional(),
  account: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  purpose: z.string().min(3).max(500),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  tenant: TenantOption,
  json: z.boolean().optional(),
});
type SearchOptions = z.infer<typeof SearchOptions>;

const ExportOptions = SearchOptions.omit({ limit: true, json: true }).extend({
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
});

const CSV_COLUMNS = [
  'at',
  'account',
  'externalId',
  'ip',
  'action',
  'principal',
  'userAgent',
  'region',
  'key',
];

function page(
  services: Services,
  actor: Actor,
  options: SearchOptions,
  cursor: string | undefined,
  limit: number,
) {
  if ((options.ip === undefined) === (options.account === undefined)) {
    throw new AppError('VALIDATION_FAILED', 'Give exactly one of --ip and --account.', {
      field: 'option.ip',
    });
  }
  const input: AccessSearchInput = {
    from: new Date(options.from),
    to: new Date(options.to),
    purpose: options.purpose,
    cursor,
    limit,
  };
  return options.ip === undefined
    ? services.accessSearch.byAccount(actor, options.account ?? '', input)
    : services.accessSearch.byNetwork(actor, options.ip, input);
}

function record(e: AccessEventView): Record<string, string | null> {
  return {
    at: e.at.toISOString(),
    account: e.accountId,
    externalId: e.externalId,
    ip: e.ip,
    action: e.action,
    principal: e.principal,
    userAgent: e.userAgent,
    region: e.region,
    key: e.key,
  };
}

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula. */
function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function addSelectors(command: Command): Command {
  return command
    .option('--ip <address-or-cidr>', 'an address or CIDR block')
    .option('--account <id>', "Gatehouse's account id or the provider's externalId")
    .requiredOption('--from <time>', 'ISO-8601 start (inclusive)')
    .requiredOption('--to <time>', 'ISO-8601 end (exclusive)')
    .requiredOption('--purpose <text>', 'why you search (kept in the audit log)')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)');
}

export function accessCommand(): Command {
  const access = new Command('access').description('Search and export the access log (audited).');
  addSelectors(access.command('search').description('Events of an address, block or account in a window.'))
    .option('--limit <n>', 'events to show (1-1000)', '100')
    .option('--json', 'print { items, next } as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(SearchOptions, raw);
      const result = await withOperator(options.tenant, (services, actor) =>
        page(services, actor, options, undefined, options.limit),
      );
      createOutput(options.json === true).result(
        { items: result.items.map(record), next: result.nextCursor },
        () => [
          ...result.items.map((e) =>
            [e.at.toISOString(), e.ip, e.action, e.externalId ?? e.accountId].join('  '),
          ),
          `${result.items.length} event(s)${result.nextCursor === null ? '' : ' (more: use access export)'}.`,
        ],
      );
    });
  addSelectors(
    access.command('export').description('Every event of an address, block or account in a window.'),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(ExportOptions, raw);
      const count = await withOperator(options.tenant, (services, actor) =>
        exportAll(services, actor, { ...options, limit: 1000 }, options.format),
      );
      process.stderr.write(`Exported ${count} event(s).\n`);
    });
  access
    .command('summary')
    .description('Every distinct address an account used in a window, with country and ASN.')
    .requiredOption('--account <id>', "Gatehouse's account id or the provider's externalId")
    .requiredOption('--from <time>', 'ISO-8601 start (inclusive)')
    .requiredOption('--to <time>', 'ISO-8601 end (exclusive)')
    .requiredOption('--purpose <text>', 'why you search (kept in the audit log)')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)')
    .option('--json', 'print a JSON array')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        SearchOptions.omit({ ip: true, limit: true }).required({ account: true }),
        raw,
      );
      const rows = await withOperator(options.tenant, (services, actor) =>
        services.accessSearch.summariseAccount(actor, options.account, {
          from: new Date(options.from),
          to: new Date(options.to),
          purpose: options.purpose,
        }),
      );
      createOutput(options.json === true).result(rows, () =>
        rows.map((r) =>
          [
            r.ip,
            r.count,
            r.firstSeen.toISOString(),
            r.lastSeen.toISOString(),
            r.country ?? '-',
            r.asn ?? '-',
          ].join('  '),
        ),
      );
    });
  access
    .command('purge')
    .description(
      'Delete the events of accounts past their retention (profile period after closure or last access) and drop emptied old partitions. For the whole store; run it daily.',
    )
    .option('--json', 'print the report as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ json: z.boolean().optional() }), raw);
      const report = await withStore((services) => services.accessRetention.purgeExpired());
      createOutput(options.json === true).result(report, () => [
        `Purged the events of ${report.accountsPurged} account(s): ${report.eventsDeleted} event(s) deleted.`,
        `Dropped ${report.partitionsDropped.length} empty partition(s).`,
      ]);
    });
  return access;
}

async function exportAll(
  services: Services,
  actor: Actor,
  options: SearchOptions,
  format: 'ndjson' | 'csv',
): Promise<number> {
  if (format === 'csv') process.stdout.write(`${CSV_COLUMNS.join(',')}\n`);
  let cursor: string | undefined;
  let count = 0;
  do {
    const result = await page(services, actor, options, cursor, 1000);
    const lines = result.items.map((e) => {
      const r = record(e);
      return format === 'csv' ? CSV_COLUMNS.map((c) => csvField(r[c] ?? null)).join(',') : JSON.stringify(r);
    });
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    count += result.items.length;
    cursor = result.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return count;
}
