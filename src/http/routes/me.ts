import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../auth.ts';
import { presentTenant, TenantSchema } from '../presenters.ts';

export function registerMeRoutes(app: FastifyInstance, services: Services): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/me',
    {
      schema: {
        tags: ['access'],
        summary: 'Who the calling key is: its tenant and role.',
        security: [{ bearerAuth: [] }],
        response: {
          200: z.object({ tenant: TenantSchema, key: z.object({ id: z.uuid(), role: z.enum(ROLES) }) }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const tenant = await services.tenants.describeSelf(actor);
      return { tenant: presentTenant(tenant), key: { id: actor.id, role: actor.role } };
    },
  );
}
