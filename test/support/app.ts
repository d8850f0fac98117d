/**
 * An in-process Gatehouse for HTTP tests: a real store (in-memory PGlite), real services, the real
 * Fastify app driven through `app.inject()`. Starts with one provider tenant and its admin key.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/http/app.ts';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { createProviderTenant } from '../../src/services/operator.ts';
import { openStore } from '../../src/storage/open.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  adminKey: string;
  tenantId: string;
  close(): Promise<void>;
}

export async function createTestApp(options: Omit<AppOptions, 'services'> = {}): Promise<TestApp> {
  const store = await openStore({ kind: 'memory' });
  await store.migrate();
  const services = createServices(store);
  const boot = await bootstrapProvider(services.deps, 'Acme Cloud');
  if (boot.adminKey === undefined) throw new Error('expected a fresh store');
  const app = await buildApp({ services, rateLimitPerMinute: 100_000, ...options });
  return {
    app,
    services,
    adminKey: boot.adminKey,
    tenantId: boot.tenant.id,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** A second provider in the same store, with an admin key of its own: the "other tenant" of isolation tests. */
export async function addOtherProvider(t: TestApp): Promise<{ tenantId: string; adminKey: string }> {
  const tenant = await createProviderTenant(t.services.deps, 'test', 'Other Cloud');
  const key = await createKey(t, 'admin', { tenantIdForOperator: tenant.id });
  return { tenantId: tenant.id, adminKey: key.key };
}

export async function createKey(
  t: TestApp,
  role: string,
  options: { as?: string; tenantId?: string; tenantIdForOperator?: string } = {},
): Promise<{ id: string; key: string; tenantId: string }> {
  if (options.tenantIdForOperator !== undefined) {
    const created = await t.services.apiKeys.createKey(
      { tenantId: options.tenantIdForOperator, type: 'cli', id: 'test', role: 'admin', requestId: null },
      { role: role as never, name: `${role} key` },
    );
    return { id: created.record.id, key: created.token, tenantId: created.record.tenantId };
  }
  const response = await t.app.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers: bearer(options.as ?? t.adminKey),
    payload: {
      role,
      name: `${role} key`,
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
    },
  });
  if (response.statusCode !== 201) throw new Error(`creating a ${role} key failed: ${response.body}`);
  return response.json<{ id: string; key: string; tenantId: string }>();
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export interface Problem {
  status: number;
  code: string;
  field?: string;
  errors?: Array<{ field: string; code: string }>;
  requestId: string;
}

/** Asserts nothing and returns the problem body; tests assert on its fields. */
export function problemOf(response: LightMyRequestResponse): Problem {
  const type = String(response.headers['content-type']);
  if (!type.startsWith('application/problem+json'))
    throw new Error(`not a problem document (${type}): ${response.body}`);
  return response.json<Problem>();
}

export async function countAuditEvents(t: TestApp, tenantId: string = t.tenantId): Promise<number> {
  const page = await t.services.audit.listEvents(
    { tenantId, type: 'cli', id: 'test', role: 'admin', requestId: null },
    {},
    { limit: 200, after: undefined },
  );
  return page.items.length;
}
