/**
 * When an account's access events may be deleted: the retention period of its profile after the
 * anchor (89 FR 5698: the later of closure and last access; bank CIP: closure). An open account has
 * no end (the log runs for the life of the account), and a legal hold overrides deletion.
 */
import type { RetentionRule } from '../profiles/profile.ts';

export interface RetainedAccount {
  closedAt: Date | null;
  lastAccessAt: Date | null;
}

export function accessRetentionEnd(
  account: RetainedAccount,
  rule: RetentionRule,
  legalHold: boolean,
): Date | null {
  if (legalHold || account.closedAt === null) return null;
  const anchor =
    rule.anchor === 'closure' || account.lastAccessAt === null || account.lastAccessAt < account.closedAt
      ? account.closedAt
      : account.lastAccessAt;
  const end = new Date(anchor);
  end.setUTCFullYear(end.getUTCFullYear() + rule.years);
  return end;
}

/** Shortest period any profile may set (RetentionRuleSchema): accounts closed more recently cannot be due. */
export const SHORTEST_RETENTION_YEARS = 1;
