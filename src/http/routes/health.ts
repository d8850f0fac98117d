import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkReady } from '../../services/health.ts';
import type { Services } from '../../services/index.ts';

export function registerHealthRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/health',
    {
      config: { public: true, rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process is up and serving HTTP.',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/v1/ready',
    {
      config: { public: true, rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the store answers. 503 STORE_UNAVAILABLE otherwise.',
        response: { 200: z.object({ status: z.literal('ready'), store: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => ({ status: 'ready' as const, store: (await checkReady(services.store)).engine }),
  );
}
