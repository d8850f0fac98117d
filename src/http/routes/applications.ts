import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApplicationInputSchema } from '../../domain/applications/input.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import {
  ApplicationDetailSchema,
  ApplicationSchema,
  PartySchema,
  presentApplication,
  presentParty,
  presentSubmitted,
} from '../presenters-cip.ts';
import { IdempotencyHeadersSchema, IdParamsSchema } from '../schemas.ts';

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
        summary: 'One application with its determination and every decision, newest first.',
        security,
        params: IdParamsSchema,
        response: { 200: ApplicationDetailSchema },
      },
    },
    async (request) =>
      presentApplication(
        await services.applicationRecords.getApplication(actorOf(request), request.params.id),
      ),
  );
  r.get(
    '/v1/parties/:id',
    {
      schema: {
        tags: ['applications'],
        summary:
          'A party: its current version and its history (versions are never overwritten). The read is audited.',
        security,
        params: IdParamsSchema,
        response: { 200: PartySchema },
      },
    },
    async (request) =>
      presentParty(await services.applicationRecords.getParty(actorOf(request), request.params.id)),
  );
}
