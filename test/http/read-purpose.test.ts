/**
 * A tenant that requires a purpose for every unmasked read of personal data (`PUT /v1/settings/privacy`):
 * reads of a party, an application, screening hits and redress requests without `X-Gatehouse-Purpose` are refused
 * before anything is read or audited; masked reads, and other tenants, are not affected.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../src/services/context.ts';
import { anna } from '../support/applicants.ts';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';

describe('a stated purpose required for reads of personal data', () => {
  let t: TestApp;
  let operator: Actor;
  let partyId: string;
  let applicationId: string;
  let hitId: string;
  let redressId: string;
  let measureId: string;
  let analystKey: string;
  let analystKeyId: string;
  let other: { tenantId: string; adminKey: string };

  const request = (method: 'GET' | 'PUT' | 'POST', url: string, key: string, extra: object = {}) =>
    t.app.inject({ method, url, headers: bearer(key), ...extra });
  const withPurpose = (url: string, purpose: string, key = t.adminKey) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer(key), 'x-gatehouse-purpose': purpose } });
  const setRule = (requireReadPurpose: unknown, key = t.adminKey) =>
    request('PUT', '/v1/settings/privacy', key, { payload: { requireReadPurpose } });
  const readsOf = async (action: string) =>
    (await t.services.store.audit.list(t.tenantId, { action }, { limit: 100, after: undefined })).items;

  before(async () => {
    t = await createTestApp();
    operator = { tenantId: t.tenantId, type: 'cli', id: 'test', role: 'admin', requestId: null };
    const deny = 'name,type,dob,country\nAnna Maria Eriksen,person,1974,SE\n';
    await t.services.lists.importFiles(operator, 'deny-list', [{ name: 'deny.csv', content: deny }]);
    const submitted = await request('POST', '/v1/applications', t.adminKey, { payload: anna() });
    assert.equal(submitted.statusCode, 201, submitted.body);
    const application = submitted.json<{ id: string; partyId: string }>();
    partyId = application.partyId;
    applicationId = application.id;
    const [hit] = await t.services.store.screening.listHitsOfParty(t.tenantId, partyId);
    assert.ok(hit, 'the deny list raised a hit');
    hitId = hit.id;
    const contested = await request('POST', `/v1/applications/${application.id}/redress`, t.adminKey, {
      payload: { statement: 'I am not the listed person.' },
    });
    assert.equal(contested.statusCode, 201, contested.body);
    redressId = contested.json<{ id: string }>().id;
    const measure = await request('POST', '/v1/special-measures', t.adminKey, {
      payload: {
        kind: 'prohibit',
        target: { type: 'jurisdiction', countries: ['KP'] },
        determinationDate: '2026-01-01',
        citation: 'test',
      },
    });
    assert.equal(measure.statusCode, 201, measure.body);
    measureId = measure.json<{ id: string }>().id;
    const analyst = await createKey(t, 'analyst');
    analystKey = analyst.key;
    analystKeyId = analyst.id;
    other = await addOtherProvider(t);
  });
  after(() => t.close());

  it('is off by default; only an admin sets it, and the change is audited', async () => {
    const initial = await request('GET', '/v1/settings/privacy', analystKey);
    assert.equal(initial.statusCode, 200, initial.body);
    assert.deepEqual(initial.json(), { requireReadPurpose: false });
    const forbidden = await setRule(true, analystKey);
    assert.equal(forbidden.statusCode, 403);
    assert.equal(problemOf(forbidden).code, 'FORBIDDEN');

    const notBoolean = await setRule('yes');
    assert.equal(notBoolean.statusCode, 400);
    assert.equal(problemOf(notBoolean).code, 'VALIDATION_FAILED');
    assert.equal(problemOf(notBoolean).field, 'body.requireReadPurpose');
    const unknownField = await request('PUT', '/v1/settings/privacy', t.adminKey, {
      payload: { requireReadPurpose: true, requireReason: true },
    });
    assert.equal(unknownField.statusCode, 400);

    const set = await setRule(true);
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json(), { requireReadPurpose: true });
    assert.deepEqual((await request('GET', '/v1/settings/privacy', t.adminKey)).json(), {
      requireReadPurpose: true,
    });
    const [audit] = await readsOf('settings.privacy_set');
    assert.deepEqual(audit?.details, { requireReadPurpose: true, before: false });
  });

  it('refuses an unmasked read without a purpose before reading or auditing it, and serves one with a purpose', async () => {
    const urls = [
      `/v1/parties/${partyId}`,
      `/v1/applications/${applicationId}`,
      `/v1/applications/${applicationId}/verifications`,
      `/v1/screening-hits/${hitId}`,
      '/v1/screening-hits',
      `/v1/redress/${redressId}`,
      '/v1/redress',
      '/v1/review-queue',
      `/v1/special-measures/${measureId}/actions`,
    ];
    const actions = [
      'party.read',
      'application.read',
      'verification.read',
      'screening_hit.read',
      'screening_hits.listed',
      'redress.read',
      'redress.listed',
      'review_queue.listed',
      'measure_actions.listed',
    ];
    const before = await Promise.all(actions.map(async (a) => (await readsOf(a)).length));
    for (const url of urls) {
      const refused = await request('GET', url, t.adminKey);
      assert.equal(refused.statusCode, 400, `${url}: ${refused.body}`);
      assert.equal(problemOf(refused).code, 'PURPOSE_REQUIRED');
      assert.equal(problemOf(refused).field, 'headers.x-gatehouse-purpose');
      const blank = await withPurpose(url, '   ');
      assert.equal(problemOf(blank).code, 'PURPOSE_REQUIRED', `${url}: a blank purpose is none`);
      const tooShort = await withPurpose(url, 'x ');
      assert.equal(problemOf(tooShort).code, 'PURPOSE_REQUIRED', `${url}: one character says nothing`);
    }
    assert.deepEqual(
      await Promise.all(actions.map(async (a) => (await readsOf(a)).length)),
      before,
      'nothing refused was audited as read',
    );
    for (const url of urls) {
      const served = await withPurpose(url, 'ticket CIP-118');
      assert.equal(served.statusCode, 200, `${url}: ${served.body}`);
    }
    for (const action of actions) {
      const [latest] = (await readsOf(action)).slice(-1);
      assert.equal(latest?.details.purpose, 'ticket CIP-118', action);
    }
  });

  it('does not apply to masked reads, nor to another tenant', async () => {
    const masked = await request('GET', `/v1/parties/${partyId}`, analystKey);
    assert.equal(masked.statusCode, 200, masked.body);
    assert.equal(masked.json<{ masked: boolean }>().masked, true);
    assert.equal((await request('GET', `/v1/redress/${redressId}`, analystKey)).statusCode, 200);
    const application = await request('GET', `/v1/applications/${applicationId}`, analystKey);
    assert.equal(application.statusCode, 200, application.body);
    const reads = (await readsOf('application.read')).map((r) => r.details);
    assert.deepEqual(
      reads.filter((d) => d.masked === true),
      [{ partyId, masked: true, purpose: null }],
      'a masked read is audited too',
    );
    const theirApplication = await request('GET', `/v1/applications/${applicationId}`, other.adminKey);
    assert.equal(problemOf(theirApplication).code, 'APPLICATION_NOT_FOUND');
    const theirChecks = await request(
      'GET',
      `/v1/applications/${applicationId}/verifications`,
      other.adminKey,
    );
    assert.equal(theirChecks.statusCode, 404, 'another tenant’s application is not found, not an empty list');
    assert.equal(problemOf(theirChecks).code, 'APPLICATION_NOT_FOUND');
    const theirActions = await request('GET', `/v1/special-measures/${measureId}/actions`, other.adminKey);
    assert.equal(problemOf(theirActions).code, 'MEASURE_NOT_FOUND');
    for (const [url, action] of [
      ['/v1/review-queue', 'review_queue.listed'],
      [`/v1/special-measures/${measureId}/actions`, 'measure_actions.listed'],
    ] as const) {
      const listed = await request('GET', url, analystKey);
      assert.equal(listed.statusCode, 200, `${url}: ${listed.body}`);
      const byAnalyst = (await readsOf(action)).filter((r) => r.actorId === analystKeyId);
      assert.deepEqual(
        byAnalyst.map((r) => [r.details.masked, r.details.purpose]),
        [[true, null]],
        `${action}: the analyst's masked read is audited`,
      );
    }
    const checks = await request('GET', `/v1/applications/${applicationId}/verifications`, analystKey);
    assert.equal(checks.statusCode, 200, checks.body);
    assert.deepEqual(
      (await readsOf('verification.read')).map((r) => r.details).filter((d) => d.masked === true),
      [{ partyId, checks: checks.json<{ items: unknown[] }>().items.length, masked: true, purpose: null }],
      'a masked read of the checks is audited too, and the other tenant’s attempt is not',
    );

    // The other tenant's rule is its own (off): its reads need no purpose, and never reach ours.
    assert.deepEqual((await request('GET', '/v1/settings/privacy', other.adminKey)).json(), {
      requireReadPurpose: false,
    });
    const theirs = await request('GET', '/v1/redress', other.adminKey);
    assert.equal(theirs.statusCode, 200, theirs.body);
    assert.deepEqual(theirs.json(), { items: [] });
    const ours = await request('GET', `/v1/parties/${partyId}`, other.adminKey);
    assert.equal(ours.statusCode, 404);
    assert.equal(problemOf(ours).code, 'PARTY_NOT_FOUND');
  });

  it('is turned off again by an admin', async () => {
    assert.equal((await setRule(false)).statusCode, 200);
    assert.equal((await request('GET', `/v1/parties/${partyId}`, t.adminKey)).statusCode, 200);
  });
});
