/** The console's API client calls only operations the server's OpenAPI document describes. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API_OPERATIONS } from '../../web/src/api.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

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
});
