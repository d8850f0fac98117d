import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';

describe('tenant isolation', () => {
  let t: TestApp;
  let other: { tenantId: string; adminKey: string };
  let othersKeyId: string;

  before(async () => {
    t = await createTestApp();
    other = await addOtherProvider(t);
    othersKeyId = (await createKey(t, 'analyst', { as: other.adminKey })).id;
  });
  after(() => t.close());

  it('does not let tenant A read tenant B’s API key, tenant or audit events', async () => {
    const key = await t.app.inject({
      method: 'GET',
      url: `/v1/api-keys/${othersKeyId}`,
      headers: bearer(t.adminKey),
    });
    assert.equal(key.statusCode, 404);
    assert.equal(problemOf(key).code, 'API_KEY_NOT_FOUND');

    const tenant = await t.app.inject({
      method: 'GET',
      url: `/v1/tenants/${other.tenantId}`,
      headers: bearer(t.adminKey),
    });
    assert.equal(tenant.statusCode, 404);
    assert.equal(problemOf(tenant).code, 'TENANT_NOT_FOUND');

    const keys = await t.app.inject({
      method: 'GET',
      url: '/v1/api-keys?limit=200',
      headers: bearer(t.adminKey),
    });
    assert.ok(
      keys.json<{ items: Array<{ tenantId: string }> }>().items.every((k) => k.tenantId === t.tenantId),
    );

    const audit = await t.app.inject({
      method: 'GET',
      url: '/v1/audit-events?limit=200',
      headers: bearer(t.adminKey),
    });
    const events = audit.json<{ items: Array<{ tenantId: string; target: { id: string } }> }>().items;
    assert.ok(events.length > 0);
    assert.ok(events.every((e) => e.tenantId === t.tenantId));
    assert.ok(!events.some((e) => e.target.id === othersKeyId));
  });

  it('does not let tenant A revoke tenant B’s key, which keeps working', async () => {
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${othersKeyId}`,
      headers: bearer(t.adminKey),
    });
    assert.equal(revoke.statusCode, 404);
    const own = await t.app.inject({
      method: 'GET',
      url: `/v1/api-keys/${othersKeyId}`,
      headers: bearer(other.adminKey),
    });
    assert.equal(own.json<{ revokedAt: string | null }>().revokedAt, null);
  });

  it('does not let tenant A create a key in tenant B', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: bearer(t.adminKey),
      payload: { role: 'admin', name: 'foothold', tenantId: other.tenantId },
    });
    assert.equal(response.statusCode, 404);
    assert.equal(problemOf(response).code, 'TENANT_NOT_FOUND');
    assert.equal(problemOf(response).field, 'body.tenantId');
  });

  it('lets a provider register a reseller and issue it a key; the reseller sees only itself', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: bearer(t.adminKey),
      payload: { name: 'Resell Co' },
    });
    assert.equal(created.statusCode, 201);
    const reseller = created.json<{ id: string; parentId: string; kind: string }>();
    assert.equal(reseller.parentId, t.tenantId);
    assert.equal(reseller.kind, 'reseller');

    const resellerKey = await createKey(t, 'admin', { tenantId: reseller.id });
    assert.equal(resellerKey.tenantId, reseller.id);

    const up = await t.app.inject({
      method: 'GET',
      url: `/v1/tenants/${t.tenantId}`,
      headers: bearer(resellerKey.key),
    });
    assert.equal(up.statusCode, 404);
    const list = await t.app.inject({ method: 'GET', url: '/v1/tenants', headers: bearer(resellerKey.key) });
    assert.deepEqual(
      list.json<{ items: Array<{ id: string }> }>().items.map((x) => x.id),
      [reseller.id],
    );
    const sub = await t.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: bearer(resellerKey.key),
      payload: { name: 'Sub' },
    });
    assert.equal(sub.statusCode, 403);

    const seenByProvider = await t.app.inject({
      method: 'GET',
      url: `/v1/tenants/${reseller.id}`,
      headers: bearer(t.adminKey),
    });
    assert.equal(seenByProvider.statusCode, 200);
    const seenByOther = await t.app.inject({
      method: 'GET',
      url: `/v1/tenants/${reseller.id}`,
      headers: bearer(other.adminKey),
    });
    assert.equal(seenByOther.statusCode, 404);
  });
});
