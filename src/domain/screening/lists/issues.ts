import type { ListEntry, ListParseIssue, ListParseResult } from '../entry.ts';
import { MAX_ISSUES } from './limits.ts';

/** Collects parse issues across the files of one import, capped at MAX_ISSUES. */
export interface IssueLog {
  add(file: string, reason: string, line?: number): void;
  readonly issues: readonly ListParseIssue[];
}

export function createIssueLog(): IssueLog {
  const issues: ListParseIssue[] = [];
  return {
    add(file, reason, line) {
      if (issues.length >= MAX_ISSUES) return;
      issues.push(line === undefined ? { file, reason } : { file, line, reason });
    },
    issues,
  };
}

export function failed(issues: readonly ListParseIssue[]): ListParseResult {
  return { ok: false, issues };
}

/**
 * One import is all or nothing: a single issue anywhere rejects the whole list. A publisher's list
 * with no entries at all is the wrong file, never a real list (the provider's own deny list may be).
 */
export function concludeImport(
  log: IssueLog,
  file: string,
  entries: readonly ListEntry[],
  publishedAt?: string,
  allowNoEntries = false,
): ListParseResult {
  if (log.issues.length === 0 && entries.length === 0 && !allowNoEntries)
    log.add(file, 'the file lists no entries');
  if (log.issues.length > 0) return failed(log.issues);
  return publishedAt === undefined ? { ok: true, entries } : { ok: true, entries, publishedAt };
}

/** 1-based line of a character offset; only computed on the error path. */
export function lineAt(content: string, index: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i !== -1 && i < index; i = content.indexOf('\n', i + 1)) line++;
  return line;
}
