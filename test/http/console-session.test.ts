import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOCK_OUT_MS, SESSION_IDLE_MS, SESSION_TTL_MS } from '../../src/services/console-sessions.ts';
import { bearer, createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { aConsoleUser, sessionCookieFrom, signedIn, signInRequest } from '../support/console.ts';

describe('console sign-in and sessions', () => {
  let t: TestApp;
  let clock = new Date('2026-11-30T09:00:00Z');
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

  before(async () => {
    t = await createTestApp({ now: () => clock });
  });
  after(() => t.close());

  describe('POST /v1/session', () => {
    it('answers an unknown email and a wrong password with the same 401', async () => {
      const { email } = await aConsoleUser(t, 'reviewer');
      const unknown = await signInRequest(t, 'nobody@example.com', 'whatever-password');
      const wrong = await signInRequest(t, email, 'not-the-password');
      assert.equal(unknown.statusCode, 401);
      assert.equal(wrong.statusCode, 401);
      assert.equal(problemOf(unknown).code, 'UNAUTHENTICATED');
      assert.equal(problemOf(wrong).code, 'UNAUTHENTICATED');
      assert.equal(unknown.json<{ detail: string }>().detail, wrong.json<{ detail: string }>().detail);
      assert.equal(unknown.cookies.length, 0);
    });

    it('locks the user for 15 minutes after 5 failures, even against the right password', async () => {
      const { email, password } = await aConsoleUser(t, 'reviewer');
      for (let i = 0; i < 5; i += 1) {
        assert.equal((await signInRequest(t, email, 'wrong-password')).statusCode, 401);
      }
      const locked = await signInRequest(t, email, password);
      assert.equal(locked.statusCode, 429);
      assert.equal(problemOf(locked).code, 'SIGN_IN_LOCKED');
      advance(LOCK_OUT_MS + 1000);
      assert.equal((await signInRequest(t, email, password)).statusCode, 200);
    });

    it('sets an HttpOnly, SameSite=Strict session cookie (not Secure over plain http) and audits the sign-in', async () => {
      const { email, password } = await aConsoleUser(t, 'analyst');
      const response = await signInRequest(t, email.toUpperCase(), password);
      assert.equal(response.statusCode, 200);
      const cookie = response.cookies.find((c) => c.name === 'gatehouse_session');
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(cookie.path, '/');
      assert.notEqual(cookie.secure, true);
      const body = response.json<{ user: { email: string; role: string }; csrfToken: string }>();
      assert.equal(body.user.role, 'analyst');
      assert.ok(body.csrfToken.length >= 40);
      assert.ok(!response.body.includes(cookie.value), 'the session id is only in the cookie');
    });
  });

  describe('a session cookie', () => {
    it('is refused when unknown', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/v1/me',
        headers: { cookie: 'gatehouse_session=not-a-session' },
      });
      assert.equal(response.statusCode, 401);
      assert.equal(problemOf(response).code, 'UNAUTHENTICATED');
    });

    it('authenticates the API with the user’s role, as the Bearer key still does', async () => {
      const user = await signedIn(t, 'auditor');
      const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: user.read });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json<{ key: { role: string } }>().key.role, 'auditor');
      const session = await t.app.inject({ method: 'GET', url: '/v1/session', headers: user.read });
      assert.equal(session.json<{ csrfToken: string }>().csrfToken, user.csrfToken);
      const withKey = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(t.adminKey) });
      assert.equal(withKey.json<{ key: { role: string } }>().key.role, 'admin');
    });

    it('needs the CSRF token on unsafe methods: missing or wrong is 403, right passes', async () => {
      const user = await signedIn(t, 'reviewer');
      const missing = await t.app.inject({ method: 'DELETE', url: '/v1/session', headers: user.read });
      assert.equal(missing.statusCode, 403);
      assert.equal(problemOf(missing).code, 'CSRF_TOKEN_INVALID');
      const wrong = await t.app.inject({
        method: 'DELETE',
        url: '/v1/session',
        headers: { ...user.read, 'x-csrf-token': 'x'.repeat(43) },
      });
      assert.equal(problemOf(wrong).code, 'CSRF_TOKEN_INVALID');
      const right = await t.app.inject({ method: 'DELETE', url: '/v1/session', headers: user.write });
      assert.equal(right.statusCode, 204);
      const afterSignOut = await t.app.inject({ method: 'GET', url: '/v1/session', headers: user.read });
      assert.equal(afterSignOut.statusCode, 401);
    });

    it('ends after 30 idle minutes', async () => {
      const user = await signedIn(t, 'reviewer');
      advance(SESSION_IDLE_MS - 60_000);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/v1/me', headers: user.read })).statusCode,
        200,
      );
      advance(SESSION_IDLE_MS + 1000);
      const idle = await t.app.inject({ method: 'GET', url: '/v1/me', headers: user.read });
      assert.equal(idle.statusCode, 401);
    });

    it('ends at its absolute expiry however active it is', async () => {
      const user = await signedIn(t, 'reviewer');
      for (let spent = 0; spent < SESSION_TTL_MS; spent += 20 * 60_000) {
        advance(20 * 60_000);
        await t.app.inject({ method: 'GET', url: '/v1/me', headers: user.read });
      }
      const expired = await t.app.inject({ method: 'GET', url: '/v1/me', headers: user.read });
      assert.equal(expired.statusCode, 401);
    });

    it('loses to an Authorization header, which needs no CSRF token', async () => {
      const user = await signedIn(t, 'analyst');
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: { ...user.read, ...bearer(t.adminKey) },
        payload: { role: 'analyst', name: 'from a key' },
      });
      assert.equal(response.statusCode, 201);
    });
  });

  it('a new session cookie comes from each sign-in', async () => {
    const { email, password } = await aConsoleUser(t, 'reviewer');
    const first = sessionCookieFrom(await signInRequest(t, email, password));
    const second = sessionCookieFrom(await signInRequest(t, email, password));
    assert.notEqual(first, second);
  });
});
