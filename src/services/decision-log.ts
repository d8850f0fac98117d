/**
 * The one way a decision is recorded, whoever makes it (the rules at application time, a verification
 * that completes, a reviewer): the decision row, the account's status, the re-verification date an
 * approval starts under the profile, the redress it answers, the audit record and the event, all in
 * the caller's transaction.
 */
import type { DecisionRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import type { Actor, ServiceDeps } from './context.ts';
import { emitEvent } from './events.ts';
import { recordLedgerEntry } from './ledger.ts';
import type { ProfileService } from './profiles.ts';

const DAY_MS = 86_400_000;

export class DecisionLog {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly profiles: ProfileService,
  ) {}

  async record(
    actor: Actor,
    decision: DecisionRecord,
    options: { statusAlreadySet?: boolean } = {},
  ): Promise<void> {
    const { store } = this.deps;
    await store.accounts.insertDecision(decision);
    await recordLedgerEntry(this.deps, decision.tenantId, 'decision', decision.id);
    if (options.statusAlreadySet !== true)
      await store.accounts.setStatus(
        decision.tenantId,
        decision.accountId,
        decision.status,
        decision.createdAt,
      );
    await this.scheduleReverification(decision);
    if (decision.actorType !== 'system') {
      await store.lifecycle.resolveRedressOfAccount(
        decision.tenantId,
        decision.accountId,
        decision.id,
        decision.createdAt,
      );
    }
    const target = { type: 'application', id: decision.applicationId };
    await recordAudit(this.deps, actor, 'decision.made', target, {
      status: decision.status,
      rule: decision.rule,
    });
    await emitEvent(this.deps, decision.tenantId, 'decision.made', target, {
      accountId: decision.accountId,
      decisionId: decision.id,
      status: decision.status,
      rule: decision.rule,
      // Codes only: a message may name the customer's data (a measure's matched name, a reviewer's
      // words); a receiver reads it through the API, where the read is authorised and audited.
      reasons: (decision.reasons as ReadonlyArray<{ code: string }>).map((r) => ({ code: r.code })),
      profile: `${decision.profileId}@${decision.profileVersion}`,
    });
  }

  /**
   * An approval (re)starts the profile's re-verification clock and completes any re-verification that
   * was due; any other status stops the clock until the account is approved again.
   */
  private async scheduleReverification(decision: DecisionRecord): Promise<void> {
    const { store } = this.deps;
    if (decision.status !== 'approved') {
      await store.lifecycle.setReverifyDue(decision.tenantId, decision.accountId, null);
      return;
    }
    const profile = await this.profiles.resolveProfile(
      decision.tenantId,
      decision.profileId,
      decision.profileVersion,
    );
    const days = profile.reverification.intervalDays;
    await store.lifecycle.completeReverifications(decision.tenantId, decision.accountId, decision.createdAt);
    const due = days === null ? null : new Date(decision.createdAt.getTime() + days * DAY_MS);
    await store.lifecycle.setReverifyDue(decision.tenantId, decision.accountId, due);
  }
}
