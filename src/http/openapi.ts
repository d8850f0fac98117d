import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ProblemSchema } from './schemas.ts';

export const OPENAPI_INFO = {
  title: 'Gatehouse API',
  version: '0.1.0',
  description:
    'Customer Identification Program for cloud providers. Authenticate with `Authorization: Bearer <API key>`. ' +
    'Errors are application/problem+json with a stable `code` (docs/errors.md).',
};

type OpenApiDocument = {
  paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: Record<string, unknown>;
};

/**
 * Serves the document @fastify/swagger generates from the routes' zod schemas, with the problem
 * response every operation can return added as its `default` (kept out of the route schemas so the
 * error handler's body is not run through a success serializer).
 */
export function registerOpenApiRoute(app: FastifyInstance): void {
  let cached: OpenApiDocument | undefined;
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => {
    cached ??= withProblemResponses(app.swagger() as OpenApiDocument);
    return cached;
  });
}

function withProblemResponses(source: OpenApiDocument): OpenApiDocument {
  const doc = structuredClone(source);
  const components = (doc.components ??= {}) as { schemas?: Record<string, unknown> };
  components.schemas = {
    ...components.schemas,
    Problem: z.toJSONSchema(ProblemSchema, { target: 'draft-2020-12' }),
  };
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      operation.responses = {
        ...operation.responses,
        default: {
          description: 'An error, as RFC 9457 problem details.',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      };
    }
  }
  return doc;
}
