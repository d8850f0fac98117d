/** The console's API client calls only operations the server's OpenAPI document describes. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, API_OPERATIONS, QUEUE_PURPOSE } from '../../web/src/api.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';

describe('the console API client', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('uses only paths and methods that /openapi.json documents, with their cookie security', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
    }>();
    const missing = API_OPERATIONS.filter(([method, path]) => document.paths[path]?.[method] === undefined);
    assert.deepEqual(missing, []);
    const cookieRoutes = [
      '/v1/parties/search',
      '/v1/parties/{id}/reveal',
      '/v1/review-queue',
      '/v1/dashboard',
      '/v1/access-events/ip-summary',
    ];
    for (const path of cookieRoutes) {
      const operation = Object.values(document.paths[path] ?? {})[0];
      assert.ok(
        operation?.security?.some((s) => 'sessionCookie' in s),
        `${path} documents the session cookie`,
      );
    }
  });

  it('states its purpose when it reads hits and redress requests, which a tenant may require', async () => {
    const sent: Array<{ url: string; headers: Record<string, string> }> = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      sent.push({ url, headers: init.headers as Record<string, string> });
      return new Response('{"items":[]}', { status: 200 });
    }) as typeof fetch;
    try {
      await api.hits('open');
      await api.redress();
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.deepEqual(
      sent.map((s) => s.headers['x-gatehouse-purpose']),
      [QUEUE_PURPOSE['x-gatehouse-purpose'], QUEUE_PURPOSE['x-gatehouse-purpose']],
    );
    // And the server takes it as a purpose where one is required.
    const set = await t.app.inject({
      method: 'PUT',
      url: '/v1/settings/privacy',
      headers: bearer(t.adminKey),
      payload: { requireReadPurpose: true },
    });
    assert.equal(set.statusCode, 200, set.body);
    for (const { url } of sent) {
      const read = await t.app.inject({
        method: 'GET',
        url,
        headers: { ...bearer(t.adminKey), ...QUEUE_PURPOSE },
      });
      assert.equal(read.statusCode, 200, `${url}: ${read.body}`);
      const refused = await t.app.inject({ method: 'GET', url, headers: bearer(t.adminKey) });
      assert.equal(refused.statusCode, 400, url);
    }
  });
});
