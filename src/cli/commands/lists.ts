import { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { LIST_SOURCES } from '../../domain/screening/entry.ts';
import { AppError, isAppError } from '../../errors.ts';
import { downloadList, OFFICIAL_LIST_URLS } from '../../providers/lists/download.ts';
import { readListPaths } from '../../providers/lists/list-files.ts';
import { openRescreenQueue, publishRescreenJobs } from '../../workers/rescreen-jetstream.ts';
import type { Actor } from '../../services/context.ts';
import type { RescreenProgress, RescreenResult } from '../../services/rescreening.ts';
import type { Services } from '../../services/index.ts';
import type { ListVersionRecord } from '../../storage/port.ts';
import { EXIT_CODE_BY_ERROR } from '../exit-codes.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { withOperator } from '../runtime.ts';

const IMPORT_HELP = `
PATH is a file or a folder of the list's files (e.g. the OFAC SDN set: sdn.csv, add.csv, alt.csv,
sdn_comments.csv). Sources: ${LIST_SOURCES.join(', ')}.
A malformed or truncated file fails the import with its file, line and reason (LIST_IMPORT_FAILED,
exit 65) and the previous version stays active. Files identical to the active version add nothing.
A new version re-screens every stored party against the entries it added or changed: here, or with
GATEHOUSE_NATS_URL set, as jobs on JetStream that \`gatehouse worker\` processes take.`;

const UPDATE_HELP = `
Downloads each list from its publisher (or from GATEHOUSE_LIST_URLS) and imports it. A failed or
malformed download keeps the last good version and says so; the others go on. Exit 0 when every
list is current, 69 when a download failed, 65 when a downloaded file did not parse.`;

const RESCREEN_HELP = `
Screens every stored party against every entry of the list's active version (an import re-screens only
against the entries the new version added or changed). Use it after parties went unscreened because
their data did not open (KEY_UNAVAILABLE, exit 78: restore the KEK first), or to re-check the whole
base. A hit raised before is not raised again. With GATEHOUSE_NATS_URL set, the work is queued for the
workers. Exit 66 (LIST_NOT_FOUND) when the list was never imported.
`;

interface ImportReport {
  source: string;
  status: 'imported' | 'unchanged' | 'failed' | 'rescreened';
  version: ListVersionRecord | null;
  rescreen?: RescreenResult;
  /** Scale-out mode: re-screening jobs published for the workers. */
  dispatched?: number;
  error?: { code: string; message: string };
}

async function importAndRescreen(
  services: Services,
  actor: Actor,
  source: string,
  files: Parameters<Services['lists']['importFiles']>[2],
  progress: boolean,
): Promise<ImportReport> {
  const outcome = await services.lists.importFiles(actor, source, files);
  if (outcome.status === 'unchanged') return { source, status: 'unchanged', version: outcome.version };
  return {
    source,
    status: 'imported',
    version: outcome.version,
    ...(await rescreen(services, outcome.version, false, progress)),
  };
}

/**
 * The version's re-screening (its delta, or with `full` every entry): in this process, or, in scale-out
 * mode, as jobs on JetStream for the workers.
 */
async function rescreen(
  services: Services,
  version: ListVersionRecord,
  full: boolean,
  progress: boolean,
): Promise<Pick<ImportReport, 'rescreen' | 'dispatched'>> {
  const nats = loadConfig().nats;
  if (nats !== undefined) {
    const queue = await openRescreenQueue(nats);
    try {
      const ranges = await services.rescreening.planRanges(version, undefined, full);
      return { dispatched: await publishRescreenJobs(queue, ranges) };
    } finally {
      await queue.close();
    }
  }
  const onProgress = (p: RescreenProgress) => {
    if (progress)
      process.stderr.write(`\rre-screening: ${p.partiesScreened} parties, ${p.hitsRaised} new hits`);
  };
  const result = full
    ? await services.rescreening.rescreenAll(version, onProgress)
    : await services.rescreening.rescreenDelta(version, onProgress);
  if (progress) process.stderr.write('\n');
  return { rescreen: result };
}

function describeReport(r: ImportReport): string[] {
  if (r.status === 'failed') {
    const kept = r.version === null ? 'no version is active' : `version ${r.version.id} stays active`;
    return [`${r.source}: FAILED (${r.error?.code}: ${r.error?.message}); ${kept}.`];
  }
  const v = r.version!;
  const delta = `+${v.delta.added.length} ~${v.delta.changed.length} -${v.delta.removed.length}`;
  const lines = [
    r.status === 'unchanged'
      ? `${r.source}: unchanged (version ${v.id}, ${v.entryCount} entries).`
      : r.status === 'rescreened'
        ? `${r.source}: every party against all ${v.entryCount} entries of version ${v.id}.`
        : `${r.source}: imported version ${v.id}: ${v.entryCount} entries (${delta}).`,
  ];
  if (r.dispatched !== undefined)
    lines.push(`  re-screening: ${r.dispatched} job(s) queued for the workers (gatehouse worker).`);
  if (r.rescreen !== undefined) {
    lines.push(
      `  re-screened ${r.rescreen.partiesScreened} parties in ${r.rescreen.ms} ms: ${r.rescreen.hitsRaised} new hits, ${r.rescreen.accountsRedecided} accounts decided again.`,
    );
    if (r.rescreen.partiesUnreadable > 0) lines.push(...describeUnreadable(r.rescreen));
  }
  return lines;
}

/** Parties left unscreened because their data does not open: named, so the operator can act. */
function describeUnreadable(rescreen: RescreenResult): string[] {
  const more = rescreen.partiesUnreadable - rescreen.unreadablePartyIds.length;
  return [
    `  NOT re-screened: ${rescreen.partiesUnreadable} parties whose data does not open (KEY_UNAVAILABLE: a KEK missing from the keyring, or altered ciphertext); each is audited as party.rescreen_skipped:`,
    ...rescreen.unreadablePartyIds.map((id) => `    ${id}`),
    ...(more > 0 ? [`    … and ${more} more (see the audit log)`] : []),
  ];
}

export function listsCommand(): Command {
  const lists = new Command('lists').description(
    'Sanctions and restricted-party lists: import, update, status.',
  );
  lists
    .command('import')
    .description('Import a list version from its files.')
    .argument('<source>', `the list (${LIST_SOURCES.join(', ')})`)
    .argument('<paths...>', 'files or folders of the list')
    .option('--tenant <id>', 'tenant id for the audit record (default: the only provider tenant)')
    .option('--json', 'print the version and the re-screening figures as JSON')
    .addHelpText('after', IMPORT_HELP)
    .action(async (source: string, paths: string[], raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ tenant: TenantOption, json: z.boolean().optional() }), raw);
      const json = options.json === true;
      const files = (await readListPaths(paths, 'argv.paths')).map((f) => f.file);
      const report = await withOperator(options.tenant, (services, actor) =>
        importAndRescreen(services, actor, source, files, !json && process.stderr.isTTY === true),
      );
      createOutput(json).result(report, () => describeReport(report));
      if ((report.rescreen?.partiesUnreadable ?? 0) > 0)
        process.exitCode = EXIT_CODE_BY_ERROR.KEY_UNAVAILABLE;
    });
  lists
    .command('update')
    .description('Download the lists from their publishers and import what changed.')
    .argument('[sources...]', 'lists to update (default: every list with a download address)')
    .option('--tenant <id>', 'tenant id for the audit record (default: the only provider tenant)')
    .option('--json', 'print one report per list as JSON')
    .addHelpText('after', UPDATE_HELP)
    .action(async (sources: string[], raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ tenant: TenantOption, json: z.boolean().optional() }), raw);
      const urls = { ...OFFICIAL_LIST_URLS, ...loadConfig().listUrls } as Record<string, string[]>;
      const wanted = sources.length > 0 ? sources : Object.keys(urls);
      const unknown = wanted.find((s) => urls[s] === undefined);
      if (unknown !== undefined)
        throw new AppError(
          'VALIDATION_FAILED',
          `No download address for '${unknown}' (set GATEHOUSE_LIST_URLS).`,
          {
            field: 'argv.sources',
          },
        );
      const reports = await withOperator(options.tenant, async (services, actor) => {
        const out: ImportReport[] = [];
        for (const source of wanted) out.push(await updateOne(services, actor, source, urls[source] ?? []));
        return out;
      });
      createOutput(options.json === true).result({ lists: reports }, () => reports.flatMap(describeReport));
      const failed = reports.filter((r) => r.status === 'failed');
      if (failed.length > 0)
        process.exitCode = failed.some((r) => r.error?.code === 'LIST_IMPORT_FAILED') ? 65 : 69;
      else if (reports.some((r) => (r.rescreen?.partiesUnreadable ?? 0) > 0))
        process.exitCode = EXIT_CODE_BY_ERROR.KEY_UNAVAILABLE;
    });
  lists
    .command('rescreen')
    .description('Screen every stored party against the whole active version of a list.')
    .argument('<source>', `the list (${LIST_SOURCES.join(', ')})`)
    .option('--tenant <id>', 'tenant id for the audit record (default: the only provider tenant)')
    .option('--json', 'print the re-screening figures as JSON')
    .addHelpText('after', RESCREEN_HELP)
    .action(async (source: string, raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ tenant: TenantOption, json: z.boolean().optional() }), raw);
      const json = options.json === true;
      const report = await withOperator(options.tenant, async (services, actor): Promise<ImportReport> => {
        const version = (await services.lists.activeVersions(actor)).find((v) => v.source === source);
        if (version === undefined)
          throw new AppError('LIST_NOT_FOUND', `No version of '${source}' has been imported.`, {
            field: 'argv.source',
          });
        const done = await rescreen(services, version, true, !json && process.stderr.isTTY === true);
        return { source, status: 'rescreened', version, ...done };
      });
      createOutput(json).result(report, () => describeReport(report));
      if ((report.rescreen?.partiesUnreadable ?? 0) > 0)
        process.exitCode = EXIT_CODE_BY_ERROR.KEY_UNAVAILABLE;
    });
  lists
    .command('status')
    .description('The active version of each list and its freshness.')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)')
    .option('--json', 'print the versions as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ tenant: TenantOption, json: z.boolean().optional() }), raw);
      const versions = await withOperator(options.tenant, (services, actor) =>
        services.lists.activeVersions(actor),
      );
      createOutput(options.json === true).result({ lists: versions }, () =>
        versions.length === 0
          ? ['No list imported yet: `gatehouse lists import SOURCE PATH…` or `gatehouse lists update`.']
          : versions.map(
              (v) =>
                `${v.source}: ${v.entryCount} entries, published ${v.publishedAt?.toISOString().slice(0, 10) ?? 'unknown'}, imported ${v.importedAt.toISOString()}`,
            ),
      );
    });
  return lists;
}

async function updateOne(
  services: Services,
  actor: Actor,
  source: string,
  urls: readonly string[],
): Promise<ImportReport> {
  const active = (await services.lists.activeVersions(actor)).find((v) => v.source === source) ?? null;
  const downloaded = await downloadList(urls);
  if (!downloaded.ok)
    return {
      source,
      status: 'failed',
      version: active,
      error: { code: 'LIST_DOWNLOAD_FAILED', message: downloaded.reason },
    };
  try {
    return await importAndRescreen(services, actor, source, downloaded.files, false);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'LIST_IMPORT_FAILED') throw error;
    const first = error.problems[0];
    const message =
      first === undefined ? error.message : `${error.message} First: ${first.field}: ${first.message}`;
    return { source, status: 'failed', version: active, error: { code: error.code, message } };
  }
}
