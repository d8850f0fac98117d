/**
 * Builds the Fastify application (routes, hooks, error mapping) without listening, so tests drive it
 * in process with `app.inject()` and `serve` listens on a port.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { Services } from '../services/index.ts';
import { authenticateRequest } from './auth.ts';
import { FailedAuthLimiter } from './failed-auth-limiter.ts';
import { sendProblem } from './errors.ts';
import { registerOpenApiRoute, OPENAPI_INFO } from './openapi.ts';
import { registerApiKeyRoutes } from './routes/api-keys.ts';
import { registerAuditRoutes } from './routes/audit-events.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerMeRoutes } from './routes/me.ts';
import { registerTenantRoutes } from './routes/tenants.ts';
import { registerApplicationRoutes } from './routes/applications.ts';
import { registerProfileAndMeasureRoutes } from './routes/profiles-and-measures.ts';
import { registerVerificationRoutes } from './routes/verifications.ts';
import { registerLifecycleRoutes } from './routes/lifecycle.ts';
import { registerVendorWebhookRoutes } from './routes/vendor-webhooks.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';
import { registerAccessEventRoutes } from './routes/access-events.ts';
import { registerScreeningRoutes } from './routes/screening.ts';
import { registerLedgerRoutes } from './routes/ledger.ts';
import { registerLegalHoldRoutes } from './routes/legal-holds.ts';
import { registerConsoleRoutes } from './routes/console.ts';
import { registerConsoleStatic } from './console-static.ts';

export interface AppOptions {
  services: Services;
  bodyLimitBytes?: number;
  /** `POST /v1/access-events` only (default 16 MiB): up to 10,000 events a batch. */
  ingestBodyLimitBytes?: number;
  rateLimitPerMinute?: number;
  /** Failed authentications allowed per client address per minute before 429 (default 30). */
  authFailuresPerMinute?: number;
  /** A pino logger; omit for a silent app (tests). */
  logger?: Logger;
  /** The built reviewer console (web/dist), served at `/` when it exists. */
  consoleDir?: string;
}

/** The ingest route's default body limit: 10,000 events of up to about 1.6 KB each. */
export const INGEST_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // A client's X-Request-Id is kept when it is a plain token, so a trace crosses systems;
    // anything else is replaced (it is attacker-controlled and ends up in logs).
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    return503OnClosing: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`),
      request,
      reply,
    ),
  );
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'gatehouse_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  app.decorateRequest('actor', null);
  // During a drain, requests that still arrive on open keep-alive connections get a coded 503.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    void reply.header('connection', 'close');
    throw new AppError('SHUTTING_DOWN', 'The server is shutting down; retry on another node or in a moment.');
  });
  const failures = new FailedAuthLimiter(options.authFailuresPerMinute ?? 30);
  // Parses cookies in its own onRequest hook, which must run before authentication reads the session.
  await app.register(cookie);
  app.addHook('onRequest', (request) => authenticateRequest(options.services, failures, request));
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 6000,
    timeWindow: 60_000,
    hook: 'onRequest',
    // Limits are per API key: one noisy integration does not starve the others behind the same NAT.
    keyGenerator: (request) => (request.actor === null ? `ip:${request.ip}` : `key:${request.actor.id}`),
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'RATE_LIMITED',
        `Rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}.`,
      ),
  });

  registerHealthRoutes(app, options.services);
  registerOpenApiRoute(app);
  registerMeRoutes(app, options.services);
  registerTenantRoutes(app, options.services);
  registerApiKeyRoutes(app, options.services);
  registerAuditRoutes(app, options.services);
  registerApplicationRoutes(app, options.services);
  registerProfileAndMeasureRoutes(app, options.services);
  registerVerificationRoutes(app, options.services);
  registerLifecycleRoutes(app, options.services);
  registerWebhookRoutes(app, options.services);
  registerScreeningRoutes(app, options.services);
  registerLedgerRoutes(app, options.services);
  registerLegalHoldRoutes(app, options.services);
  registerConsoleRoutes(app, options.services, failures);
  await registerVendorWebhookRoutes(app, options.services);
  await registerAccessEventRoutes(
    app,
    options.services,
    options.ingestBodyLimitBytes ?? INGEST_BODY_LIMIT_BYTES,
  );
  if (options.consoleDir !== undefined) await registerConsoleStatic(app, options.consoleDir);
  await app.ready();
  return app;
}
