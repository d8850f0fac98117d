import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { validate } from '@readme/openapi-parser';
import { ERROR_CODES } from '../../src/errors.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('the OpenAPI document', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('is a valid OpenAPI 3.1 document by a real validator', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<
      Record<string, unknown>
    >();
    assert.equal(document.openapi, '3.1.0');
    const result = await validate(structuredClone(document) as never);
    assert.equal(result.valid, true, JSON.stringify(result));
  });

  it('describes every route with its problem response, and bearer auth on authenticated ones', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    }>();
    for (const path of [
      '/v1/health',
      '/v1/ready',
      '/v1/me',
      '/v1/tenants',
      '/v1/tenants/{id}',
      '/v1/api-keys',
      '/v1/api-keys/{id}',
      '/v1/audit-events',
    ]) {
      assert.ok(document.paths[path], path);
    }
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        assert.ok(operation.responses.default, `${method} ${path} lacks the problem response`);
        if (!path.startsWith('/v1/health') && !path.startsWith('/v1/ready'))
          assert.ok(operation.security, `${method} ${path} lacks security`);
      }
    }
  });
});

describe('docs/errors.md', () => {
  it('documents every error code', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const missing = ERROR_CODES.filter((code) => !doc.includes(`\`${code}\``));
    assert.deepEqual(missing, []);
  });
});
