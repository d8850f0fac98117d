/**
 * Loads the operator's range lists named by GATEHOUSE_NETWORK_LISTS and reloads them when a file
 * changes, so a daily Tor-exit or VPN feed can be dropped in place without a restart. A file that is
 * missing at start is a configuration error; one that disappears later keeps its last good contents.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NetworkListFile } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { parseRangeList, type NetworkRangeList, type RangeListProblem } from './range-lists.ts';

export interface LoadedRangeList {
  file: NetworkListFile;
  list: NetworkRangeList;
  problems: RangeListProblem[];
  mtimeMs: number;
}

export async function loadRangeListFile(file: NetworkListFile): Promise<LoadedRangeList> {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(file.path)).mtimeMs;
    text = await readFile(file.path, 'utf8');
  } catch (cause) {
    throw new AppError('CONFIG_INVALID', `Cannot read the network list ${file.path}.`, {
      field: 'env.GATEHOUSE_NETWORK_LISTS',
      cause,
    });
  }
  const name = path.basename(file.path).replace(/\.[^.]*$/, '');
  const { list, problems } = parseRangeList(text, { name, kind: file.kind });
  return { file, list, problems, mtimeMs };
}

/** Re-reads the files whose modification time changed; returns the lists and which were reloaded. */
export async function refreshRangeLists(
  current: readonly LoadedRangeList[],
): Promise<{ lists: LoadedRangeList[]; reloaded: LoadedRangeList[] }> {
  const lists: LoadedRangeList[] = [];
  const reloaded: LoadedRangeList[] = [];
  for (const loaded of current) {
    const mtimeMs = await stat(loaded.file.path).then(
      (s) => s.mtimeMs,
      () => loaded.mtimeMs,
    );
    if (mtimeMs === loaded.mtimeMs) {
      lists.push(loaded);
      continue;
    }
    const fresh = await loadRangeListFile(loaded.file).catch(() => loaded);
    lists.push(fresh);
    if (fresh !== loaded) reloaded.push(fresh);
  }
  return { lists, reloaded };
}
