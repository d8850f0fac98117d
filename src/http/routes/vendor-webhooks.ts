import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';

/**
 * The vendors' side door. No API key: the vendor's signature over the raw body authenticates the call,
 * so this scope reads JSON bodies as bytes (re-serialising parsed JSON would change what was signed).
 */
export async function registerVendorWebhookRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/v1/vendors/:vendor/webhook',
      {
        config: { public: true },
        schema: {
          tags: ['verifications'],
          // No API key: authenticated by the vendor's own signature header over the raw body.
          security: [],
          summary: 'Result of a vendor identity check, sent by the vendor and signed with the shared secret.',
          description:
            'The vendor names its own reference; the check it belongs to is recorded as passed or failed and a pending account is decided again. A repeated webhook for a finished check answers 200 and changes nothing.',
          params: z.strictObject({ vendor: z.string().regex(/^[a-z0-9-]{1,40}$/) }),
          response: {
            200: z.object({
              verificationId: z.uuid(),
              status: z.enum(['pending', 'passed', 'failed']),
              changed: z.boolean(),
            }),
          },
        },
      },
      async (request) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const outcome = await services.vendorChecks.receiveWebhook(
          request.params.vendor,
          request.headers,
          raw,
          request.id,
        );
        return { verificationId: outcome.check.id, status: outcome.check.status, changed: outcome.changed };
      },
    );
  });
}
