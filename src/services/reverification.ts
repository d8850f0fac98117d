/**
 * Periodic re-verification. An approval starts the profile's clock (see decision-log.ts); when it
 * runs out, the scheduler raises a due re-verification, emits an event, and the item waits in the
 * queue until a new approval (a fresh application for the account, or a reviewer) completes it.
 */
import type { ReverificationRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { emitEvent } from './events.ts';

export class ReverificationService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(
    actor: Actor,
    status: ReverificationRecord['status'] | undefined,
  ): Promise<ReverificationRecord[]> {
    requirePermission(actor, 'applications:read');
    return this.deps.store.lifecycle.listReverifications(actor.tenantId, status);
  }

  /** Scheduler job (every tenant): raises the re-verifications that have come due. */
  async raiseDue(limit = 500): Promise<{ raised: number }> {
    const { store } = this.deps;
    const now = this.deps.now();
    let raised = 0;
    for (const account of await store.lifecycle.accountsDueForReverificationUnscoped(now, limit)) {
      await store.transaction(async () => {
        const current = await store.accounts.get(account.tenantId, account.id);
        if (current === undefined || current.status !== 'approved') {
          await store.lifecycle.setReverifyDue(account.tenantId, account.id, null);
          return;
        }
        const record: ReverificationRecord = {
          id: this.deps.newId(),
          tenantId: account.tenantId,
          accountId: account.id,
          dueAt: now,
          status: 'due',
          createdAt: now,
          completedAt: null,
        };
        if (!(await store.lifecycle.raiseReverification(record))) return;
        raised += 1;
        const actor: Actor = {
          tenantId: account.tenantId,
          type: 'system',
          id: 'scheduler',
          role: 'admin',
          requestId: null,
        };
        const target = { type: 'account', id: account.id };
        await recordAudit(this.deps, actor, 'reverification.due', target, { reverificationId: record.id });
        await emitEvent(this.deps, account.tenantId, 'reverification.due', target, {
          accountId: account.id,
          externalId: account.externalId,
          reverificationId: record.id,
          profile: `${account.profileId}@${account.profileVersion}`,
        });
      });
    }
    return { raised };
  }
}
