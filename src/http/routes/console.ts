/** Console sign-in (session cookie), party search and the audited reveal of personal data. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import { AppError } from '../../errors.ts';
import { csrfTokenOf } from '../../services/console-sessions.ts';
import type { Services } from '../../services/index.ts';
import type { ConsoleUserRecord } from '../../storage/port.ts';
import { actorOf } from '../auth.ts';
import type { FailedAuthLimiter } from '../failed-auth-limiter.ts';
import { PartySchema, presentParty } from '../presenters-cip.ts';
import { IdParamsSchema, PurposeHeadersSchema } from '../schemas.ts';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from '../session-cookie.ts';
import { registerConsoleViewRoutes } from './console-views.ts';

const ConsoleUserSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
});

const SessionSchema = z.object({
  user: ConsoleUserSchema,
  csrfToken: z.string().describe('Send it as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE.'),
  expiresAt: z.iso.datetime(),
});

export const MaskedPartySchema = PartySchema.extend({
  masked: z.boolean().describe('True when personal values are masked (`a•••`) for this caller.'),
});

const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];

function presentUser(u: ConsoleUserRecord): z.infer<typeof ConsoleUserSchema> {
  return { id: u.id, tenantId: u.tenantId, email: u.email, name: u.name, role: u.role };
}

export function registerConsoleRoutes(
  app: FastifyInstance,
  services: Services,
  failures: FailedAuthLimiter,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/v1/session',
    {
      config: { public: true },
      schema: {
        tags: ['console'],
        summary: 'Sign in to the console: sets an HttpOnly session cookie and returns the CSRF token.',
        // OpenAPI 3.1: an empty list says explicitly that no credential is needed.
        security: [],
        description:
          'The same 401 UNAUTHENTICATED answers an unknown email and a wrong password. Five failures in a row ' +
          'lock the user for 15 minutes (429 SIGN_IN_LOCKED).',
        body: z.strictObject({
          email: z.string().trim().min(3).max(320),
          password: z.string().min(1).max(1000),
        }),
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      failures.assertAllowed(request.ip);
      const signedIn = await services.consoleSessions
        .signIn(request.body.email, request.body.password, request.id)
        .catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'UNAUTHENTICATED')
            failures.recordFailure(request.ip);
          throw error;
        });
      setSessionCookie(request, reply, signedIn.sessionId);
      return {
        user: presentUser(signedIn.user),
        csrfToken: signedIn.csrfToken,
        expiresAt: signedIn.expiresAt.toISOString(),
      };
    },
  );
  r.get(
    '/v1/session',
    {
      schema: {
        tags: ['console'],
        summary: 'The signed-in console user and the session’s CSRF token.',
        security: [{ sessionCookie: [] }],
        response: { 200: SessionSchema.omit({ expiresAt: true }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const sessionId = sessionCookieOf(request);
      if (actor.type !== 'user' || sessionId === undefined) {
        throw new AppError('UNAUTHENTICATED', 'No console session: sign in with POST /v1/session.');
      }
      const user = await services.consoleSessions.currentUser(actor);
      return { user: presentUser(user), csrfToken: csrfTokenOf(sessionId) };
    },
  );
  r.delete(
    '/v1/session',
    {
      schema: {
        tags: ['console'],
        summary: 'Sign out: ends the session and clears the cookie.',
        security: [{ sessionCookie: [] }],
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const sessionId = sessionCookieOf(request);
      if (sessionId !== undefined) await services.consoleSessions.signOut(actorOf(request), sessionId);
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );
  registerPartyConsoleRoutes(app, services);
  registerConsoleViewRoutes(app, services);
}

function registerPartyConsoleRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/parties/search',
    {
      schema: {
        tags: ['applications'],
        summary: 'Search the tenant’s parties by name, email, phone, ID number or party id (audited).',
        description:
          'At most 50 results, newest first. Personal values are masked as for `GET /v1/parties/{id}`.',
        security,
        querystring: z.strictObject({ q: z.string().max(200) }),
        response: {
          200: z.object({
            masked: z.boolean(),
            items: z.array(
              z.object({
                partyId: z.uuid(),
                type: z.enum(['individual', 'entity']),
                data: z.record(z.string(), z.unknown()),
                latestApplicationId: z.uuid().nullable(),
                createdAt: z.iso.datetime(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const found = await services.consoleQueries.searchParties(actorOf(request), request.query.q);
      return {
        masked: found.masked,
        items: found.items.map((hit) => ({ ...hit, createdAt: hit.createdAt.toISOString() })),
      };
    },
  );
  r.post(
    '/v1/parties/:id/reveal',
    {
      schema: {
        tags: ['applications'],
        summary: 'The party unmasked, for a stated purpose (roles with personal-data rights; audited).',
        description:
          'The purpose comes from the body or the `X-Gatehouse-Purpose` header and is kept in the audit record ' +
          '`party.revealed`. Roles without the right (analyst) get 403 FORBIDDEN.',
        security,
        params: IdParamsSchema,
        headers: PurposeHeadersSchema,
        body: z.strictObject({ purpose: z.string().max(500).optional() }).nullish(),
        response: { 200: MaskedPartySchema },
      },
    },
    async (request) => {
      const purpose = request.body?.purpose ?? request.headers['x-gatehouse-purpose'] ?? '';
      const view = await services.personalData.revealParty(actorOf(request), request.params.id, purpose);
      return { ...presentParty(view), masked: false };
    },
  );
}
