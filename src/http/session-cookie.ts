/**
 * The console's session cookie and its CSRF defence. A cookie is sent by the browser on any request to
 * this origin, including ones another site triggers; so a cookie-authenticated request that changes
 * something must also carry the session's CSRF token in `X-CSRF-Token`, which another site can neither
 * read nor guess (SameSite=Strict is the first line, the header the second).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { actorOfUser, SESSION_TTL_MS } from '../services/console-sessions.ts';
import type { Services } from '../services/index.ts';

export const SESSION_COOKIE = 'gatehouse_session';
export const CSRF_HEADER = 'x-csrf-token';
/** RFC 9110 §9.2.1: these methods are safe; everything else must prove it came from the console. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  return value === undefined || value === '' ? undefined : value;
}

export async function authenticateSession(
  services: Services,
  request: FastifyRequest,
  sessionId: string,
): Promise<void> {
  const principal = await services.consoleSessions.authenticate(sessionId);
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    const token = typeof header === 'string' ? header : undefined;
    if (!services.consoleSessions.csrfTokenMatches(principal, token)) {
      throw new AppError('CSRF_TOKEN_INVALID', 'Send the session’s CSRF token in X-CSRF-Token.', {
        field: `header.${CSRF_HEADER}`,
      });
    }
  }
  request.actor = actorOfUser(principal.user, request.id);
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string): void {
  void reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
  });
}
