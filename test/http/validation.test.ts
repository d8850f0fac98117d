import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, countAuditEvents, createTestApp, problemOf, type TestApp } from '../support/app.ts';

describe('bad input', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ bodyLimitBytes: 2048 });
  });
  after(() => t.close());

  const post = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { ...bearer(t.adminKey), 'content-type': 'application/json', ...headers },
      payload,
    });

  async function assertNothingWritten(work: () => Promise<void>): Promise<void> {
    const auditBefore = await countAuditEvents(t);
    const keysBefore = (
      await t.app.inject({ method: 'GET', url: '/v1/api-keys?limit=200', headers: bearer(t.adminKey) })
    ).json<{
      items: unknown[];
    }>().items.length;
    await work();
    assert.equal(await countAuditEvents(t), auditBefore, 'audit events written');
    const keysAfter = (
      await t.app.inject({ method: 'GET', url: '/v1/api-keys?limit=200', headers: bearer(t.adminKey) })
    ).json<{
      items: unknown[];
    }>().items.length;
    assert.equal(keysAfter, keysBefore, 'keys written');
  }

  it('answers malformed JSON with 400 MALFORMED_JSON and writes nothing', async () => {
    await assertNothingWritten(async () => {
      for (const body of ['{"role":"admin",', 'not json', '']) {
        const response = await post(body);
        assert.equal(response.statusCode, 400, body);
        assert.equal(problemOf(response).code, 'MALFORMED_JSON');
      }
    });
  });

  it('names the field of a wrong type, a missing field and an unknown field', async () => {
    await assertNothingWritten(async () => {
      const wrongType = problemOf(await post(JSON.stringify({ role: 'root', name: 'x' })));
      assert.equal(wrongType.status, 400);
      assert.equal(wrongType.code, 'VALIDATION_FAILED');
      assert.equal(wrongType.field, 'body.role');

      const missing = problemOf(await post(JSON.stringify({ role: 'admin' })));
      assert.equal(missing.field, 'body.name');

      const unknown = problemOf(await post(JSON.stringify({ role: 'admin', name: 'x', superuser: true })));
      assert.equal(unknown.code, 'VALIDATION_FAILED');
      assert.deepEqual(
        unknown.errors?.map((e) => [e.field, e.code]),
        [['body.superuser', 'unknown_field']],
      );

      const blankName = problemOf(await post(JSON.stringify({ role: 'admin', name: '   ' })));
      assert.equal(blankName.field, 'body.name');
    });
  });

  it('refuses an oversize body with 413 PAYLOAD_TOO_LARGE', async () => {
    await assertNothingWritten(async () => {
      const response = await post(JSON.stringify({ role: 'admin', name: 'x'.repeat(4000) }));
      assert.equal(response.statusCode, 413);
      assert.equal(problemOf(response).code, 'PAYLOAD_TOO_LARGE');
    });
  });

  it('refuses a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    await assertNothingWritten(async () => {
      const response = await post('role=admin', { 'content-type': 'application/x-www-form-urlencoded' });
      assert.equal(response.statusCode, 415);
      assert.equal(problemOf(response).code, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('refuses a cursor it did not issue with 400 INVALID_CURSOR', async () => {
    const forged = Buffer.from('v1|12:not-a-uuid').toString('base64url');
    for (const cursor of ['garbage!', 'djF8', forged, Buffer.from('v2|1:x').toString('base64url')]) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/v1/api-keys?cursor=${encodeURIComponent(cursor)}`,
        headers: bearer(t.adminKey),
      });
      assert.equal(response.statusCode, 400, cursor);
      const problem = problemOf(response);
      assert.ok(['INVALID_CURSOR', 'VALIDATION_FAILED'].includes(problem.code), problem.code);
      assert.equal(problem.field, 'query.cursor');
    }
    const auditCursor = await t.app.inject({
      method: 'GET',
      url: `/v1/audit-events?cursor=${forged}`,
      headers: bearer(t.adminKey),
    });
    assert.equal(problemOf(auditCursor).code, 'INVALID_CURSOR');
  });

  it('names a bad limit, an unknown query parameter, a bad date and a bad id', async () => {
    const limit = problemOf(
      await t.app.inject({ method: 'GET', url: '/v1/api-keys?limit=0', headers: bearer(t.adminKey) }),
    );
    assert.equal(limit.field, 'query.limit');
    const unknown = problemOf(
      await t.app.inject({ method: 'GET', url: '/v1/api-keys?sort=desc', headers: bearer(t.adminKey) }),
    );
    assert.equal(unknown.errors?.[0]?.field, 'query.sort');
    const date = problemOf(
      await t.app.inject({
        method: 'GET',
        url: '/v1/audit-events?from=yesterday',
        headers: bearer(t.adminKey),
      }),
    );
    assert.equal(date.field, 'query.from');
    const id = await t.app.inject({ method: 'GET', url: '/v1/api-keys/42', headers: bearer(t.adminKey) });
    assert.equal(id.statusCode, 400);
    assert.equal(problemOf(id).field, 'path.id');
  });

  it('keeps a plain X-Request-Id and replaces one that is not a plain token', async () => {
    const kept = await t.app.inject({
      method: 'GET',
      url: '/v1/health',
      headers: { 'x-request-id': 'trace-123' },
    });
    assert.equal(kept.headers['x-request-id'], 'trace-123');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/v1/health',
      headers: { 'x-request-id': 'evil\u0000 id <script>' },
    });
    assert.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const problem = problemOf(
      await t.app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-request-id': 'trace-456' } }),
    );
    assert.equal(problem.requestId, 'trace-456');
  });
});
