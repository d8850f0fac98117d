import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import { ApiKeySchema, presentApiKey } from '../presenters.ts';
import {
  IdempotencyHeadersSchema,
  IdParamsSchema,
  pageRequestFrom,
  PageQuerySchema,
  pageSchema,
} from '../schemas.ts';

const CreateApiKeySchema = z.strictObject({
  role: z.enum(ROLES),
  name: z.string().trim().min(1).max(100).describe('What the key is for, e.g. "sign-up service".'),
  tenantId: z.uuid().optional().describe('The caller’s tenant (default) or one of its resellers.'),
});

const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().describe('The full key. Shown once: Gatehouse stores only a hash of it.'),
});

export function registerApiKeyRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearerAuth: [] }];
  r.post(
    '/v1/api-keys',
    {
      schema: {
        tags: ['access'],
        summary: 'Create an API key (admin). The response is the only time the key is shown.',
        security,
        headers: IdempotencyHeadersSchema,
        body: CreateApiKeySchema,
        response: { 201: CreatedApiKeySchema },
      },
    },
    (request, reply) =>
      replyCreated(services, request, reply, async () => {
        const created = await services.apiKeys.createKey(actorOf(request), request.body);
        return { ...presentApiKey(created.record), key: created.token };
      }),
  );
  r.get(
    '/v1/api-keys',
    {
      schema: {
        tags: ['access'],
        summary: 'The calling tenant’s API keys, oldest first (admin).',
        security,
        querystring: PageQuerySchema,
        response: { 200: pageSchema(ApiKeySchema) },
      },
    },
    async (request) => {
      const page = await services.apiKeys.listKeys(actorOf(request), pageRequestFrom(request.query));
      return { items: page.items.map(presentApiKey), nextCursor: page.nextCursor };
    },
  );
  r.get(
    '/v1/api-keys/:id',
    {
      schema: {
        tags: ['access'],
        summary: 'One API key of the calling tenant (admin).',
        security,
        params: IdParamsSchema,
        response: { 200: ApiKeySchema },
      },
    },
    async (request) => presentApiKey(await services.apiKeys.getKey(actorOf(request), request.params.id)),
  );
  r.delete(
    '/v1/api-keys/:id',
    {
      schema: {
        tags: ['access'],
        summary: 'Revoke an API key (admin). Takes effect on the next request; repeating it is harmless.',
        security,
        params: IdParamsSchema,
        response: { 200: ApiKeySchema },
      },
    },
    async (request) => presentApiKey(await services.apiKeys.revokeKey(actorOf(request), request.params.id)),
  );
}
