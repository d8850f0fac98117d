/**
 * The legal-hold routes: another tenant's subject first, then bad input (422 with the field path),
 * roles, setting by account id and external id, listing with the filters and cursor, release and the
 * second release (409), idempotent creation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccountRecord } from '../../src/storage/port.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';

interface HoldBody {
  id: string;
  subject: { type: string; id: string };
  reason: string;
  active: boolean;
  setBy: string;
  release: { by: string; at: string; reason: string } | null;
}

describe('legal holds over HTTP', () => {
  let t: TestApp;
  let other: { tenantId: string; adminKey: string };
  let account: AccountRecord;
  let othersAccount: AccountRecord;
  let auditorKey: string;
  let analystKey: string;

  const post = (url: string, payload: unknown, key = t.adminKey, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(key), ...headers },
      payload: payload as object,
    });
  const get = (url: string, key = t.adminKey) => t.app.inject({ method: 'GET', url, headers: bearer(key) });

  before(async () => {
    t = await createTestApp();
    other = await addOtherProvider(t);
    account = await anAccountIn(t.services.store, t.tenantId, { externalId: 'cust-1042' });
    othersAccount = await anAccountIn(t.services.store, other.tenantId, { externalId: 'cust-1042' });
    auditorKey = (await createKey(t, 'auditor')).key;
    analystKey = (await createKey(t, 'analyst')).key;
  });
  after(() => t.close());

  it('answers 404 for the other tenant’s account and party, and stores nothing', async () => {
    const byAccount = await post('/v1/legal-holds', {
      subject: { type: 'account', id: othersAccount.id },
      reason: 'Preservation letter 17',
    });
    assert.equal(byAccount.statusCode, 404);
    assert.deepEqual(
      { code: problemOf(byAccount).code, field: problemOf(byAccount).field },
      { code: 'ACCOUNT_NOT_FOUND', field: 'body.subject.id' },
    );
    const byParty = await post('/v1/legal-holds', {
      subject: { type: 'party', id: othersAccount.partyId },
      reason: 'Preservation letter 17',
    });
    assert.equal(byParty.statusCode, 404);
    assert.equal(problemOf(byParty).code, 'PARTY_NOT_FOUND');
    const listed = await get(`/v1/legal-holds?subject=account:${othersAccount.id}`);
    assert.equal(listed.statusCode, 404);
    const mine = await get('/v1/legal-holds', other.adminKey);
    assert.deepEqual(mine.json<{ items: unknown[] }>().items, []);
  });

  it('answers 422 LEGAL_HOLD_INVALID with the field path for bad input', async () => {
    const cases: Array<[unknown, string]> = [
      [{ subject: { type: 'account', id: account.id } }, 'body.reason'],
      [{ subject: { type: 'account', id: account.id }, reason: 'x'.repeat(1001) }, 'body.reason'],
      [{ subject: { type: 'tenant', id: account.id }, reason: 'Preservation letter' }, 'body.subject.type'],
      [{ subject: { type: 'account', id: account.id }, reason: 'ok reason', extra: 1 }, 'body.extra'],
    ];
    for (const [payload, field] of cases) {
      const response = await post('/v1/legal-holds', payload);
      assert.equal(response.statusCode, 422, JSON.stringify(payload));
      const problem = problemOf(response);
      assert.equal(problem.code, 'LEGAL_HOLD_INVALID');
      assert.equal(problem.field, field);
    }
    const badPath = await post('/v1/legal-holds/not-a-uuid/release', { reason: 'Matter closed' });
    assert.equal(badPath.statusCode, 400);
    assert.equal(problemOf(badPath).code, 'VALIDATION_FAILED');
  });

  it('lets an analyst neither set nor list holds', async () => {
    const set = await post(
      '/v1/legal-holds',
      { subject: { type: 'account', id: account.id }, reason: 'Preservation letter' },
      analystKey,
    );
    assert.equal(set.statusCode, 403);
    assert.equal((await get('/v1/legal-holds', analystKey)).statusCode, 403);
  });

  let holdId: string;

  it('sets a hold by external id (auditor), idempotently, and lists it as covering the party', async () => {
    const payload = { subject: { type: 'account', id: 'cust-1042' }, reason: 'Subpoena 2026-44' };
    const headers = { 'idempotency-key': 'hold-1' };
    const created = await post('/v1/legal-holds', payload, auditorKey, headers);
    assert.equal(created.statusCode, 201, created.body);
    const hold = created.json<HoldBody>();
    holdId = hold.id;
    assert.deepEqual(hold.subject, { type: 'account', id: account.id });
    assert.equal(hold.active, true);
    assert.equal(hold.release, null);
    const replay = await post('/v1/legal-holds', payload, auditorKey, headers);
    assert.equal(replay.json<HoldBody>().id, holdId);
    assert.equal(replay.headers['idempotent-replayed'], 'true');

    const second = await post('/v1/legal-holds', {
      subject: { type: 'party', id: account.partyId },
      reason: 'Litigation hold',
    });
    assert.equal(second.statusCode, 201);
    const page1 = await get(`/v1/legal-holds?subject=party:${account.partyId}&active=true&limit=1`);
    const first = page1.json<{ items: HoldBody[]; nextCursor: string | null }>();
    assert.equal(first.items.length, 1);
    assert.equal(first.items[0]?.subject.type, 'party', 'newest first');
    assert.notEqual(first.nextCursor, null);
    const page2 = await get(
      `/v1/legal-holds?subject=party:${account.partyId}&active=true&limit=1&cursor=${first.nextCursor}`,
    );
    assert.deepEqual(
      page2.json<{ items: HoldBody[] }>().items.map((h) => h.id),
      [holdId],
    );
    assert.equal((await get('/v1/legal-holds?subject=bogus')).statusCode, 400);
  });

  it('releases a hold once, then answers 409 LEGAL_HOLD_RELEASED', async () => {
    const released = await post(`/v1/legal-holds/${holdId}/release`, { reason: 'Matter closed' });
    assert.equal(released.statusCode, 200, released.body);
    const body = released.json<HoldBody>();
    assert.equal(body.active, false);
    assert.equal(body.release?.reason, 'Matter closed');
    const again = await post(`/v1/legal-holds/${holdId}/release`, { reason: 'Matter closed' });
    assert.equal(again.statusCode, 409);
    assert.equal(problemOf(again).code, 'LEGAL_HOLD_RELEASED');
    const missingReason = await post(`/v1/legal-holds/${holdId}/release`, {});
    assert.equal(missingReason.statusCode, 422);
    assert.equal(problemOf(missingReason).field, 'body.reason');
    const othersView = await post(
      `/v1/legal-holds/${holdId}/release`,
      { reason: 'x'.repeat(5) },
      other.adminKey,
    );
    assert.equal(othersView.statusCode, 404);
    assert.equal(problemOf(othersView).code, 'LEGAL_HOLD_NOT_FOUND');
    const inactive = await get('/v1/legal-holds?active=false');
    assert.deepEqual(
      inactive.json<{ items: HoldBody[] }>().items.map((h) => h.id),
      [holdId],
    );
    assert.equal((await get(`/v1/legal-holds/${holdId}`, auditorKey)).json<HoldBody>().active, false);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await get('/openapi.json')).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/v1/legal-holds', '/v1/legal-holds/{id}', '/v1/legal-holds/{id}/release']) {
      assert.ok(document.paths[path], path);
    }
  });
});
