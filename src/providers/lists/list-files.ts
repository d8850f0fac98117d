/**
 * Reading list files from disk for `lists import` and `screen --lists`: a path is a file or a folder
 * (its files, not recursive), and each file's list is named explicitly (`ofac-sdn=path`) or inferred
 * from the publisher's file name (sdn.csv, cons_prim.csv, dpl.txt …) or, for XML, its root element.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LIST_SOURCES, type ListSource } from '../../domain/screening/entry.ts';
import type { ListFile } from '../../domain/screening/lists/index.ts';
import { AppError } from '../../errors.ts';

/** Bigger than any official list file today (the OFAC SDN CSV set is about 4 MB, OpenSanctions 1 GB+). */
const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

const BY_NAME: ReadonlyArray<[RegExp, ListSource]> = [
  [/^(sdn|add|alt|sdn_comments)\.csv$/i, 'ofac-sdn'],
  [/^cons_(prim|add|alt|comments)\.csv$/i, 'ofac-consolidated'],
  [/^dpl\.txt$/i, 'bis-dpl'],
  [/^(csl|consolidated)\.csv$/i, 'csl'],
  [/^conlist.*\.csv$/i, 'uk'],
  [/\.(jsonl|ndjson)$/i, 'opensanctions'],
  [/^deny.*\.(csv|json)$/i, 'deny-list'],
];

export async function readListFile(file: string, field: string): Promise<ListFile> {
  try {
    const info = await stat(file);
    if (info.size > MAX_FILE_BYTES) throw new Error('too large');
    return { name: path.basename(file), content: await readFile(file, 'utf8') };
  } catch (cause) {
    throw new AppError('VALIDATION_FAILED', `Cannot read the list file ${file}.`, { field, cause });
  }
}

/** Files of the paths (a folder gives its files), each with the list it belongs to. */
export async function readListPaths(
  specs: readonly string[],
  field: string,
): Promise<Array<{ source: ListSource; file: ListFile }>> {
  const result: Array<{ source: ListSource; file: ListFile }> = [];
  for (const spec of specs) {
    const [explicit, target] = splitSpec(spec);
    for (const file of await filesOf(target, field)) {
      const read = await readListFile(file, field);
      const source = explicit ?? inferSource(read);
      if (source === undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Cannot tell which list ${file} is; name it as SOURCE=PATH (sources: ${LIST_SOURCES.join(', ')}).`,
          { field },
        );
      }
      result.push({ source, file: read });
    }
  }
  return result;
}

function splitSpec(spec: string): [ListSource | undefined, string] {
  const at = spec.indexOf('=');
  const prefix = at > 0 ? spec.slice(0, at) : '';
  return (LIST_SOURCES as readonly string[]).includes(prefix)
    ? [prefix as ListSource, spec.slice(at + 1)]
    : [undefined, spec];
}

async function filesOf(target: string, field: string): Promise<string[]> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined)
    throw new AppError('VALIDATION_FAILED', `No such file or folder: ${target}.`, { field });
  if (!info.isDirectory()) return [target];
  const names = (await readdir(target)).filter((n) => !n.startsWith('.') && !/^(LICENSE|README)/i.test(n));
  return names.sort().map((n) => path.join(target, n));
}

function inferSource(file: ListFile): ListSource | undefined {
  for (const [pattern, source] of BY_NAME) if (pattern.test(file.name)) return source;
  if (/\.xml$/i.test(file.name)) {
    const head = file.content.slice(0, 2000);
    if (head.includes('<CONSOLIDATED_LIST')) return 'un';
    if (/<export[\s>]/.test(head)) return 'eu';
  }
  return undefined;
}
