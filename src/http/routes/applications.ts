import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApplicationInputSchema } from '../../domain/applications/input.ts';
import { REVIEW_STATUSES } from '../../domain/decisions/review.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import {
  ApplicationDetailSchema,
  ApplicationSchema,
  DecisionSchema,
  PartySchema,
  PendingProposalSchema,
  presentApplication,
  presentDecision,
  presentParty,
  presentPendingProposal,
  presentSubmitted,
} from '../presenters-cip.ts';
import { IdempotencyHeadersSchema, IdParamsSchema, PurposeHeadersSchema } from '../schemas.ts';

export function registerApplicationRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearerAuth: [] }];
  r.post(
    '/v1/applications',
    {
      schema: {
        tags: ['applications'],
        summary:
          'Submit an application (individual or entity): validated, determined, screened against special measures and decided.',
        description:
          'Every identifier is validated; any invalid one refuses the whole application with 422 APPLICATION_INVALID ' +
          'and `errors: [{ path, code }]`. The response carries the foreign-person determination with its signals, ' +
          'the decision with its rule and reasons, and the requirements still open.',
        security,
        headers: IdempotencyHeadersSchema,
        body: ApplicationInputSchema,
        response: { 201: ApplicationSchema },
      },
    },
    (request, reply) =>
      replyCreated(services, request, reply, async () =>
        presentSubmitted(await services.applications.submitApplication(actorOf(request), request.body)),
      ),
  );
  r.get(
    '/v1/applications/:id',
    {
      schema: {
        tags: ['applications'],
        summary:
          'One application with its determination, every decision (newest first) and any decision awaiting a second reviewer.',
        description:
          'The determination, measure hits and decisions quote personal data (IP addresses, matched names, ' +
          'reviewers’ words): masked for roles without personal-data rights. The read is audited ' +
          '(`application.read`) with the purpose stated in `X-Gatehouse-Purpose`.',
        security,
        params: IdParamsSchema,
        headers: PurposeHeadersSchema,
        response: {
          200: ApplicationDetailSchema.extend({ pendingProposal: PendingProposalSchema.nullable() }),
        },
      },
    },
    async (request) => {
      const view = await services.personalData.getApplication(
        actorOf(request),
        request.params.id,
        request.headers['x-gatehouse-purpose'],
      );
      return { ...presentApplication(view), pendingProposal: presentPendingProposal(view.pendingProposal) };
    },
  );
  r.get(
    '/v1/parties/:id',
    {
      schema: {
        tags: ['applications'],
        summary:
          'A party: its current version and its history (versions are never overwritten). The read is audited.',
        description:
          'Roles with personal-data rights get the data decrypted; state why in `X-Gatehouse-Purpose` (kept in ' +
          'the audit record with who read what and when; auditors review it at `GET /v1/audit-events`). ' +
          'Other roles get it masked. A party deleted at the end of its retention answers 410 `PARTY_SHREDDED`.',
        security,
        params: IdParamsSchema,
        headers: PurposeHeadersSchema,
        response: { 200: PartySchema.extend({ masked: z.boolean() }) },
      },
    },
    async (request) => {
      // Masked for roles without personal-data rights and for console users (services/personal-data.ts).
      const view = await services.personalData.getParty(
        actorOf(request),
        request.params.id,
        request.headers['x-gatehouse-purpose'],
      );
      return { ...presentParty(view), masked: view.masked };
    },
  );
  r.post(
    '/v1/applications/:id/decision',
    {
      schema: {
        tags: ['applications'],
        summary:
          'A reviewer decides (reviewer, admin). High-risk cases need a second, different reviewer who agrees.',
        description:
          'High-risk: a special measure applies, or the account is denied (approving it is redress). For those, ' +
          'approve or deny answers 202 `awaiting_second_approval` until a second reviewer sends the same status.',
        security,
        params: IdParamsSchema,
        body: z.strictObject({
          status: z.enum(REVIEW_STATUSES),
          reason: z.string().trim().min(1).max(2000).describe('Why; shown in the decision history.'),
        }),
        response: {
          201: z.object({ state: z.literal('decided'), decision: DecisionSchema }),
          202: z.object({
            state: z.literal('awaiting_second_approval'),
            proposal: z.object({
              id: z.uuid(),
              status: z.enum(REVIEW_STATUSES),
              proposedBy: z.string(),
              proposedAt: z.iso.datetime(),
            }),
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await services.reviews.decide(actorOf(request), request.params.id, request.body);
      if (result.state === 'decided') {
        return reply
          .status(201)
          .send({ state: 'decided' as const, decision: presentDecision(result.decision) });
      }
      const p = result.proposal;
      return reply.status(202).send({
        state: 'awaiting_second_approval' as const,
        proposal: {
          id: p.id,
          status: p.status,
          proposedBy: p.proposedBy,
          proposedAt: p.createdAt.toISOString(),
        },
      });
    },
  );
  r.post(
    '/v1/applications/:id/proposal/withdraw',
    {
      schema: {
        tags: ['applications'],
        summary:
          'End the proposal awaiting a second reviewer without deciding: its proposer withdraws it, another reviewer declines it.',
        description:
          'For a reviewer who disagrees with a four-eyes proposal (sending another status answers 409 ' +
          '`PROPOSAL_CONFLICT`), or a proposer who changed their mind. The case is then open to a new decision, ' +
          'which needs four eyes again if it is high-risk. Audited, and a `decision.proposal_withdrawn` event is ' +
          'emitted. 404 `PROPOSAL_NOT_FOUND` when nothing awaits a second reviewer.',
        security,
        params: IdParamsSchema,
        body: z.strictObject({
          reason: z.string().trim().min(1).max(2000).describe('Why; kept with the proposal.'),
        }),
        response: { 200: ClosedProposalSchema },
      },
    },
    async (request) => {
      const p = await services.reviews.withdrawProposal(
        actorOf(request),
        request.params.id,
        request.body.reason,
      );
      return {
        id: p.id,
        status: p.status,
        proposedBy: p.proposedBy,
        proposedAt: p.createdAt.toISOString(),
        outcome: p.outcome,
        resolvedBy: p.resolvedBy,
        resolvedAt: p.resolvedAt.toISOString(),
        reason: p.resolutionReason,
      };
    },
  );
}

const ClosedProposalSchema = z.object({
  id: z.uuid(),
  status: z.enum(REVIEW_STATUSES).describe('The status that was proposed.'),
  proposedBy: z.string(),
  proposedAt: z.iso.datetime(),
  outcome: z
    .enum(['withdrawn', 'declined'])
    .describe('withdrawn by its proposer, declined by another reviewer'),
  resolvedBy: z.string(),
  resolvedAt: z.iso.datetime(),
  reason: z.string(),
});
