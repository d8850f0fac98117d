import { checkTransition, needsSecondReviewer, type ReviewStatus } from '../domain/decisions/review.ts';
import { AppError } from '../errors.ts';
import type { DecisionProposalRecord, DecisionRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import type { DecisionLog } from './decision-log.ts';
import { emitEvent } from './events.ts';

export interface ReviewInput {
  status: ReviewStatus;
  reason: string;
}

export type ReviewResult =
  | { state: 'decided'; decision: DecisionRecord }
  | { state: 'awaiting_second_approval'; proposal: DecisionProposalRecord };

/** A reviewer's decision on an application; high-risk cases need a second, different reviewer. */
export class ReviewService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly decisions: DecisionLog,
  ) {}

  async decide(actor: Actor, applicationId: string, input: ReviewInput): Promise<ReviewResult> {
    requirePermission(actor, 'decisions:write');
    const { store } = this.deps;
    return store.transaction(async () => {
      await store.lockForTransaction(`gatehouse:review:${applicationId}`);
      const application = await store.accounts.getApplication(actor.tenantId, applicationId);
      if (application === undefined)
        throw new AppError('APPLICATION_NOT_FOUND', 'No such application.', { field: 'path.id' });
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
        await store.accounts.resolveProposal(actor.tenantId, open.id, this.deps.now());
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
}
