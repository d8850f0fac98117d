/**
 * Legal holds (docs/retention.md). Bodies are checked against their schemas here for the OpenAPI
 * document, but a mismatch is not answered as the usual 400: the service validates the same body and
 * answers 422 LEGAL_HOLD_INVALID with every field path, so the CLI and the API fail alike.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LegalHoldInputSchema, LegalHoldReleaseSchema } from '../../domain/retention/legal-hold.ts';
import type { Services } from '../../services/index.ts';
import type { LegalHoldRecord } from '../../storage/port.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import {
  IdempotencyHeadersSchema,
  IdParamsSchema,
  isoDate,
  pageRequestFrom,
  PageQuerySchema,
  pageSchema,
} from '../schemas.ts';

export const LegalHoldSchema = z.object({
  id: z.uuid(),
  subject: z.object({ type: z.enum(['party', 'account']), id: z.uuid() }),
  reason: z.string(),
  active: z.boolean(),
  setBy: z.string().describe('`type:id` of who set it.'),
  setAt: z.iso.datetime(),
  release: z
    .object({ by: z.string(), at: z.iso.datetime(), reason: z.string() })
    .nullable()
    .describe('Who released the hold, when and why; null while it is active.'),
});

export function presentLegalHold(hold: LegalHoldRecord): z.infer<typeof LegalHoldSchema> {
  return {
    id: hold.id,
    subject: hold.subject,
    reason: hold.reason,
    active: hold.releasedAt === null,
    setBy: hold.setBy,
    setAt: hold.setAt.toISOString(),
    release:
      hold.releasedAt === null
        ? null
        : { by: hold.releasedBy ?? '', at: isoDate(hold.releasedAt) ?? '', reason: hold.releaseReason ?? '' },
  };
}

const LegalHoldQuerySchema = PageQuerySchema.extend({
  subject: z
    .string()
    .min(1)
    .max(210)
    .optional()
    .describe(
      '`party:<id>` or `account:<id>` (id or external id): the holds that cover it, i.e. on it, on an ' +
        'account’s party, or on any account of a party.',
    ),
  active: z
    .enum(['true', 'false'])
    .optional()
    .describe('`true`: only holds not released; `false`: only released ones.'),
});

/**
 * With `attachValidation`, a failed check reaches the handler instead of the error handler. Only a
 * body mismatch is left to the service (422); a bad path, query or header is the usual 400.
 */
function rethrowUnlessBodyInvalid(request: FastifyRequest): void {
  // Past this point `request.body` may not match its type: the service takes it as `unknown`.
  const error = request.validationError;
  if (error !== undefined && error.validationContext !== 'body') throw error;
}

export function registerLegalHoldRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearerAuth: [] }];
  r.post(
    '/v1/legal-holds',
    {
      attachValidation: true,
      schema: {
        tags: ['legal-holds'],
        summary:
          'Put a party or an account under legal hold: retention deletes none of its records (admin, auditor).',
        description:
          'A hold on a party also holds each of its accounts; a hold on an account also holds its party. ' +
          'Holds are never deleted, only released. Bad input answers 422 LEGAL_HOLD_INVALID with the field ' +
          'paths; a subject the tenant does not have answers 404 PARTY_NOT_FOUND or ACCOUNT_NOT_FOUND.',
        security,
        headers: IdempotencyHeadersSchema,
        body: LegalHoldInputSchema,
        response: { 201: LegalHoldSchema },
      },
    },
    (request, reply) => {
      rethrowUnlessBodyInvalid(request);
      return replyCreated(services, request, reply, async () =>
        presentLegalHold(await services.legalHolds.setHold(actorOf(request), request.body)),
      );
    },
  );
  r.get(
    '/v1/legal-holds',
    {
      schema: {
        tags: ['legal-holds'],
        summary: 'The tenant’s legal holds, newest first (admin, auditor, reviewer).',
        security,
        querystring: LegalHoldQuerySchema,
        response: { 200: pageSchema(LegalHoldSchema) },
      },
    },
    async (request) => {
      const { subject, active } = request.query;
      const page = await services.legalHolds.listHolds(
        actorOf(request),
        { subject, active: active === undefined ? undefined : active === 'true' },
        pageRequestFrom(request.query),
      );
      return { items: page.items.map(presentLegalHold), nextCursor: page.nextCursor };
    },
  );
  r.get(
    '/v1/legal-holds/:id',
    {
      schema: {
        tags: ['legal-holds'],
        summary: 'One legal hold (admin, auditor, reviewer).',
        security,
        params: IdParamsSchema,
        response: { 200: LegalHoldSchema },
      },
    },
    async (request) =>
      presentLegalHold(await services.legalHolds.getHold(actorOf(request), request.params.id)),
  );
  r.post(
    '/v1/legal-holds/:id/release',
    {
      attachValidation: true,
      schema: {
        tags: ['legal-holds'],
        summary: 'Release a legal hold, saying why (admin, auditor); the next retention pass may delete.',
        description: 'A hold released already answers 409 LEGAL_HOLD_RELEASED and keeps its first release.',
        security,
        params: IdParamsSchema,
        body: LegalHoldReleaseSchema,
        response: { 200: LegalHoldSchema },
      },
    },
    async (request) => {
      rethrowUnlessBodyInvalid(request);
      return presentLegalHold(
        await services.legalHolds.releaseHold(actorOf(request), request.params.id, request.body),
      );
    },
  );
}
