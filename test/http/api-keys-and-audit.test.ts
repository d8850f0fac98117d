import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, createKey, createTestApp, problemOf, type TestApp } from '../support/app.ts';

interface AuditEvent {
  actor: { type: string; id: string };
  action: string;
  target: { type: string; id: string };
  requestId: string | null;
  details: Record<string, unknown>;
}

describe('API keys and the audit log', () => {
  let t: TestApp;
  let adminKeyId: string;
  before(async () => {
    t = await createTestApp();
    adminKeyId = (await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(t.adminKey) })).json<{
      key: { id: string };
    }>().key.id;
  });
  after(() => t.close());

  it('shows a new key once and never lists the secret', async () => {
    const created = await createKey(t, 'reviewer');
    assert.match(created.key, /^gth_[a-z2-7]{16}_[a-z2-7]{52}$/);
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/api-keys?limit=200',
      headers: bearer(t.adminKey),
    });
    assert.ok(!list.body.includes(created.key.split('_')[2] ?? 'missing'));
    const one = await t.app.inject({
      method: 'GET',
      url: `/v1/api-keys/${created.id}`,
      headers: bearer(t.adminKey),
    });
    assert.equal(one.json<{ prefix: string }>().prefix, created.key.split('_').slice(0, 2).join('_'));
    assert.equal(one.json<{ key?: string }>().key, undefined);
  });

  it('records each change with actor, action, target and the request id, in the same request', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { ...bearer(t.adminKey), 'x-request-id': 'req-create-1' },
      payload: { role: 'ingest', name: 'collector' },
    });
    const keyId = created.json<{ id: string }>().id;
    await t.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${keyId}`,
      headers: { ...bearer(t.adminKey), 'x-request-id': 'req-revoke-1' },
    });
    // A second revoke changes nothing and records nothing.
    await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${keyId}`, headers: bearer(t.adminKey) });

    const audit = await t.app.inject({
      method: 'GET',
      url: '/v1/audit-events?limit=200',
      headers: bearer(t.adminKey),
    });
    const events = audit.json<{ items: AuditEvent[] }>().items.filter((e) => e.target.id === keyId);
    assert.deepEqual(
      events.map((e) => [e.action, e.requestId, e.actor.type, e.actor.id]),
      [
        ['api_key.revoked', 'req-revoke-1', 'api_key', adminKeyId],
        ['api_key.created', 'req-create-1', 'api_key', adminKeyId],
      ],
    );
    assert.deepEqual(events[1]?.details, { role: 'ingest' });
  });

  it('filters the audit log by action and time window', async () => {
    const start = new Date().toISOString();
    await createKey(t, 'analyst');
    const url = `/v1/audit-events?action=api_key.created&from=${encodeURIComponent(start)}`;
    const events = (await t.app.inject({ method: 'GET', url, headers: bearer(t.adminKey) })).json<{
      items: AuditEvent[];
    }>().items;
    assert.equal(events.length, 1);
    assert.equal(events[0]?.action, 'api_key.created');
    const none = await t.app.inject({
      method: 'GET',
      url: `/v1/audit-events?to=${encodeURIComponent('2000-01-01T00:00:00Z')}`,
      headers: bearer(t.adminKey),
    });
    assert.deepEqual(none.json<{ items: unknown[] }>().items, []);
  });

  it('pages through keys with opaque cursors, without gaps or repeats', async () => {
    for (let i = 0; i < 5; i += 1) await createKey(t, 'analyst');
    const all = (
      await t.app.inject({ method: 'GET', url: '/v1/api-keys?limit=200', headers: bearer(t.adminKey) })
    ).json<{
      items: Array<{ id: string }>;
    }>().items;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = (
        await t.app.inject({
          method: 'GET',
          url: `/v1/api-keys?limit=2${query}`,
          headers: bearer(t.adminKey),
        })
      ).json<{
        items: Array<{ id: string }>;
        nextCursor: string | null;
      }>();
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((k) => k.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(
      seen,
      all.map((k) => k.id),
    );
  });

  it('answers 404 API_KEY_NOT_FOUND for a key id that does not exist', async () => {
    const response = await t.app.inject({
      method: 'DELETE',
      url: '/v1/api-keys/00000000-0000-4000-8000-000000000000',
      headers: bearer(t.adminKey),
    });
    assert.equal(response.statusCode, 404);
    assert.equal(problemOf(response).code, 'API_KEY_NOT_FOUND');
  });
});

describe('rate limits per key', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ rateLimitPerMinute: 3 });
  });
  after(() => t.close());

  it('refuses the request over the limit with 429 RATE_LIMITED, and counts each key apart', async () => {
    const other = await t.services.apiKeys.createKey(
      { tenantId: t.tenantId, type: 'cli', id: 'test', role: 'admin', requestId: null },
      { role: 'analyst', name: 'other' },
    );
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push(
        (await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(t.adminKey) })).statusCode,
      );
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(t.adminKey) });
    assert.equal(problemOf(limited).code, 'RATE_LIMITED');
    assert.ok(limited.headers['retry-after']);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(other.token) })).statusCode,
      200,
    );
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/health' })).statusCode, 200);
  });
});
