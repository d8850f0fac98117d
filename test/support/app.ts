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
import type { GeoLookup } from '../../src/domain/determination/geo.ts';
import { FixedGeoLookup, type FixedGeoEntry } from '../../src/providers/geoip/fixed-geo-lookup.ts';
import { FakeVendor } from '../../src/providers/vendors/fake-vendor.ts';
import { createFetchTransport } from '../../src/providers/webhooks/fetch-transport.ts';

export const TEST_VENDOR_SECRET = 'test-vendor-secret-0123456789';

/** Where test sign-up IPs are: real public addresses, answered from a table (no geo data needed). */
export const TEST_GEO: Record<string, FixedGeoEntry> = {
  '81.2.69.142': { country: 'GB', asn: 20712, asOrg: 'Andrews & Arnold', publicAddress: true },
  '8.8.8.8': { country: 'US', asn: 15169, asOrg: 'Google', publicAddress: true },
  '73.162.0.1': { country: 'US', asn: 7922, asOrg: 'Comcast', publicAddress: true },
  '95.173.136.70': { country: 'RU', asn: 12389, asOrg: 'Rostelecom', publicAddress: true },
  '193.10.0.1': { country: 'SE', asn: 1653, asOrg: 'SUNET', publicAddress: true },
};

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  adminKey: string;
  tenantId: string;
  /** One-time codes "sent" by the capturing sender, newest last. */
  sentCodes: Array<{ channel: 'email' | 'phone'; destination: string; code: string }>;
  /** The fake identity vendor the services are configured with (its webhooks are signed with TEST_VENDOR_SECRET). */
  vendor: FakeVendor;
  close(): Promise<void>;
}

export async function createTestApp(
  options: Omit<AppOptions, 'services'> & { geo?: GeoLookup; now?: () => Date } = {},
): Promise<TestApp> {
  const { geo = new FixedGeoLookup(TEST_GEO), now, ...appOptions } = options;
  const vendor = new FakeVendor(TEST_VENDOR_SECRET);
  const store = await openStore({ kind: 'memory' });
  await store.migrate();
  const sentCodes: TestApp['sentCodes'] = [];
  const services = createServices(store, {
    geo,
    sender: { send: async (message) => void sentCodes.push(message) },
    vendors: [vendor],
    // Deliveries go over real HTTP to receivers the tests start on loopback.
    webhookTransport: createFetchTransport(2000, { allowPrivateAddresses: true }),
    allowInsecureWebhookUrls: true,
    ...(now === undefined ? {} : { now }),
  });
  const boot = await bootstrapProvider(services.deps, 'Acme Cloud');
  if (boot.adminKey === undefined) throw new Error('expected a fresh store');
  const app = await buildApp({ services, rateLimitPerMinute: 100_000, ...appOptions });
  return {
    app,
    services,
    adminKey: boot.adminKey,
    tenantId: boot.tenant.id,
    sentCodes,
    vendor,
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
  errors?: Array<{ field: string; code: string; path?: string; message?: string }>;
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
