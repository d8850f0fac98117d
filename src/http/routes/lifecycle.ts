import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RedressInputSchema } from '../../domain/redress/schema.ts';
import type { Services } from '../../services/index.ts';
import type { RedressRecord, ReverificationRecord } from '../../storage/port.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import { IdempotencyHeadersSchema, IdParamsSchema, isoDate, PurposeHeadersSchema } from '../schemas.ts';

const RedressSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  accountId: z.uuid(),
  status: z.enum(['open', 'resolved']),
  statement: z.string(),
  evidence: z.array(z.record(z.string(), z.unknown())),
  createdAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  resolutionDecisionId: z.uuid().nullable().describe('The reviewer decision that answered the request.'),
});

const READ_NOTE =
  'The statement and evidence are the customer’s own words: masked for roles without personal-data rights, ' +
  'and every read is audited with the ids read and the purpose stated in `X-Gatehouse-Purpose`. ' +
  'Once the party’s retention has ended they read `[deleted at the end of retention]` (evidence: none).';

const ReverificationSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  status: z.enum(['due', 'done']),
  dueAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});

const presentRedress = (r: RedressRecord): z.infer<typeof RedressSchema> => ({
  id: r.id,
  applicationId: r.applicationId,
  accountId: r.accountId,
  status: r.status,
  statement: r.statement,
  evidence: r.evidence,
  createdAt: r.createdAt.toISOString(),
  resolvedAt: isoDate(r.resolvedAt),
  resolutionDecisionId: r.resolutionDecisionId,
});

const presentReverification = (r: ReverificationRecord): z.infer<typeof ReverificationSchema> => ({
  id: r.id,
  accountId: r.accountId,
  status: r.status,
  dueAt: r.dueAt.toISOString(),
  completedAt: isoDate(r.completedAt),
});

export function registerLifecycleRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearerAuth: [] }];
  r.post(
    '/v1/applications/:id/redress',
    {
      schema: {
        tags: ['applications'],
        summary: 'The customer contests the decision and submits more evidence; a reviewer answers it.',
        description:
          'Allowed while the account is denied, restricted or pending. The next reviewer decision on the account resolves the request. Corrected identity data is a new application with the same `account.externalId`.',
        security,
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: RedressInputSchema,
        response: { 201: RedressSchema },
      },
    },
    (request, reply) =>
      replyCreated(services, request, reply, async () =>
        presentRedress(await services.redress.submit(actorOf(request), request.params.id, request.body)),
      ),
  );
  r.get(
    '/v1/redress',
    {
      schema: {
        tags: ['applications'],
        summary: 'Redress requests, oldest first (the review queue when `status=open`). The read is audited.',
        description: READ_NOTE,
        security,
        querystring: z.strictObject({ status: z.enum(['open', 'resolved']).optional() }),
        headers: PurposeHeadersSchema,
        response: { 200: z.object({ items: z.array(RedressSchema) }) },
      },
    },
    async (request) => ({
      items: (
        await services.redress.list(
          actorOf(request),
          request.query.status,
          request.headers['x-gatehouse-purpose'],
        )
      ).map(presentRedress),
    }),
  );
  r.get(
    '/v1/redress/:id',
    {
      schema: {
        tags: ['applications'],
        summary: 'One redress request. The read is audited.',
        description: READ_NOTE,
        security,
        params: IdParamsSchema,
        headers: PurposeHeadersSchema,
        response: { 200: RedressSchema },
      },
    },
    async (request) =>
      presentRedress(
        await services.redress.get(
          actorOf(request),
          request.params.id,
          request.headers['x-gatehouse-purpose'],
        ),
      ),
  );
  r.get(
    '/v1/reverifications',
    {
      schema: {
        tags: ['applications'],
        summary: 'Periodic re-verifications raised when an approval’s profile interval ran out.',
        security,
        querystring: z.strictObject({ status: z.enum(['due', 'done']).optional() }),
        response: { 200: z.object({ items: z.array(ReverificationSchema) }) },
      },
    },
    async (request) => ({
      items: (await services.reverifications.list(actorOf(request), request.query.status)).map(
        presentReverification,
      ),
    }),
  );
}
