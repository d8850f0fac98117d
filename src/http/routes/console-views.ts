/** The reviewer console's read models: the application review queue and the dashboard figures. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../auth.ts';
import { IdParamsSchema, PurposeHeadersSchema } from '../schemas.ts';

const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];

const ReviewQueueItemSchema = z.object({
  applicationId: z.uuid(),
  accountId: z.uuid(),
  partyId: z.uuid(),
  accountStatus: z.string(),
  treatedAs: z.string().nullable(),
  rule: z.string().nullable(),
  partyData: z.record(z.string(), z.unknown()).describe('Masked as for `GET /v1/parties/{id}`.'),
  openHits: z.number().int(),
  awaitingSecondApproval: z.boolean(),
  assignedTo: z.object({ userId: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
});

const StatsSchema = z.object({
  perDay: z.array(z.object({ day: z.string(), outcome: z.string(), count: z.number().int() })),
  byCountry: z.array(
    z.object({ treatedAs: z.string(), country: z.string().nullable(), count: z.number().int() }),
  ),
  hitsByList: z.array(z.object({ source: z.string(), status: z.string(), count: z.number().int() })),
  pendingAccounts: z.number().int(),
  restrictedAccounts: z.number().int(),
  unverifiedForeignAccounts: z
    .number()
    .int()
    .describe(
      'Pending or restricted accounts of foreign persons: the figure the annual certification asks for.',
    ),
  averageHoursToReviewDecision: z.number().nullable(),
});

export function registerConsoleViewRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/review-queue',
    {
      schema: {
        tags: ['console'],
        summary:
          'Applications awaiting review: the latest application of each account that is pending or restricted, ' +
          'has an open screening hit, or has a decision awaiting its second approval.',
        description:
          'Each item carries its party’s data: masked for console users and roles without personal-data ' +
          'rights. The read is audited (`review_queue.listed`, with the parties listed) with the purpose ' +
          'stated in `X-Gatehouse-Purpose`.',
        security,
        headers: PurposeHeadersSchema,
        response: { 200: z.object({ items: z.array(ReviewQueueItemSchema) }) },
      },
    },
    async (request) => {
      const items = await services.consoleQueries.reviewQueue(
        actorOf(request),
        request.headers['x-gatehouse-purpose'],
      );
      return { items: items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })) };
    },
  );
  r.post(
    '/v1/review-queue/:id/assign',
    {
      schema: {
        tags: ['console'],
        summary: 'Assign an application to the signed-in console user (“assign to me”; audited).',
        security: [{ sessionCookie: [] }],
        params: IdParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await services.consoleQueries.assignToMe(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/v1/dashboard',
    {
      schema: {
        tags: ['console'],
        summary:
          'Dashboard figures: applications per day by outcome (30 days), foreign share, backlog, hit rates.',
        security,
        response: { 200: StatsSchema },
      },
    },
    async (request) => services.consoleQueries.stats(actorOf(request)),
  );
}
