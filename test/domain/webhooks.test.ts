import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ATTEMPTS, nextAttemptAt } from '../../src/domain/webhooks/retry.ts';
import { formatSecret, signWebhook, verifyWebhook } from '../../src/domain/webhooks/signature.ts';
import { checkWebhookUrl } from '../../src/domain/webhooks/url.ts';

describe('webhook URLs', () => {
  it('refuses http, private, loopback, link-local and credentialed URLs by default', () => {
    for (const url of [
      'http://hooks.example.com/x',
      'https://127.0.0.1/x',
      'https://10.1.2.3/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/x',
      'https://localhost/x',
      'https://user:pw@hooks.example.com/x',
      'not a url',
    ]) {
      assert.equal(checkWebhookUrl(url, false).ok, false, url);
    }
  });

  it('accepts https to a public host, and http to loopback only when insecure URLs are allowed', () => {
    assert.deepEqual(checkWebhookUrl('https://hooks.example.com/gatehouse', false), {
      ok: true,
      url: 'https://hooks.example.com/gatehouse',
    });
    assert.equal(checkWebhookUrl('http://127.0.0.1:9000/x', true).ok, true);
    assert.equal(checkWebhookUrl('ftp://127.0.0.1/x', true).ok, false);
  });
});

describe('webhook signatures (Standard Webhooks)', () => {
  const secret = formatSecret(Buffer.from('0123456789abcdef0123456789abcdef'));
  const at = new Date('2026-12-01T10:00:00Z');

  it('rejects a changed body, another secret, a missing header and a stale timestamp', () => {
    const headers = signWebhook(secret, 'evt_1', at, '{"a":1}');
    assert.deepEqual(verifyWebhook(secret, headers, '{"a":2}', at), { ok: false, reason: 'mismatch' });
    assert.deepEqual(verifyWebhook(formatSecret(Buffer.from('other')), headers, '{"a":1}', at), {
      ok: false,
      reason: 'mismatch',
    });
    assert.deepEqual(verifyWebhook(secret, { 'webhook-id': 'evt_1' }, '{"a":1}', at), {
      ok: false,
      reason: 'missing',
    });
    assert.deepEqual(verifyWebhook(secret, headers, '{"a":1}', new Date(at.getTime() + 301_000)), {
      ok: false,
      reason: 'stale',
    });
  });

  it('verifies its own signature, also among several during a secret rotation', () => {
    const headers = signWebhook(secret, 'evt_1', at, '{"a":1}');
    assert.match(headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/);
    assert.deepEqual(verifyWebhook(secret, headers, '{"a":1}', at), { ok: true });
    const rotated = { ...headers, 'webhook-signature': `v1,AAAA ${headers['webhook-signature']}` };
    assert.deepEqual(verifyWebhook(secret, rotated, '{"a":1}', at), { ok: true });
  });
});

describe('delivery retries', () => {
  it('backs off from 30 seconds to a day, then gives up', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    assert.equal(nextAttemptAt(1, now)?.toISOString(), '2026-12-01T00:00:30.000Z');
    assert.equal(nextAttemptAt(8, now)?.toISOString(), '2026-12-02T00:00:00.000Z');
    assert.equal(nextAttemptAt(MAX_ATTEMPTS, now), null);
  });
});
