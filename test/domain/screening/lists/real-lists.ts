/**
 * The real list files in ../shared/data/lists (public publisher data; see its README), read as the
 * importers receive them: name and text content.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ListEntry, ListParseIssue, ListParseResult } from '../../../../src/domain/screening/entry.ts';
import type { ListFile } from '../../../../src/domain/screening/lists/index.ts';

export const LISTS_ROOT = fileURLToPath(new URL('../../../../../shared/data/lists/', import.meta.url));

export function readListFile(folder: string, name: string): ListFile {
  return { name, content: readFileSync(`${LISTS_ROOT}${folder}/${name}`, 'utf8') };
}

export function readListFiles(folder: string, names: readonly string[]): ListFile[] {
  return names.map((name) => readListFile(folder, name));
}

export const SDN_FILES = ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'] as const;

/** The entries of a parse that must have succeeded; a failure shows its issues. */
export function entriesOf(result: ListParseResult): readonly ListEntry[] {
  assert.ok(
    result.ok,
    `expected a clean parse, got ${JSON.stringify(result.ok ? [] : result.issues.slice(0, 5))}`,
  );
  return result.entries;
}

/** The issues of a parse that must have failed. */
export function issuesOf(result: ListParseResult): readonly ListParseIssue[] {
  assert.ok(!result.ok, 'expected the parse to fail');
  assert.ok(result.issues.length > 0);
  return result.issues;
}

export function entryById(entries: readonly ListEntry[], entryId: string): ListEntry {
  const entry = entries.find((candidate) => candidate.entryId === entryId);
  assert.ok(entry, `no entry ${entryId}`);
  return entry;
}

export function namesOf(entry: ListEntry, quality: 'strong' | 'weak'): string[] {
  return entry.names.filter((name) => name.quality === quality).map((name) => name.full);
}
