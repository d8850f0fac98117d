import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import type { VerificationCheckRecord } from '../../storage/port.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import { DecisionSchema, presentDecision } from '../presenters-cip.ts';
import { IdempotencyHeadersSchema, IdParamsSchema, PurposeHeadersSchema } from '../schemas.ts';

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
  vendor: z.string().nullable(),
  vendorReference: z.string().nullable(),
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
    vendor: c.vendor ?? null,
    vendorReference: c.vendorReference ?? null,
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
        summary: 'Start a verification check: a one-time code (possession) or a third-party vendor check.',
        description:
          'email_possession / phone_possession: a code valid for 10 minutes with 5 attempts, confirmed with POST /v1/verifications/{id}/confirm. vendor: starts a check at the named vendor (`redirectUrl` is where to send the customer); the vendor reports the result to POST /v1/vendors/{vendor}/webhook.',
        security,
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: z.discriminatedUnion('method', [
          z.strictObject({
            method: z.enum(['email_possession', 'phone_possession']),
            index: z
              .number()
              .int()
              .min(0)
              .max(9)
              .default(0)
              .describe('Which of the application’s emails or phones.'),
          }),
          z.strictObject({
            method: z.literal('vendor'),
            vendor: z
              .string()
              .regex(/^[a-z0-9-]{1,40}$/)
              .describe('A configured vendor, e.g. `fake`.'),
          }),
        ]),
        response: { 201: VerificationSchema.extend({ redirectUrl: z.string().nullable().optional() }) },
      },
    },
    (request, reply) =>
      replyCreated(services, request, reply, async () => {
        const body = request.body;
        if (body.method === 'vendor') {
          const started = await services.vendorChecks.startVendorCheck(
            actorOf(request),
            request.params.id,
            body.vendor,
          );
          return { ...present(started.check), redirectUrl: started.redirectUrl };
        }
        return present(
          await services.verifications.startPossessionCheck(
            actorOf(request),
            request.params.id,
            body.method,
            body.index,
          ),
        );
      }),
  );
  r.get(
    '/v1/applications/:id/verifications',
    {
      schema: {
        tags: ['verifications'],
        summary: 'Every verification check of an application, with its result and evidence.',
        description:
          'A vendor’s evidence may quote what it checked: e-mail addresses, phone numbers and IP addresses in ' +
          'it are masked for roles without personal-data rights. The read is audited (`verification.read`) ' +
          'with the purpose stated in `X-Gatehouse-Purpose`. An unknown application answers 404.',
        security,
        params: IdParamsSchema,
        headers: PurposeHeadersSchema,
        response: { 200: z.object({ items: z.array(VerificationSchema) }) },
      },
    },
    async (request) => ({
      items: (
        await services.verifications.listChecks(
          actorOf(request),
          request.params.id,
          request.headers['x-gatehouse-purpose'],
        )
      ).map(present),
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
