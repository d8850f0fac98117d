/** Reads the list files under a folder (one sub-folder per list) and parses them with the importers. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ListEntry, ListSource } from '../src/domain/screening/entry.ts';

/** Folder name → source; `ofac-sdn-older` is an earlier SDN release, read as more of the same list. */
const FOLDERS: Readonly<Record<string, ListSource>> = {
  'ofac-sdn': 'ofac-sdn',
  'ofac-sdn-older': 'ofac-sdn',
  'ofac-consolidated': 'ofac-consolidated',
  un: 'un',
  'bis-dpl': 'bis-dpl',
  csl: 'csl',
  eu: 'eu',
  uk: 'uk',
  opensanctions: 'opensanctions',
};

export interface LoadedList {
  readonly folder: string;
  readonly source: ListSource;
  readonly entries: readonly ListEntry[];
  readonly names: number;
  readonly issues: number;
}

type ParseListFiles = (
  source: ListSource,
  files: { name: string; content: string }[],
) => { ok: true; entries: readonly ListEntry[] } | { ok: false; issues: readonly unknown[] };

/** The importers may not exist in every checkout; undefined when they do not. */
export async function loadParser(): Promise<ParseListFiles | undefined> {
  try {
    const module = (await import('../src/domain/screening/lists/index.ts')) as {
      parseListFiles?: ParseListFiles;
    };
    return module.parseListFiles;
  } catch {
    return undefined;
  }
}

export function loadLists(directory: string, parse: ParseListFiles): LoadedList[] {
  const lists: LoadedList[] = [];
  for (const folder of readdirSync(directory).sort()) {
    const source = FOLDERS[folder];
    const full = path.join(directory, folder);
    if (source === undefined || !statSync(full).isDirectory()) continue;
    const files = readdirSync(full)
      .filter((name) => !name.startsWith('LICENSE'))
      .map((name) => ({ name, content: readFileSync(path.join(full, name), 'utf8') }));
    const result = parse(source, files);
    const entries = result.ok ? result.entries : [];
    const names = entries.reduce((sum, entry) => sum + entry.names.length, 0);
    lists.push({ folder, source, entries, names, issues: result.ok ? 0 : result.issues.length });
  }
  return lists;
}
