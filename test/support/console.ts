/** Console users and signed-in sessions for HTTP tests. */
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/domain/access/roles.ts';
import type { TestApp } from './app.ts';

export interface SignedInUser {
  email: string;
  name: string;
  password: string;
  cookie: string;
  csrfToken: string;
  /** Headers for a safe (GET) request as this user. */
  read: Record<string, string>;
  /** Headers for an unsafe request as this user: the cookie and the CSRF token. */
  write: Record<string, string>;
}

let counter = 0;

export async function aConsoleUser(
  t: TestApp,
  role: Role,
  tenantId: string = t.tenantId,
): Promise<{ email: string; password: string }> {
  counter += 1;
  const email = `${role}-${counter}@example.com`;
  const created = await t.services.consoleUsers.createUser(
    { tenantId, type: 'cli', id: 'test', role: 'admin', requestId: null },
    { email, name: `${role} ${counter}`, role },
  );
  return { email, password: created.password };
}

export function signInRequest(t: TestApp, email: string, password: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/v1/session', payload: { email, password } });
}

export function sessionCookieFrom(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'gatehouse_session');
  if (cookie === undefined) throw new Error(`no session cookie: ${response.body}`);
  return `gatehouse_session=${cookie.value}`;
}

export async function signedIn(t: TestApp, role: Role, tenantId?: string): Promise<SignedInUser> {
  const { email, password } = await aConsoleUser(t, role, tenantId);
  const response = await signInRequest(t, email, password);
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const cookie = sessionCookieFrom(response);
  const { csrfToken, user } = response.json<{ csrfToken: string; user: { name: string } }>();
  return {
    email,
    name: user.name,
    password,
    cookie,
    csrfToken,
    read: { cookie },
    write: { cookie, 'x-csrf-token': csrfToken },
  };
}
