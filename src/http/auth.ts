import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Actor } from '../services/context.ts';
import type { Services } from '../services/index.ts';
import type { FailedAuthLimiter } from './failed-auth-limiter.ts';
import { authenticateSession, sessionCookieOf } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; null only on public routes. */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Public routes (health, readiness, the OpenAPI document) skip authentication. */
    public?: boolean;
  }
}

/** RFC 6750 §2.1: `Authorization: Bearer <token>`; the scheme name is case-insensitive. */
const BEARER = /^Bearer +(\S+)$/i;

export async function authenticateRequest(
  services: Services,
  failures: FailedAuthLimiter,
  request: FastifyRequest,
): Promise<void> {
  if (request.routeOptions.config.public === true || request.routeOptions.url === undefined) return;
  failures.assertAllowed(request.ip);
  const header = request.headers.authorization;
  // The console authenticates with its session cookie; an Authorization header always wins over it.
  const sessionId = header === undefined ? sessionCookieOf(request) : undefined;
  if (sessionId !== undefined) {
    await authenticateSession(services, request, sessionId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') failures.recordFailure(request.ip);
      throw error;
    });
    return;
  }
  const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
  if (token === undefined) {
    throw new AppError('UNAUTHENTICATED', 'Send an API key as `Authorization: Bearer <key>`.', {
      field: 'header.authorization',
    });
  }
  let principal;
  try {
    principal = await services.apiKeys.authenticate(token);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'UNAUTHENTICATED' || error.code === 'API_KEY_REVOKED')) {
      failures.recordFailure(request.ip);
    }
    throw error;
  }
  request.actor = {
    tenantId: principal.tenantId,
    type: 'api_key',
    id: principal.keyId,
    role: principal.role,
    requestId: request.id,
  };
}

/** For handlers of authenticated routes: the actor is always set once the onRequest hook passed. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new AppError('UNAUTHENTICATED', 'Not authenticated.');
  return request.actor;
}
