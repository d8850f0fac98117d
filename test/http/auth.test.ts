import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  bearer,
  countAuditEvents,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';

describe('authentication and roles', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('refuses a request without a key with 401 UNAUTHENTICATED on the authorization header', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/me' });
    assert.equal(response.statusCode, 401);
    const problem = problemOf(response);
    assert.equal(problem.code, 'UNAUTHENTICATED');
    assert.equal(problem.field, 'header.authorization');
  });

  it('refuses a malformed key, an unknown well-formed key and a non-bearer scheme alike', async () => {
    const wellFormedUnknown = `gth_${'a'.repeat(16)}_${'b'.repeat(52)}`;
    const tampered = t.adminKey.slice(0, -1) + (t.adminKey.endsWith('a') ? 'b' : 'a');
    for (const authorization of [
      'Bearer nope',
      `Bearer ${wellFormedUnknown}`,
      `Bearer ${tampered}`,
      `Basic ${t.adminKey}`,
    ]) {
      const response = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization } });
      assert.equal(response.statusCode, 401, authorization);
      assert.equal(problemOf(response).code, 'UNAUTHENTICATED');
    }
  });

  it('refuses a revoked key with 401 API_KEY_REVOKED on its next request', async () => {
    const key = await createKey(t, 'analyst');
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.key) })).statusCode,
      200,
    );
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${key.id}`,
      headers: bearer(t.adminKey),
    });
    assert.equal(revoke.statusCode, 200);
    assert.ok(revoke.json<{ revokedAt: string | null }>().revokedAt);
    const response = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(key.key) });
    assert.equal(response.statusCode, 401);
    assert.equal(problemOf(response).code, 'API_KEY_REVOKED');
  });

  it('accepts the bearer scheme in any case (RFC 6750) and tells the caller who it is', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `bearer ${t.adminKey}` },
    });
    assert.equal(response.statusCode, 200);
    const body = response.json<{ tenant: { id: string; kind: string }; key: { role: string } }>();
    assert.equal(body.tenant.id, t.tenantId);
    assert.equal(body.tenant.kind, 'provider');
    assert.equal(body.key.role, 'admin');
  });

  it('forbids an auditor to create keys and writes nothing', async () => {
    const auditor = await createKey(t, 'auditor');
    const before = await countAuditEvents(t);
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: bearer(auditor.key),
      payload: { role: 'admin', name: 'escalation' },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(problemOf(response).code, 'FORBIDDEN');
    assert.equal(await countAuditEvents(t), before);
  });

  it('lets an auditor read the audit log but not an ingest key', async () => {
    const auditor = await createKey(t, 'auditor');
    const ingest = await createKey(t, 'ingest');
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/v1/audit-events', headers: bearer(auditor.key) }))
        .statusCode,
      200,
    );
    const refused = await t.app.inject({
      method: 'GET',
      url: '/v1/audit-events',
      headers: bearer(ingest.key),
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(problemOf(refused).code, 'FORBIDDEN');
  });

  it('serves health, readiness and the OpenAPI document without a key', async () => {
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/v1/health' })).json(), { status: 'ok' });
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/v1/ready' })).json(), {
      status: 'ready',
      store: 'pglite',
    });
    assert.equal((await t.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode, 200);
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND as problem+json', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/nothing-here' });
    assert.equal(response.statusCode, 404);
    assert.equal(problemOf(response).code, 'ROUTE_NOT_FOUND');
  });
});

describe('failed authentications per address', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ authFailuresPerMinute: 3 });
  });
  after(() => t.close());

  it('answers 429 RATE_LIMITED once an address has failed too often, even with a good key', async () => {
    const bad = `gth_${'a'.repeat(16)}_${'b'.repeat(52)}`;
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(bad) })).statusCode);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    const good = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(t.adminKey) });
    assert.equal(good.statusCode, 429);
    assert.equal(problemOf(good).code, 'RATE_LIMITED');
    const elsewhere = await t.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: bearer(t.adminKey),
      remoteAddress: '10.9.8.7',
    });
    assert.equal(elsewhere.statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/health' })).statusCode, 200);
  });
});
