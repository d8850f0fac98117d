import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../auth.ts';
import { AuditEventSchema, presentAuditEvent } from '../presenters.ts';
import { pageRequestFrom, PageQuerySchema, pageSchema } from '../schemas.ts';

const AuditQuerySchema = PageQuerySchema.extend({
  action: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Only events of this action, e.g. `api_key.created`.'),
  from: z.iso.datetime({ offset: true }).optional().describe('Events at or after this time.'),
  to: z.iso.datetime({ offset: true }).optional().describe('Events before this time.'),
});

export function registerAuditRoutes(app: FastifyInstance, services: Services): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'The calling tenant’s audit log, newest first (auditor, admin).',
        security: [{ bearerAuth: [] }],
        querystring: AuditQuerySchema,
        response: { 200: pageSchema(AuditEventSchema) },
      },
    },
    async (request) => {
      const { action, from, to } = request.query;
      const page = await services.audit.listEvents(
        actorOf(request),
        {
          action,
          from: from === undefined ? undefined : new Date(from),
          to: to === undefined ? undefined : new Date(to),
        },
        pageRequestFrom(request.query),
      );
      return { items: page.items.map(presentAuditEvent), nextCursor: page.nextCursor };
    },
  );
}
