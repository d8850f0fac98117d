/**
 * When an account's access events may be deleted: the retention period of its profile after the
 * anchor (89 FR 5698: the later of closure and last access; bank CIP: closure). An open account has
 * no end (the log runs for the life of the account), and a legal hold overrides deletion.
 */
import type { RetentionRule } from '../profiles/profile.ts';

export interface RetainedAccount {
  closedAt: Date | null;
  /** The start of the minute of the account's newest access event (LAST_ACCESS_PRECISION_MS). */
  lastAccessAt: Date | null;
}

/**
 * accounts.last_access_at is kept to the minute: the start of the minute of the newest event, so a
 * stream of an account's events moves the row once a minute, not once a batch (docs/access-log.md). The
 * exact times are in the log itself. A retention period anchored on last access runs from the end of
 * that minute, so it never ends before the rule says.
 */
export const LAST_ACCESS_PRECISION_MS = 60_000;

/** The minute an access at `ms` falls in, as stored in last_access_at (ms). */
export function lastAccessMinute(ms: number): number {
  return ms - (((ms % LAST_ACCESS_PRECISION_MS) + LAST_ACCESS_PRECISION_MS) % LAST_ACCESS_PRECISION_MS);
}

export function accessRetentionEnd(
  account: RetainedAccount,
  rule: RetentionRule,
  legalHold: boolean,
): Date | null {
  if (legalHold || account.closedAt === null) return null;
  const lastAccess =
    account.lastAccessAt === null
      ? null
      : new Date(account.lastAccessAt.getTime() + LAST_ACCESS_PRECISION_MS);
  const anchor =
    rule.anchor === 'closure' || lastAccess === null || lastAccess < account.closedAt
      ? account.closedAt
      : lastAccess;
  const end = new Date(anchor);
  end.setUTCFullYear(end.getUTCFullYear() + rule.years);
  return end;
}

/** Shortest period any profile may set (RetentionRuleSchema): accounts closed more recently cannot be due. */
export const SHORTEST_RETENTION_YEARS = 1;
