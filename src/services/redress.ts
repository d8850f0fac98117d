/** Redress requests: submitted for an application's account, answered by a reviewer's next decision. */
import { canRequestRedress, type RedressInput } from '../domain/redress/schema.ts';
import { AppError } from '../errors.ts';
import type { RedressRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { emitEvent } from './events.ts';
import { maskRedressForRole, readPurpose } from './personal-data.ts';

export class RedressService {
  constructor(private readonly deps: ServiceDeps) {}

  async submit(actor: Actor, applicationId: string, input: RedressInput): Promise<RedressRecord> {
    requirePermission(actor, 'applications:write');
    const { store } = this.deps;
    return store.transaction(async () => {
      const application = await store.accounts.getApplication(actor.tenantId, applicationId);
      if (application === undefined)
        throw new AppError('APPLICATION_NOT_FOUND', 'No such application.', { field: 'path.id' });
      await store.lockForTransaction(`gatehouse:review:${applicationId}`);
      const account = await store.accounts.get(actor.tenantId, application.accountId);
      if (account === undefined || !canRequestRedress(account.status)) {
        throw new AppError(
          'REDRESS_NOT_ALLOWED',
          `An account that is ${account?.status ?? 'missing'} has no decision to contest.`,
        );
      }
      const redress: RedressRecord = {
        id: this.deps.newId(),
        tenantId: actor.tenantId,
        applicationId,
        accountId: account.id,
        status: 'open',
        statement: input.statement,
        evidence: input.evidence,
        partyVersion: application.partyVersion,
        createdAt: this.deps.now(),
        createdBy: `${actor.type}:${actor.id}`,
        resolvedAt: null,
        resolutionDecisionId: null,
      };
      await store.lifecycle.insertRedress(redress);
      const target = { type: 'redress', id: redress.id };
      await recordAudit(this.deps, actor, 'redress.submitted', target, {
        applicationId,
        evidence: input.evidence.length,
      });
      await emitEvent(this.deps, actor.tenantId, 'redress.submitted', target, {
        applicationId,
        accountId: account.id,
        accountStatus: account.status,
        evidence: input.evidence.map((e) => e.type),
      });
      return redress;
    });
  }

  /** The customer's words: the read is audited (who, which request, masked or not, why), as for parties. */
  async get(actor: Actor, id: string, purpose?: string): Promise<RedressRecord> {
    requirePermission(actor, 'applications:read');
    const read = await readPurpose(this.deps, actor, purpose);
    const redress = await this.deps.store.lifecycle.getRedress(actor.tenantId, id);
    if (redress === undefined)
      throw new AppError('REDRESS_NOT_FOUND', 'No such redress request.', { field: 'path.id' });
    await recordAudit(
      this.deps,
      actor,
      'redress.read',
      { type: 'redress', id },
      { applicationId: redress.applicationId, ...read },
    );
    return maskRedressForRole(actor, redress);
  }

  async list(
    actor: Actor,
    status: RedressRecord['status'] | undefined,
    purpose?: string,
  ): Promise<RedressRecord[]> {
    requirePermission(actor, 'applications:read');
    const read = await readPurpose(this.deps, actor, purpose);
    const found = await this.deps.store.lifecycle.listRedress(actor.tenantId, status);
    await recordAudit(
      this.deps,
      actor,
      'redress.listed',
      { type: 'redress', id: 'list' },
      { status: status ?? null, requests: found.map((r) => r.id), ...read },
    );
    return found.map((r) => maskRedressForRole(actor, r));
  }
}
