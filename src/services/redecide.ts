/**
 * Deciding an account again when what the rules know changed: a verification passed, a screening hit
 * was raised or reviewed. Only decisions the rules made are revisited; a reviewer's decision stands
 * until a reviewer changes it, and a closed account stays closed.
 */
import { decideApplication, type Requirement, type ScreeningFinding } from '../domain/decisions/decide.ts';
import type { Determination } from '../domain/determination/result.ts';
import { verificationProgress } from '../domain/profiles/requirements.ts';
import type { VerificationMethod } from '../domain/profiles/settings.ts';
import type { MeasureHit } from '../domain/special-measures/evaluate.ts';
import type { AccountRecord, DecisionRecord } from '../storage/port.ts';
import type { Actor, ServiceDeps } from './context.ts';
import type { DecisionLog } from './decision-log.ts';
import type { ProfileService } from './profiles.ts';

/** The screening findings that stand against an account (its customer's and owners' hits). */
export type FindingsOfAccount = (tenantId: string, account: AccountRecord) => Promise<ScreeningFinding[]>;

export class Redecider {
  private findingsOf: FindingsOfAccount = async () => [];

  constructor(
    private readonly deps: ServiceDeps,
    private readonly profiles: ProfileService,
    private readonly decisions: DecisionLog,
  ) {}

  /** Wired after construction: screening needs the redecider, and the redecider its findings. */
  useScreeningFindings(findingsOf: FindingsOfAccount): void {
    this.findingsOf = findingsOf;
  }

  async redecide(actor: Actor, applicationId: string): Promise<DecisionRecord | null> {
    const { store } = this.deps;
    const application = await store.accounts.getApplication(actor.tenantId, applicationId);
    const account = application && (await store.accounts.get(actor.tenantId, application.accountId));
    if (application === undefined || account === undefined || account.status === 'closed') return null;
    const latest = (await store.accounts.listDecisions(actor.tenantId, applicationId))[0];
    if (latest !== undefined && latest.actorType !== 'system') return null;
    const profile = await this.profiles.resolveProfile(
      actor.tenantId,
      application.profileId,
      application.profileVersion,
    );
    const checks = await store.accounts.listChecks(actor.tenantId, applicationId);
    const passed = [
      ...new Set(checks.filter((c) => c.status === 'passed').map((c) => c.method as VerificationMethod)),
    ];
    const requirements = application.requirements as Requirement[];
    const outcome = decideApplication({
      profile,
      determination: application.determination as Determination,
      measureHits: application.measureHits as MeasureHit[],
      missingFields: requirements.flatMap((r) => (r.kind === 'field' ? [r.path] : [])),
      verification: verificationProgress(profile, passed),
      screening: await this.findingsOf(actor.tenantId, account),
    });
    if (outcome.status === account.status && outcome.rule === latest?.rule) return null;
    const decision: DecisionRecord = {
      id: this.deps.newId(),
      tenantId: actor.tenantId,
      applicationId,
      accountId: account.id,
      status: outcome.status,
      rule: outcome.rule,
      reasons: outcome.reasons,
      limits: outcome.limits === null ? null : { ...outcome.limits, conditions: outcome.conditions },
      profileId: profile.id,
      profileVersion: profile.version,
      actorType: 'system',
      actorId: 'rules',
      createdAt: this.deps.now(),
    };
    await this.decisions.record(actor, decision);
    return decision;
  }

  /** The account's latest application, decided again (used when a party's screening changed). */
  async redecideAccount(actor: Actor, account: AccountRecord): Promise<DecisionRecord | null> {
    const latest = await this.deps.store.accounts.latestApplicationOf(actor.tenantId, account.id);
    return latest === undefined ? null : this.redecide(actor, latest.id);
  }
}
