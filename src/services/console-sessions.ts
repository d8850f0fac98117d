/**
 * Console sign-in and sessions. The session id (256 random bits) lives only in the browser's HttpOnly
 * cookie; the store keeps its SHA-256. A session ends at its absolute expiry or after an idle period.
 * Sign-in answers the same error for an unknown email and a wrong password (and spends the same scrypt
 * time on both), so it does not tell an attacker which emails exist.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { decoyPasswordHash, passwordMatches } from '../domain/access/password.ts';
import { AppError } from '../errors.ts';
import type { ConsoleSessionRecord, ConsoleUserRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import type { Actor, ServiceDeps } from './context.ts';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_OUT_MS = 15 * 60_000;
export const SESSION_TTL_MS = 12 * 60 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;
/** last_seen_at is written at most this often per session, not on every request. */
const TOUCH_RESOLUTION_MS = 30_000;

export interface SignedIn {
  user: ConsoleUserRecord;
  /** For the cookie only; never stored, logged or put in a response body. */
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface SessionPrincipal {
  user: ConsoleUserRecord;
  session: ConsoleSessionRecord;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

/**
 * The CSRF token is derived from the session id, so `GET /v1/session` can hand it to a reloaded page;
 * another site can read neither the HttpOnly cookie nor this response, so it cannot forge the header.
 */
export function csrfTokenOf(sessionId: string): string {
  return sha256(`gatehouse-csrf:${sessionId}`);
}

export class ConsoleSessionService {
  private decoy: string | undefined;

  constructor(private readonly deps: ServiceDeps) {}

  async signIn(email: string, password: string, requestId: string | null): Promise<SignedIn> {
    const { store } = this.deps;
    const now = this.deps.now();
    const user = await store.consoleUsers.findByEmailUnscoped(email);
    if (user === undefined || user.disabledAt !== null) {
      passwordMatches(password, (this.decoy ??= decoyPasswordHash(this.deps.randomBytes)));
      throw wrongCredentials();
    }
    const actor = actorOfUser(user, requestId);
    if (user.lockedUntil !== null && user.lockedUntil > now) {
      throw new AppError(
        'SIGN_IN_LOCKED',
        `Too many failed sign-ins; try again after ${user.lockedUntil.toISOString()}.`,
        { field: 'body.email' },
      );
    }
    if (!passwordMatches(password, user.passwordHash)) {
      await this.recordFailure(user, actor, now);
      throw wrongCredentials();
    }
    return store.transaction(async () => {
      await store.consoleUsers.setAttempts(user.tenantId, user.id, 0, null);
      const sessionId = this.deps.randomBytes(32).toString('base64url');
      const session: ConsoleSessionRecord = {
        idHash: sha256(sessionId),
        tenantId: user.tenantId,
        userId: user.id,
        csrfHash: sha256(csrfTokenOf(sessionId)),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      };
      await store.consoleUsers.insertSession(session);
      await recordAudit(this.deps, actor, 'console_session.created', { type: 'console_user', id: user.id });
      return { user, sessionId, csrfToken: csrfTokenOf(sessionId), expiresAt: session.expiresAt };
    });
  }

  /** The failure is committed even though sign-in then throws: the count must survive the error. */
  private async recordFailure(user: ConsoleUserRecord, actor: Actor, now: Date): Promise<void> {
    const failures = user.failedAttempts + 1;
    const locks = failures >= MAX_FAILED_SIGN_INS;
    await this.deps.store.transaction(async () => {
      await this.deps.store.consoleUsers.setAttempts(
        user.tenantId,
        user.id,
        locks ? 0 : failures,
        locks ? new Date(now.getTime() + LOCK_OUT_MS) : user.lockedUntil,
      );
      const target = { type: 'console_user', id: user.id };
      await recordAudit(this.deps, actor, locks ? 'console_user.locked' : 'console_session.failed', target, {
        failures,
      });
    });
  }

  /** The cookie's value is attacker-controlled: any failure is the same UNAUTHENTICATED. */
  async authenticate(sessionId: string): Promise<SessionPrincipal> {
    const { consoleUsers } = this.deps.store;
    const now = this.deps.now();
    const session = await consoleUsers.findSessionUnscoped(sha256(sessionId));
    if (session === undefined) throw sessionInvalid();
    if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) {
      await consoleUsers.deleteSession(session.tenantId, session.idHash);
      throw sessionInvalid();
    }
    const user = await consoleUsers.get(session.tenantId, session.userId);
    if (user === undefined || user.disabledAt !== null) throw sessionInvalid();
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_RESOLUTION_MS) {
      await consoleUsers.touchSession(session.tenantId, session.idHash, now);
    }
    return { user, session };
  }

  /** Constant-time: the header value is attacker-controlled. */
  csrfTokenMatches(principal: SessionPrincipal, token: string | undefined): boolean {
    if (token === undefined) return false;
    const expected = Buffer.from(principal.session.csrfHash);
    const actual = Buffer.from(sha256(token));
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  async currentUser(actor: Actor): Promise<ConsoleUserRecord> {
    const user = await this.deps.store.consoleUsers.get(actor.tenantId, actor.id);
    if (user === undefined) throw sessionInvalid();
    return user;
  }

  async signOut(actor: Actor, sessionId: string): Promise<void> {
    const { store } = this.deps;
    await store.transaction(async () => {
      await store.consoleUsers.deleteSession(actor.tenantId, sha256(sessionId));
      await recordAudit(this.deps, actor, 'console_session.ended', { type: 'console_user', id: actor.id });
    });
  }
}

export function actorOfUser(user: ConsoleUserRecord, requestId: string | null): Actor {
  return { tenantId: user.tenantId, type: 'user', id: user.id, role: user.role, requestId };
}

function wrongCredentials(): AppError {
  return new AppError('UNAUTHENTICATED', 'The email or password is wrong.', { field: 'body.password' });
}

function sessionInvalid(): AppError {
  return new AppError('UNAUTHENTICATED', 'The session has ended; sign in again.', { field: 'cookie' });
}
