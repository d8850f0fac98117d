import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  addOtherProvider,
  bearer,
  countAuditEvents,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';

describe('idempotency keys on creating POSTs', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const createKey = (idempotencyKey: string, payload: object, key = t.adminKey) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { ...bearer(key), 'idempotency-key': idempotencyKey },
      payload,
    });

  const keyCount = async () =>
    (await t.app.inject({ method: 'GET', url: '/v1/api-keys?limit=200', headers: bearer(t.adminKey) })).json<{
      items: unknown[];
    }>().items.length;

  it('refuses the same key with another body with 409 IDEMPOTENCY_KEY_REUSED and writes nothing more', async () => {
    const idem = randomUUID();
    assert.equal((await createKey(idem, { role: 'analyst', name: 'first' })).statusCode, 201);
    const keysBefore = await keyCount();
    const auditBefore = await countAuditEvents(t);
    const response = await createKey(idem, { role: 'admin', name: 'first' });
    assert.equal(response.statusCode, 409);
    const problem = problemOf(response);
    assert.equal(problem.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(problem.field, 'header.idempotency-key');
    assert.equal(await keyCount(), keysBefore);
    assert.equal(await countAuditEvents(t), auditBefore);
  });

  it('replays the first response for the same key and body, creating one key only', async () => {
    const idem = randomUUID();
    const keysBefore = await keyCount();
    const auditBefore = await countAuditEvents(t);
    const first = await createKey(idem, { role: 'analyst', name: 'sign-up service' });
    // Same body, other key order: still the same request.
    const replay = await createKey(idem, { name: 'sign-up service', role: 'analyst' });
    assert.equal(first.statusCode, 201);
    assert.equal(replay.statusCode, 201);
    assert.deepEqual(replay.json(), first.json());
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(first.headers['idempotent-replayed'], undefined);
    assert.equal(await keyCount(), keysBefore + 1);
    assert.equal(await countAuditEvents(t), auditBefore + 1);
    const replayedKey = replay.json<{ key: string }>().key;
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(replayedKey) })).statusCode,
      200,
    );
  });

  it('runs concurrent retries with one key once', async () => {
    const idem = randomUUID();
    const keysBefore = await keyCount();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => createKey(idem, { role: 'reviewer', name: 'retry storm' })),
    );
    assert.ok(responses.every((r) => r.statusCode === 201));
    assert.equal(new Set(responses.map((r) => r.json<{ id: string }>().id)).size, 1);
    assert.equal(await keyCount(), keysBefore + 1);
  });

  it('does not store a failed attempt: a corrected retry with the same key runs', async () => {
    const idem = randomUUID();
    const bad = await createKey(idem, { role: 'admin', name: 'x', tenantId: randomUUID() });
    assert.equal(bad.statusCode, 404);
    const good = await createKey(idem, { role: 'admin', name: 'x' });
    assert.equal(good.statusCode, 201);
  });

  it('keeps idempotency keys of different tenants apart', async () => {
    const other = await addOtherProvider(t);
    const idem = randomUUID();
    const mine = await createKey(idem, { role: 'analyst', name: 'same' });
    const theirs = await createKey(idem, { role: 'analyst', name: 'same' }, other.adminKey);
    assert.equal(theirs.statusCode, 201);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
    assert.notEqual(theirs.json<{ id: string }>().id, mine.json<{ id: string }>().id);
    assert.equal(theirs.json<{ tenantId: string }>().tenantId, other.tenantId);
  });

  it('also guards reseller registration, and rejects a malformed key', async () => {
    const idem = randomUUID();
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/tenants',
        headers: { ...bearer(t.adminKey), 'idempotency-key': idem },
        payload: { name: 'Once' },
      });
    const [a, b] = [await post(), await post()];
    assert.equal(a.json<{ id: string }>().id, b.json<{ id: string }>().id);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: { ...bearer(t.adminKey), 'idempotency-key': 'x'.repeat(300) },
      payload: { name: 'Never' },
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(problemOf(malformed).field, 'header.idempotency-key');
  });
});
