/**
 * Sanctions-list importers: pure parsers from the publishers' files (as text) to the normalised
 * ListEntry model. No I/O here: the caller downloads or reads the files and passes their contents.
 * A parse never throws for bad content; it returns the issues, naming file and line.
 */
import type { ListParseResult, ListSource } from '../entry.ts';
import { parseBisDpl } from './bis-dpl.ts';
import { parseCsl } from './csl.ts';
import { parseDenyList } from './deny-list.ts';
import { parseEuXml } from './eu.ts';
import { expectedFiles } from './expected-files.ts';
import { failed } from './issues.ts';
import type { ListFile } from './list-file.ts';
import { parseOfacCsv } from './ofac.ts';
import { parseOpenSanctions } from './opensanctions.ts';
import { parseUkCsv } from './uk.ts';
import { parseUnXml } from './un.ts';

export { diffEntries, entryContentHash, type EntryChange, type ListDiff } from './diff.ts';
export { expectedFiles, type ExpectedFile } from './expected-files.ts';
export type { ListFile } from './list-file.ts';

const SINGLE_FILE: Readonly<
  Record<Exclude<ListSource, 'ofac-sdn' | 'ofac-consolidated'>, (file: ListFile) => ListParseResult>
> = {
  un: parseUnXml,
  'bis-dpl': parseBisDpl,
  csl: parseCsl,
  opensanctions: parseOpenSanctions,
  eu: parseEuXml,
  uk: parseUkCsv,
  'deny-list': parseDenyList,
};

const baseName = (name: string): string => name.split(/[\\/]/).pop() ?? name;

export function parseListFiles(source: ListSource, files: readonly ListFile[]): ListParseResult {
  try {
    return dispatch(source, files);
  } catch (error) {
    // Every parser reports bad content as issues; this only keeps a parser bug on hostile input from
    // taking the caller down with it.
    const reason = `the list could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return failed([{ file: files[0]?.name ?? '', reason }]);
  }
}

function dispatch(source: ListSource, files: readonly ListFile[]): ListParseResult {
  const expected = expectedFiles(source);
  const byName = new Map<string, ListFile>();
  for (const file of files) {
    const key = baseName(file.name).toLowerCase();
    if (byName.has(key)) return failed([{ file: file.name, reason: 'the same file is given twice' }]);
    byName.set(key, { name: baseName(file.name), content: file.content });
  }
  if (source === 'ofac-sdn' || source === 'ofac-consolidated') {
    const unexpected = [...byName.values()].find(
      (file) => !expected.some((e) => e.name.toLowerCase() === file.name.toLowerCase()),
    );
    if (unexpected !== undefined) {
      const names = expected.map((e) => e.name).join(', ');
      return failed([{ file: unexpected.name, reason: `not a file of ${source} (expected ${names})` }]);
    }
    const [main, addresses, aliases, comments] = expected.map((e) => byName.get(e.name.toLowerCase()));
    if (main === undefined)
      return failed([{ file: expected[0]?.name ?? '', reason: 'the required file is missing' }]);
    return parseOfacCsv(source, { main, addresses, aliases, comments });
  }
  // A single-file list is read under whatever name the operator saved it, as long as it is alone.
  const only = expected[0];
  const file =
    byName.get(only?.name.toLowerCase() ?? '') ?? (files.length === 1 ? [...byName.values()][0] : undefined);
  if (file === undefined || files.length > 1) {
    const reason =
      files.length === 0 ? 'the required file is missing' : `${source} is read from exactly one file`;
    return failed([{ file: only?.name ?? '', reason }]);
  }
  return SINGLE_FILE[source](file);
}
