import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { anna } from '../support/applicants.ts';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real HTTP receiver on loopback that answers with the queued statuses (then 204). */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  answers: number[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = answers.shift() ?? 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Standard Webhooks verification written from the spec, independent of the production signer. */
function verifiesPerSpec(secret: string, delivery: Received): boolean {
  const id = String(delivery.headers['webhook-id']);
  const timestamp = String(delivery.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${delivery.body}`).digest('base64');
  return String(delivery.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

describe('webhooks: signed, retried deliveries of events', () => {
  let t: TestApp;
  let clock = new Date('2026-12-01T10:00:00Z');
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    t = await createTestApp({ now: () => clock });
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
    await t.close();
  });

  const register = (payload: Record<string, unknown>, key = t.adminKey) =>
    t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(key), payload });

  it('refuses a reviewer registering a webhook, and a URL with credentials', async () => {
    const reviewer = await createKey(t, 'reviewer');
    assert.equal(problemOf(await register({ url: receiver.url }, reviewer.key)).code, 'FORBIDDEN');
    const withCredentials = problemOf(await register({ url: 'http://user:pw@127.0.0.1:1/x' }));
    assert.equal(withCredentials.code, 'VALIDATION_FAILED');
    assert.equal(withCredentials.field, 'body.url');
    const unknownType = await register({ url: receiver.url, eventTypes: ['account.deleted'] });
    assert.equal(unknownType.statusCode, 400);
  });

  it('does not show one tenant’s endpoints or deliveries to another', async () => {
    const created = (await register({ url: receiver.url })).json<{ id: string }>();
    const other = await addOtherProvider(t);
    const list = await t.app.inject({ method: 'GET', url: '/v1/webhooks', headers: bearer(other.adminKey) });
    assert.deepEqual(list.json(), { items: [] });
    const deliveries = await t.app.inject({
      method: 'GET',
      url: `/v1/webhooks/${created.id}/deliveries`,
      headers: bearer(other.adminKey),
    });
    assert.equal(problemOf(deliveries).code, 'WEBHOOK_NOT_FOUND');
    await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${created.id}`, headers: bearer(t.adminKey) });
  });

  it('delivers a decision event signed per Standard Webhooks, shows the secret only once, and retries a failure', async () => {
    const created = await register({ url: receiver.url, eventTypes: ['decision.made'] });
    assert.equal(created.statusCode, 201, created.body);
    const endpoint = created.json<{ id: string; secret: string }>();
    assert.match(endpoint.secret, /^whsec_/);
    const listed = await t.app.inject({ method: 'GET', url: '/v1/webhooks', headers: bearer(t.adminKey) });
    assert.ok(!listed.body.includes(endpoint.secret));

    const application = await t.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: bearer(t.adminKey),
      payload: anna(),
    });
    const applicationId = application.json<{ id: string }>().id;

    receiver.answers.push(503);
    const first = await t.services.webhooks.deliverDue();
    assert.deepEqual(first, { attempted: 1, delivered: 0 });
    let deliveries = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/webhooks/${endpoint.id}/deliveries`,
        headers: bearer(t.adminKey),
      })
    ).json<{
      items: Array<{ status: string; attempts: number; lastStatus: number; nextAttemptAt: string }>;
    }>().items;
    assert.equal(deliveries[0]?.status, 'pending');
    assert.equal(deliveries[0]?.lastStatus, 503);
    assert.equal(deliveries[0]?.nextAttemptAt, '2026-12-01T10:00:30.000Z');

    // Not due yet: nothing is sent; 30 seconds later it is retried and delivered.
    assert.deepEqual(await t.services.webhooks.deliverDue(), { attempted: 0, delivered: 0 });
    clock = new Date('2026-12-01T10:00:31Z');
    assert.deepEqual(await t.services.webhooks.deliverDue(), { attempted: 1, delivered: 1 });

    assert.equal(receiver.received.length, 2);
    const [failed, delivered] = receiver.received as [Received, Received];
    assert.equal(failed.headers['webhook-id'], delivered.headers['webhook-id'], 'a retry keeps the event id');
    assert.ok(verifiesPerSpec(endpoint.secret, delivered));
    assert.ok(!verifiesPerSpec('whsec_' + Buffer.from('wrong').toString('base64'), delivered));
    const body = JSON.parse(delivered.body) as {
      type: string;
      subject: { id: string };
      data: { status: string; reasons: Array<Record<string, unknown>> };
    };
    assert.equal(body.type, 'decision.made');
    assert.ok(body.data.reasons.length > 0);
    assert.deepEqual(
      body.data.reasons.map((r) => Object.keys(r)),
      body.data.reasons.map(() => ['code']),
      'reasons by code only: a message may name the customer’s data',
    );
    assert.equal(body.subject.id, applicationId);
    assert.equal(body.data.status, 'pending');
    assert.ok(!delivered.body.includes('Eriksson'), 'no personal data in a webhook');

    deliveries = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/webhooks/${endpoint.id}/deliveries`,
        headers: bearer(t.adminKey),
      })
    ).json<{
      items: Array<{ status: string; attempts: number; lastStatus: number; nextAttemptAt: string }>;
    }>().items;
    assert.equal(deliveries[0]?.status, 'delivered');
    assert.equal(deliveries[0]?.attempts, 2);
  });

  it('gives up after the last retry and marks the delivery failed', async () => {
    const endpoint = (await register({ url: receiver.url, eventTypes: ['redress.submitted'] })).json<{
      id: string;
    }>();
    const denied = await t.services.deps.store.transaction(async () => {
      const { emitEvent } = await import('../../src/services/events.ts');
      return emitEvent(t.services.deps, t.tenantId, 'redress.submitted', { type: 'redress', id: 'r1' }, {});
    });
    assert.ok(denied.id);
    for (let attempt = 0; attempt < 9; attempt += 1) {
      receiver.answers.push(500);
      const run = await t.services.webhooks.deliverDue();
      assert.equal(run.attempted, 1, `attempt ${attempt + 1}`);
      clock = new Date(clock.getTime() + 2 * 86_400_000);
    }
    assert.deepEqual(await t.services.webhooks.deliverDue(), { attempted: 0, delivered: 0 });
    const deliveries = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/webhooks/${endpoint.id}/deliveries`,
        headers: bearer(t.adminKey),
      })
    ).json<{ items: Array<{ status: string; attempts: number; lastError: string }> }>().items;
    assert.equal(deliveries[0]?.status, 'failed');
    assert.equal(deliveries[0]?.attempts, 9);
    assert.equal(deliveries[0]?.lastError, 'HTTP 500');
  });

  it('lists the tenant’s events with the same envelope', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/v1/events?limit=200',
      headers: bearer(t.adminKey),
    });
    const types = response.json<{ items: Array<{ type: string }> }>().items.map((e) => e.type);
    assert.ok(types.includes('decision.made'));
    assert.ok(types.includes('redress.submitted'));
  });
});
