import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { readListPaths } from '../../providers/lists/list-files.ts';
import { createOutput, parseOptions } from '../output.ts';
import { indexFromFiles, parseInputCsv, screenRow, type RowResult } from '../screen-batch.ts';

const HELP = `
Screens every row of a CSV file (header: name, and optionally dob, country, type, id) against lists
read straight from files; no database is needed. --lists takes files or folders (the list of each
file is inferred from its name, or given as SOURCE=PATH).

Output: with --json one JSON object per input row on stdout (NDJSON) with its top matches (list,
entry id, matched name, score, band, explanation) or the reason it could not be screened, and the
summary as JSON on stderr; without it, readable lines. A progress bar shows on stderr when it is a
terminal. Exit 0 when every row was screened, 65 when a row could not be (it is still reported).

Example: gatehouse screen --lists ../shared/data/lists/ofac-sdn ../shared/data/lists/un --input customers.csv --json`;

const Options = z.object({
  lists: z.array(z.string().min(1)).min(1),
  input: z.string().min(1),
  threshold: z.coerce.number().min(0.5).max(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(5),
  json: z.boolean().optional(),
});

export function screenCommand(): Command {
  return new Command('screen')
    .description('Screen names from a CSV file against list files (no database needed).')
    .requiredOption('--lists <paths...>', 'list files or folders')
    .requiredOption('--input <file>', 'CSV with a header row: name[,dob,country,type,id]')
    .option('--threshold <score>', 'lowest score reported (0.5–1; default 0.75)')
    .option('--limit <n>', 'matches per row (default 5)')
    .option('--json', 'NDJSON rows on stdout, summary as JSON on stderr')
    .addHelpText('after', HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(Options, raw);
      const json = options.json === true;
      const text = await readFile(options.input, 'utf8').catch((cause: unknown) => {
        throw new AppError('VALIDATION_FAILED', `Cannot read ${options.input}.`, {
          field: 'option.input',
          cause,
        });
      });
      const rows = parseInputCsv(text);
      const started = performance.now();
      const { index, counts } = indexFromFiles(await readListPaths(options.lists, 'option.lists'));
      const indexMs = performance.now() - started;
      const progress = !json && process.stderr.isTTY === true;
      let withMatches = 0;
      let failed = 0;
      const screenStarted = performance.now();
      for (const [i, row] of rows.entries()) {
        const result = screenRow(index, row, { threshold: options.threshold, limit: options.limit });
        if ('error' in result) failed += 1;
        else if (result.matches.length > 0) withMatches += 1;
        process.stdout.write(json ? `${JSON.stringify(result)}\n` : describe(result));
        if (progress && (i % 200 === 0 || i === rows.length - 1))
          process.stderr.write(`\r${i + 1}/${rows.length} rows screened`);
      }
      if (progress) process.stderr.write('\n');
      const seconds = (performance.now() - screenStarted) / 1000;
      const summary = {
        rows: rows.length,
        withMatches,
        failed,
        lists: counts,
        indexMs: Math.round(indexMs),
        namesPerSecond: Math.round(rows.length / Math.max(seconds, 1e-6)),
      };
      if (json) process.stderr.write(`${JSON.stringify({ summary })}\n`);
      else
        createOutput(false).result(summary, () => [
          `${summary.rows} rows screened against ${Object.entries(counts)
            .map(([s, n]) => `${s} (${n})`)
            .join(
              ', ',
            )}: ${withMatches} with matches, ${failed} not screenable; ${summary.namesPerSecond} names/s (index built in ${summary.indexMs} ms).`,
        ]);
      if (failed > 0) process.exitCode = 65;
    });
}

function describe(result: RowResult): string {
  if ('error' in result)
    return `row ${result.row}: error[${result.error.code}] ${result.error.field}: ${result.error.reason}\n`;
  if (result.matches.length === 0) return `row ${result.row}: ${result.name}: no match\n`;
  const lines = result.matches.map(
    (m) =>
      `  ${m.score.toFixed(3)} ${m.band.padEnd(6)} ${m.source} ${m.entryId} ${m.matchedName}: ${m.explanation}`,
  );
  return `row ${result.row}: ${result.name}\n${lines.join('\n')}\n`;
}
