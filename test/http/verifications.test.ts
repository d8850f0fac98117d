import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addOtherProvider, bearer, createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { submitPendingAnna } from '../support/applicants.ts';

describe('possession checks with one-time codes', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const pendingApplication = () => submitPendingAnna(t);

  const start = (applicationId: string, method = 'email_possession', key = t.adminKey) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/applications/${applicationId}/verifications`,
      headers: bearer(key),
      payload: { method },
    });
  const confirm = (checkId: string, code: string, key = t.adminKey) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/verifications/${checkId}/confirm`,
      headers: bearer(key),
      payload: { code },
    });

  it('refuses another tenant’s application and a wrong code, counting attempts until the check fails', async () => {
    const applicationId = await pendingApplication();
    const other = await addOtherProvider(t);
    assert.equal(
      problemOf(await start(applicationId, 'email_possession', other.adminKey)).code,
      'APPLICATION_NOT_FOUND',
    );

    const check = (await start(applicationId)).json<{ id: string; destination: string }>();
    assert.equal(check.destination, 'a***@example.se');
    const sent = t.sentCodes.at(-1);
    assert.equal(sent?.destination, 'anna@example.se');
    assert.equal(
      problemOf(await confirm(check.id, sent?.code ?? '', other.adminKey)).code,
      'VERIFICATION_NOT_FOUND',
    );
    const wrong = sent?.code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await confirm(check.id, wrong);
      assert.equal(response.statusCode, 422);
      assert.equal(problemOf(response).code, 'VERIFICATION_CODE_INVALID');
    }
    // Used up: even the right code no longer works.
    assert.equal(problemOf(await confirm(check.id, sent?.code ?? '')).code, 'VERIFICATION_CLOSED');
  });

  it('never stores or returns the code itself', async () => {
    const applicationId = await pendingApplication();
    const check = await start(applicationId, 'phone_possession');
    const code = t.sentCodes.at(-1)?.code ?? 'missing';
    assert.ok(!check.body.includes(code));
    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/applications/${applicationId}/verifications`,
      headers: bearer(t.adminKey),
    });
    assert.ok(!list.body.includes(`"${code}"`));
    assert.match(list.body, /"destination":"\+46\*+4567"/);
  });

  it('approves a pending account once the confirmed code completes its verification', async () => {
    const applicationId = await pendingApplication();
    const check = (await start(applicationId)).json<{ id: string }>();
    const response = await confirm(check.id, t.sentCodes.at(-1)?.code ?? '');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<{
      verification: { status: string };
      decision: { status: string; rule: string } | null;
    }>();
    assert.equal(body.verification.status, 'passed');
    assert.deepEqual([body.decision?.status, body.decision?.rule], ['approved', 'cip.verified']);
    const read = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/applications/${applicationId}`,
        headers: bearer(t.adminKey),
      })
    ).json<{
      account: { status: string };
    }>();
    assert.equal(read.account.status, 'approved');
    const checks = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/applications/${applicationId}/verifications`,
        headers: bearer(t.adminKey),
      })
    ).json<{
      items: Array<{ method: string; status: string; checkedBy: string }>;
    }>().items;
    assert.deepEqual(
      checks.map((c) => [c.method, c.status]),
      [
        ['document', 'passed'],
        ['email_possession', 'passed'],
      ],
    );
    assert.equal(
      problemOf(await confirm(check.id, t.sentCodes.at(-1)?.code ?? '')).code,
      'VERIFICATION_CLOSED',
    );
  });
});
