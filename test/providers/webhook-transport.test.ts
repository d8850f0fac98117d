/**
 * The webhook transport against real receivers on loopback: with private addresses refused (production),
 * a name that resolves to one and an address literal are refused before anything is sent; allowed
 * (development, tests), the same receiver gets the delivery. Redirects are not followed.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createFetchTransport } from '../../src/providers/webhooks/fetch-transport.ts';

describe('webhook transport', () => {
  let server: http.Server;
  let port: number;
  const received: Array<{ body: string; signature: string | undefined }> = [];

  before(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: request.headers['x-test-signature'] as string | undefined,
        });
        if (request.url === '/moved') {
          response.writeHead(302, { location: 'http://127.0.0.1:1/' }).end();
        } else {
          response.writeHead(204).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a host name that resolves to a loopback address, and an address literal, sending nothing', async () => {
    const transport = createFetchTransport(2000);
    await assert.rejects(
      transport.post(`http://localhost:${port}/hook`, {}, '{"a":1}'),
      (error: Error & { code?: string }) =>
        error.code === 'ENOTPUBLIC' &&
        /localhost resolves to (127\.0\.0\.1|::1), not a public address/.test(error.message),
    );
    await assert.rejects(
      transport.post(`http://127.0.0.1:${port}/hook`, {}, '{"a":1}'),
      (error: Error & { code?: string }) => error.code === 'ENOTPUBLIC',
    );
    await assert.rejects(
      transport.post(`http://[::ffff:127.0.0.1]:${port}/hook`, {}, '{"a":1}'),
      (error: Error & { code?: string }) => error.code === 'ENOTPUBLIC',
    );
    assert.equal(received.length, 0);
  });

  it('delivers to the same receiver when private addresses are allowed, headers and body intact', async () => {
    const transport = createFetchTransport(2000, { allowPrivateAddresses: true });
    const body = JSON.stringify({ type: 'decision.made', reason: 'Ζωή' });
    const result = await transport.post(
      `http://localhost:${port}/hook`,
      { 'x-test-signature': 'v1=abc' },
      body,
    );
    assert.equal(result.status, 204);
    assert.deepEqual(received.at(-1), { body, signature: 'v1=abc' });
  });

  it('does not follow a redirect: the receiver’s 302 is the outcome', async () => {
    const transport = createFetchTransport(2000, { allowPrivateAddresses: true });
    const before = received.length;
    const result = await transport.post(`http://127.0.0.1:${port}/moved`, {}, '{}');
    assert.equal(result.status, 302);
    assert.equal(received.length, before + 1);
  });
});
