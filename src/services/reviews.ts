import { checkTransition, needsSecondReviewer, type ReviewStatus } from '../domain/decisions/review.ts';
import { AppError } from '../errors.ts';
import type { ApplicationRecord, DecisionProposalRecord, DecisionRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import type { DecisionLog } from './decision-log.ts';
import { emitEvent } from './events.ts';

export interface ReviewInput {
  status: ReviewStatus;
  reason: string;
}

/** A proposal ended without a decision. */
export type ClosedProposal = DecisionProposalRecord & {
  outcome: 'withdrawn' | 'declined';
  resolvedBy: string;
  resolvedAt: Date;
  resolutionReason: string;
};

export type ReviewResult =
  | { state: 'decided'; decision: DecisionRecord }
  | { state: 'awaiting_second_approval'; proposal: DecisionProposalRecord };

/** A reviewer's decision on an application; high-risk cases need a second, different reviewer. */
export class ReviewService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly decisions: DecisionLog,
  ) {}

  /** Runs `work` on the application in one transaction, holding the case's review lock. */
  private underReview<T>(
    actor: Actor,
    applicationId: string,
    work: (application: ApplicationRecord) => Promise<T>,
  ): Promise<T> {
    requirePermission(actor, 'decisions:write');
    const { store } = this.deps;
    return store.transaction(async () => {
      await store.lockForTransaction(`gatehouse:review:${applicationId}`);
      const application = await store.accounts.getApplication(actor.tenantId, applicationId);
      if (application === undefined)
        throw new AppError('APPLICATION_NOT_FOUND', 'No such application.', { field: 'path.id' });
      return work(application);
    });
  }

  async decide(actor: Actor, applicationId: string, input: ReviewInput): Promise<ReviewResult> {
    const { store } = this.deps;
    return this.underReview(actor, applicationId, async (application) => {
      const account = await store.accounts.get(actor.tenantId, application.accountId);
      if (account === undefined)
        throw new AppError('APPLICATION_NOT_FOUND', 'The application’s account is missing.');
      const transition = checkTransition(account.status, input.status);
      if (!transition.ok)
        throw new AppError('INVALID_TRANSITION', transition.message, { field: 'body.status' });
      const me = `${actor.type}:${actor.id}`;
      const hits = Array.isArray(application.measureHits) ? application.measureHits.length : 0;
      const reasons = [{ code: 'review.manual', message: input.reason }];
      // An open proposal binds the case: the next decision confirms it (another reviewer) or conflicts.
      const open = await store.accounts.openProposal(actor.tenantId, applicationId);
      if (open !== undefined) {
        if (open.status !== input.status) {
          throw new AppError(
            'PROPOSAL_CONFLICT',
            `A reviewer proposed '${open.status}' and awaits a second reviewer; agree or leave it.`,
            {
              field: 'body.status',
            },
          );
        }
        if (open.proposedBy === me) {
          throw new AppError(
            'SECOND_REVIEWER_REQUIRED',
            'A high-risk decision needs a second, different reviewer.',
          );
        }
        const at = this.deps.now();
        await store.accounts.resolveProposal(actor.tenantId, open.id, {
          at,
          outcome: 'confirmed',
          by: me,
          reason: null,
        });
        reasons.unshift({ code: 'review.first_reviewer', message: `${open.proposedBy}: ${open.reason}` });
      } else if (needsSecondReviewer(account.status, input.status, hits)) {
        const proposal: DecisionProposalRecord = {
          id: this.deps.newId(),
          tenantId: actor.tenantId,
          applicationId,
          status: input.status,
          reason: input.reason,
          proposedBy: me,
          createdAt: this.deps.now(),
          resolvedAt: null,
          outcome: null,
          resolvedBy: null,
          resolutionReason: null,
        };
        await store.accounts.insertProposal(proposal);
        await recordAudit(
          this.deps,
          actor,
          'decision.proposed',
          { type: 'application', id: applicationId },
          { status: input.status },
        );
        await emitEvent(
          this.deps,
          actor.tenantId,
          'decision.awaiting_second_approval',
          { type: 'application', id: applicationId },
          { accountId: account.id, proposalId: proposal.id, status: input.status },
        );
        return { state: 'awaiting_second_approval', proposal };
      }
      const decision: DecisionRecord = {
        id: this.deps.newId(),
        tenantId: actor.tenantId,
        applicationId,
        accountId: account.id,
        status: input.status,
        rule: reasons.length > 1 ? 'review.four_eyes' : 'review.manual',
        reasons,
        limits: null,
        profileId: application.profileId,
        profileVersion: application.profileVersion,
        actorType: actor.type,
        actorId: actor.id,
        createdAt: this.deps.now(),
      };
      await this.decisions.record(actor, decision);
      return { state: 'decided', decision };
    });
  }

  /**
   * Ends the case's open four-eyes proposal without a decision: its proposer withdraws it, or another
   * reviewer declines it (they disagree). The case is then open to any reviewer's decision again, which
   * needs four eyes as before if it is high-risk. Without this, a proposal nobody agreed with held the
   * case for good (a different status conflicts with it, and its proposer cannot confirm it).
   */
  async withdrawProposal(actor: Actor, applicationId: string, reason: string): Promise<ClosedProposal> {
    const { store } = this.deps;
    return this.underReview(actor, applicationId, async (application) => {
      const open = await store.accounts.openProposal(actor.tenantId, applicationId);
      if (open === undefined)
        throw new AppError(
          'PROPOSAL_NOT_FOUND',
          'This application has no proposal awaiting a second reviewer.',
          {
            field: 'path.id',
          },
        );
      const me = `${actor.type}:${actor.id}`;
      const resolution = {
        at: this.deps.now(),
        outcome: open.proposedBy === me ? ('withdrawn' as const) : ('declined' as const),
        by: me,
        reason,
      };
      await store.accounts.resolveProposal(actor.tenantId, open.id, resolution);
      const target = { type: 'application', id: applicationId };
      await recordAudit(this.deps, actor, `decision.proposal_${resolution.outcome}`, target, {
        proposalId: open.id,
        status: open.status,
      });
      await emitEvent(this.deps, actor.tenantId, 'decision.proposal_withdrawn', target, {
        accountId: application.accountId,
        proposalId: open.id,
        status: open.status,
        outcome: resolution.outcome,
      });
      return {
        ...open,
        resolvedAt: resolution.at,
        outcome: resolution.outcome,
        resolvedBy: me,
        resolutionReason: reason,
      };
    });
  }
}
