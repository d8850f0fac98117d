import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import { presentTenant, TenantSchema } from '../presenters.ts';
import {
  IdempotencyHeadersSchema,
  IdParamsSchema,
  pageRequestFrom,
  PageQuerySchema,
  pageSchema,
} from '../schemas.ts';

const CreateResellerSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('The reseller’s name as shown to reviewers.'),
});

const PrivacySettingsSchema = z.strictObject({
  requireReadPurpose: z
    .boolean()
    .describe(
      'Unmasked reads of personal data must state a purpose (`X-Gatehouse-Purpose`). Off by default.',
    ),
});

export function registerTenantRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearerAuth: [] }];
  r.post(
    '/v1/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Register a reseller as a child tenant of the calling provider (admin).',
        security,
        headers: IdempotencyHeadersSchema,
        body: CreateResellerSchema,
        response: { 201: TenantSchema },
      },
    },
    (request, reply) =>
      replyCreated(services, request, reply, async () =>
        presentTenant(await services.tenants.createReseller(actorOf(request), request.body)),
      ),
  );
  r.get(
    '/v1/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: 'The calling tenant and its resellers, oldest first.',
        security,
        querystring: PageQuerySchema,
        response: { 200: pageSchema(TenantSchema) },
      },
    },
    async (request) => {
      const page = await services.tenants.listTenants(actorOf(request), pageRequestFrom(request.query));
      return { items: page.items.map(presentTenant), nextCursor: page.nextCursor };
    },
  );
  r.get(
    '/v1/tenants/:id',
    {
      schema: {
        tags: ['tenants'],
        summary: 'One tenant: the caller’s own or one of its resellers (404 for any other).',
        security,
        params: IdParamsSchema,
        response: { 200: TenantSchema },
      },
    },
    async (request) => presentTenant(await services.tenants.getTenant(actorOf(request), request.params.id)),
  );
  r.get(
    '/v1/settings/privacy',
    {
      schema: {
        tags: ['tenants'],
        summary: 'The tenant’s rules for reads of personal data.',
        security,
        response: { 200: PrivacySettingsSchema },
      },
    },
    async (request) => services.personalData.privacySettings(actorOf(request)),
  );
  r.put(
    '/v1/settings/privacy',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Set the tenant’s rules for reads of personal data (admin; audited).',
        description:
          'With `requireReadPurpose`, every unmasked read of personal data (a party, screening hits, redress ' +
          'requests) must say why in `X-Gatehouse-Purpose`, or is refused with 400 `PURPOSE_REQUIRED` before ' +
          'anything is read. Masked reads (roles without personal-data rights, console users) are not affected; ' +
          'console reveals and access-log searches always require a purpose.',
        security,
        body: PrivacySettingsSchema,
        response: { 200: PrivacySettingsSchema },
      },
    },
    async (request) => services.personalData.setPrivacySettings(actorOf(request), request.body),
  );
}
