/**
 * Email and phone possession checks with one-time codes, and the re-decision they trigger: when a
 * confirmed code completes the profile's verification, a pending account is decided again.
 */
import {
  CODE_TTL_MS,
  codeMatches,
  hashCode,
  maskDestination,
  MAX_CODE_ATTEMPTS,
  mintCode,
} from '../domain/decisions/one-time-code.ts';
import { maskIdentifiersDeep } from '../domain/access/masking.ts';
import { AppError } from '../errors.ts';
import type { DecisionRecord, VerificationCheckRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { emitEvent } from './events.ts';
import { readPurpose } from './personal-data.ts';
import { recordLedgerEntry } from './ledger.ts';
import type { Redecider } from './redecide.ts';

/** Delivers a one-time code; the default writes to the server log, a real one calls an email/SMS API. */
export interface CodeSender {
  send(message: { channel: 'email' | 'phone'; destination: string; code: string }): Promise<void>;
}

export type PossessionMethod = 'email_possession' | 'phone_possession';

export interface ConfirmResult {
  check: VerificationCheckRecord;
  /** The new decision when the confirmation changed the account's status. */
  decision: DecisionRecord | null;
}

export class VerificationService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly sender: CodeSender,
    private readonly redecider: Redecider,
  ) {}

  async startPossessionCheck(
    actor: Actor,
    applicationId: string,
    method: PossessionMethod,
    index: number,
  ): Promise<VerificationCheckRecord> {
    requirePermission(actor, 'applications:write');
    const { store } = this.deps;
    const application = await store.accounts.getApplication(actor.tenantId, applicationId);
    if (application === undefined)
      throw new AppError('APPLICATION_NOT_FOUND', 'No such application.', { field: 'path.id' });
    const version = (await store.parties.listVersions(actor.tenantId, application.partyId)).find(
      (v) => v.version === application.partyVersion,
    );
    const channel = method === 'email_possession' ? 'email' : 'phone';
    const destination = destinationOf(version?.data, channel, index);
    if (destination === undefined) {
      throw new AppError('VALIDATION_FAILED', `The application has no ${channel} at index ${index}.`, {
        field: 'body.index',
      });
    }
    const id = this.deps.newId();
    const code = mintCode(this.deps.randomBytes);
    const now = this.deps.now();
    const check: VerificationCheckRecord = {
      id,
      tenantId: actor.tenantId,
      applicationId,
      method,
      status: 'pending',
      destinationMasked: maskDestination(channel, destination),
      codeHash: hashCode(id, code),
      attempts: 0,
      expiresAt: new Date(now.getTime() + CODE_TTL_MS),
      evidence: { channel, index },
      actor: `${actor.type}:${actor.id}`,
      createdAt: now,
      completedAt: null,
    };
    await store.transaction(async () => {
      await store.accounts.insertCheck(check);
      await recordLedgerEntry(this.deps, actor.tenantId, 'verification_check', id);
      await recordAudit(
        this.deps,
        actor,
        'verification.started',
        { type: 'verification', id },
        { method, applicationId },
      );
    });
    await this.sender.send({ channel, destination, code });
    return check;
  }

  async confirmCode(actor: Actor, checkId: string, code: string): Promise<ConfirmResult> {
    requirePermission(actor, 'applications:write');
    const { store } = this.deps;
    // The attempt is committed before a wrong code is reported, so retries cannot reset the count.
    const outcome = await store.transaction(async () => {
      await store.lockForTransaction(`gatehouse:verification:${checkId}`);
      const check = await store.accounts.getCheck(actor.tenantId, checkId);
      if (check === undefined)
        throw new AppError('VERIFICATION_NOT_FOUND', 'No such verification.', { field: 'path.id' });
      const now = this.deps.now();
      if (check.status !== 'pending')
        throw new AppError('VERIFICATION_CLOSED', `This verification is already ${check.status}.`);
      if (check.expiresAt !== null && check.expiresAt <= now) {
        await store.accounts.updateCheck(actor.tenantId, checkId, {
          attempts: check.attempts,
          status: 'failed',
          completedAt: now,
        });
        await recordLedgerEntry(this.deps, actor.tenantId, 'verification_check', checkId, 'updated');
        return { kind: 'expired' as const };
      }
      const attempts = check.attempts + 1;
      if (!codeMatches(checkId, code, check.codeHash ?? '')) {
        const status = attempts >= MAX_CODE_ATTEMPTS ? 'failed' : 'pending';
        await store.accounts.updateCheck(actor.tenantId, checkId, {
          attempts,
          status,
          completedAt: status === 'failed' ? now : null,
        });
        await recordLedgerEntry(this.deps, actor.tenantId, 'verification_check', checkId, 'updated');
        await recordAudit(
          this.deps,
          actor,
          'verification.attempt_failed',
          { type: 'verification', id: checkId },
          { attempts },
        );
        return { kind: 'wrong' as const, left: MAX_CODE_ATTEMPTS - attempts };
      }
      await store.accounts.updateCheck(actor.tenantId, checkId, {
        attempts,
        status: 'passed',
        completedAt: now,
      });
      await recordLedgerEntry(this.deps, actor.tenantId, 'verification_check', checkId, 'updated');
      await recordAudit(
        this.deps,
        actor,
        'verification.passed',
        { type: 'verification', id: checkId },
        { method: check.method },
      );
      await emitEvent(
        this.deps,
        actor.tenantId,
        'verification.completed',
        { type: 'verification', id: checkId },
        { applicationId: check.applicationId, method: check.method, status: 'passed' },
      );
      const decision = await this.redecider.redecide(actor, check.applicationId);
      return {
        kind: 'passed' as const,
        check: { ...check, attempts, status: 'passed' as const, completedAt: now },
        decision,
      };
    });
    if (outcome.kind === 'expired')
      throw new AppError('VERIFICATION_CLOSED', 'The code has expired; start a new verification.');
    if (outcome.kind === 'wrong') {
      throw new AppError('VERIFICATION_CODE_INVALID', `The code is wrong; ${outcome.left} attempt(s) left.`, {
        field: 'body.code',
      });
    }
    return { check: outcome.check, decision: outcome.decision };
  }

  /**
   * An application's checks. A vendor's evidence may quote what it checked (a name, an address, a
   * document's fields), so it is personal data: masked for roles without personal-data rights, and every
   * read is audited (`verification.read`) with the purpose stated, which a tenant may require.
   */
  async listChecks(
    actor: Actor,
    applicationId: string,
    purpose?: string,
  ): Promise<VerificationCheckRecord[]> {
    requirePermission(actor, 'applications:read');
    const { store } = this.deps;
    const read = await readPurpose(this.deps, actor, purpose);
    const application = await store.accounts.getApplication(actor.tenantId, applicationId);
    if (application === undefined)
      throw new AppError('APPLICATION_NOT_FOUND', 'No such application.', { field: 'path.id' });
    const checks = await store.accounts.listChecks(actor.tenantId, applicationId);
    await recordAudit(
      this.deps,
      actor,
      'verification.read',
      { type: 'application', id: applicationId },
      { partyId: application.partyId, checks: checks.length, ...read },
    );
    if (!read.masked) return checks;
    return checks.map((check) => ({ ...check, evidence: maskIdentifiersDeep(check.evidence) }));
  }
}

function destinationOf(
  data: Record<string, unknown> | undefined,
  channel: 'email' | 'phone',
  index: number,
): string | undefined {
  const list = data?.[channel === 'email' ? 'emails' : 'phones'];
  if (!Array.isArray(list)) return undefined;
  const entry = list[index] as { address?: string; e164?: string } | undefined;
  return channel === 'email' ? entry?.address : entry?.e164;
}
