import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import type { VerificationCheckRecord } from '../../storage/port.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import { DecisionSchema, presentDecision } from '../presenters-cip.ts';
import { IdempotencyHeadersSchema, IdParamsSchema } from '../schemas.ts';

const VerificationSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  method: z.string(),
  status: z.enum(['pending', 'passed', 'failed']),
  destination: z.string().nullable().describe('Masked, e.g. `a***@example.se`.'),
  attempts: z.number().int(),
  expiresAt: z.iso.datetime().nullable(),
  evidence: z.record(z.string(), z.unknown()),
  checkedBy: z.string(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});

function present(c: VerificationCheckRecord): z.infer<typeof VerificationSchema> {
  return {
    id: c.id,
    applicationId: c.applicationId,
    method: c.method,
    status: c.status,
    destination: c.destinationMasked,
    attempts: c.attempts,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    evidence: c.evidence,
    checkedBy: c.actor,
    createdAt: c.createdAt.toISOString(),
    completedAt: c.completedAt?.toISOString() ?? null,
  };
}

export function registerVerificationRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearerAuth: [] }];
  r.post(
    '/v1/applications/:id/verifications',
    {
      schema: {
        tags: ['verifications'],
        summary: 'Send a one-time code to the application’s email or phone (possession check).',
        description:
          'The code is valid for 10 minutes and allows 5 attempts; confirm it with POST /v1/verifications/{id}/confirm.',
        security,
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: z.strictObject({
          method: z.enum(['email_possession', 'phone_possession']),
          index: z
            .number()
            .int()
            .min(0)
            .max(9)
            .default(0)
            .describe('Which of the application’s emails or phones.'),
        }),
        response: { 201: VerificationSchema },
      },
    },
    (request, reply) =>
      replyCreated(services, request, reply, async () =>
        present(
          await services.verifications.startPossessionCheck(
            actorOf(request),
            request.params.id,
            request.body.method,
            request.body.index,
          ),
        ),
      ),
  );
  r.get(
    '/v1/applications/:id/verifications',
    {
      schema: {
        tags: ['verifications'],
        summary: 'Every verification check of an application, with its result and evidence.',
        security,
        params: IdParamsSchema,
        response: { 200: z.object({ items: z.array(VerificationSchema) }) },
      },
    },
    async (request) => ({
      items: (await services.verifications.listChecks(actorOf(request), request.params.id)).map(present),
    }),
  );
  r.post(
    '/v1/verifications/:id/confirm',
    {
      schema: {
        tags: ['verifications'],
        summary:
          'Confirm a one-time code. A pending account whose verification is now complete is decided again.',
        security,
        params: IdParamsSchema,
        body: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'six digits') }),
        response: {
          200: z.object({ verification: VerificationSchema, decision: DecisionSchema.nullable() }),
        },
      },
    },
    async (request) => {
      const result = await services.verifications.confirmCode(
        actorOf(request),
        request.params.id,
        request.body.code,
      );
      return {
        verification: present(result.check),
        decision: result.decision === null ? null : presentDecision(result.decision),
      };
    },
  );
}
