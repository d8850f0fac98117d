import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FAKE_VENDOR_SIGNATURE_HEADER, FakeVendor } from '../../src/providers/vendors/fake-vendor.ts';
import { submitPendingAnna } from '../support/applicants.ts';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';

describe('third-party identity vendor checks with signed webhooks', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const pendingApplication = () => submitPendingAnna(t);

  async function startVendorCheck(applicationId: string, key = t.adminKey) {
    return t.app.inject({
      method: 'POST',
      url: `/v1/applications/${applicationId}/verifications`,
      headers: bearer(key),
      payload: { method: 'vendor', vendor: 'fake' },
    });
  }

  const deliver = (webhook: { headers: Record<string, string>; body: string }, vendor = 'fake') =>
    t.app.inject({
      method: 'POST',
      url: `/v1/vendors/${vendor}/webhook`,
      headers: webhook.headers,
      payload: webhook.body,
    });

  it('refuses a webhook signed with another secret, and the check stays pending', async () => {
    const applicationId = await pendingApplication();
    const started = (await startVendorCheck(applicationId)).json<{ id: string; vendorReference: string }>();
    const forged = new FakeVendor('not-the-shared-secret-at-all').signedWebhook(
      started.vendorReference,
      'passed',
    );
    const response = await deliver(forged);
    assert.equal(response.statusCode, 401);
    assert.equal(problemOf(response).code, 'WEBHOOK_SIGNATURE_INVALID');
    const checks = await t.app.inject({
      method: 'GET',
      url: `/v1/applications/${applicationId}/verifications`,
      headers: bearer(t.adminKey),
    });
    const vendorCheck = checks
      .json<{ items: Array<{ id: string; status: string }> }>()
      .items.find((c) => c.id === started.id);
    assert.equal(vendorCheck?.status, 'pending');
  });

  it('refuses an unsigned webhook, a stale one, and a body changed after signing', async () => {
    const applicationId = await pendingApplication();
    const { vendorReference } = (await startVendorCheck(applicationId)).json<{ vendorReference: string }>();
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/v1/vendors/fake/webhook',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ reference: vendorReference, status: 'approved' }),
    });
    assert.equal(problemOf(unsigned).code, 'WEBHOOK_SIGNATURE_INVALID');
    const stale = t.vendor.signedWebhook(vendorReference, 'passed', new Date(Date.now() - 10 * 60_000));
    assert.equal(problemOf(await deliver(stale)).code, 'WEBHOOK_SIGNATURE_INVALID');
    const signed = t.vendor.signedWebhook(vendorReference, 'failed');
    const tampered = { headers: signed.headers, body: signed.body.replace('declined', 'approved') };
    assert.equal(problemOf(await deliver(tampered)).code, 'WEBHOOK_SIGNATURE_INVALID');
  });

  it('answers 404 VENDOR_NOT_FOUND for a vendor that is not configured', async () => {
    const applicationId = await pendingApplication();
    const response = await t.app.inject({
      method: 'POST',
      url: `/v1/applications/${applicationId}/verifications`,
      headers: bearer(t.adminKey),
      payload: { method: 'vendor', vendor: 'acme-idv' },
    });
    assert.equal(response.statusCode, 404);
    assert.equal(problemOf(response).code, 'VENDOR_NOT_FOUND');
    assert.equal(problemOf(response).field, 'body.vendor');
    const webhook = await deliver(t.vendor.signedWebhook('x', 'passed'), 'acme-idv');
    assert.equal(problemOf(webhook).code, 'VENDOR_NOT_FOUND');
  });

  it('does not let another tenant start a vendor check on this tenant’s application', async () => {
    const applicationId = await pendingApplication();
    const other = await addOtherProvider(t);
    const response = await startVendorCheck(applicationId, other.adminKey);
    assert.equal(response.statusCode, 404);
    assert.equal(problemOf(response).code, 'APPLICATION_NOT_FOUND');
  });

  it('passes the check on a signed webhook, approves the pending account, and ignores a repeat', async () => {
    const applicationId = await pendingApplication();
    const response = await startVendorCheck(applicationId);
    assert.equal(response.statusCode, 201, response.body);
    const started = response.json<{
      id: string;
      status: string;
      vendor: string;
      vendorReference: string;
      redirectUrl: string;
    }>();
    assert.equal(started.status, 'pending');
    assert.equal(started.vendor, 'fake');
    assert.match(started.redirectUrl, /^https:\/\/vendor\.invalid\/verify\//);
    // The vendor was told only what it needs to check the person.
    assert.deepEqual(t.vendor.started.get(started.vendorReference)?.subject, {
      type: 'individual',
      name: 'Anna Maria Eriksson',
      dateOfBirth: '1974-08-12',
      country: 'SE',
    });

    const webhook = t.vendor.signedWebhook(started.vendorReference, 'passed');
    const received = await deliver(webhook);
    assert.equal(received.statusCode, 200, received.body);
    assert.deepEqual(received.json(), { verificationId: started.id, status: 'passed', changed: true });

    const application = await t.app.inject({
      method: 'GET',
      url: `/v1/applications/${applicationId}`,
      headers: bearer(t.adminKey),
    });
    const decision = application.json<{ decision: { status: string; rule: string } }>().decision;
    assert.equal(decision.status, 'approved');

    const repeat = await deliver(webhook);
    assert.equal(repeat.statusCode, 200);
    assert.equal(repeat.json<{ changed: boolean }>().changed, false);
  });

  it('records a declined check as failed and leaves the account pending', async () => {
    const applicationId = await pendingApplication();
    const { vendorReference, id } = (await startVendorCheck(applicationId)).json<{
      vendorReference: string;
      id: string;
    }>();
    const received = await deliver(t.vendor.signedWebhook(vendorReference, 'failed'));
    assert.deepEqual(received.json(), { verificationId: id, status: 'failed', changed: true });
    const application = await t.app.inject({
      method: 'GET',
      url: `/v1/applications/${applicationId}`,
      headers: bearer(t.adminKey),
    });
    assert.equal(application.json<{ decision: { status: string } }>().decision.status, 'pending');
  });

  it('masks what a vendor quotes in its evidence for roles without personal-data rights, and audits each read', async () => {
    const applicationId = await pendingApplication();
    const { vendorReference, id } = (await startVendorCheck(applicationId)).json<{
      vendorReference: string;
      id: string;
    }>();
    const quoted = { document: 'passed', emailSeen: 'anna@example.se', phoneSeen: '+46701234567' };
    const received = await deliver(t.vendor.signedWebhook(vendorReference, 'passed', new Date(), quoted));
    assert.equal(received.statusCode, 200, received.body);
    const analystKey = (await createKey(t, 'analyst')).key;
    const read = async (key: string) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/v1/applications/${applicationId}/verifications`,
        headers: { ...bearer(key), 'x-gatehouse-purpose': 'vendor dispute VD-7' },
      });
      assert.equal(response.statusCode, 200, response.body);
      const items = response.json<{ items: Array<{ id: string; evidence: { checks?: object } }> }>().items;
      return items.find((c) => c.id === id)?.evidence.checks;
    };
    assert.deepEqual(await read(t.adminKey), quoted);
    const masked = await read(analystKey);
    assert.equal((masked as { document?: string }).document, 'passed');
    assert.doesNotMatch(JSON.stringify(masked), /anna@example|701234567/);
    const audits = (
      await t.services.store.audit.list(
        t.tenantId,
        { action: 'verification.read' },
        { limit: 100, after: undefined },
      )
    ).items
      .filter((a) => a.targetId === applicationId)
      .sort((a, b) => a.seq - b.seq);
    assert.deepEqual(
      audits.map((a) => [a.details.masked, a.details.purpose]),
      [
        [false, 'vendor dispute VD-7'],
        [true, 'vendor dispute VD-7'],
      ],
    );
  });

  it('names an unknown reference in a correctly signed webhook as VERIFICATION_NOT_FOUND', async () => {
    const response = await deliver(t.vendor.signedWebhook('fake_unknown', 'passed'));
    assert.equal(response.statusCode, 404);
    assert.equal(problemOf(response).code, 'VERIFICATION_NOT_FOUND');
    assert.equal(FAKE_VENDOR_SIGNATURE_HEADER, 'x-fake-vendor-signature');
  });
});
