/**
 * A PostgreSQL outage, staged with a TCP proxy between a real server process and the database:
 * taking the proxy down breaks the pooled connections and refuses new ones, as a database restart or
 * a network partition would; holding traffic first leaves a query in flight when its connection dies.
 * The server must say so (503 STORE_UNAVAILABLE, never a 500 or a crash) and recover by itself once
 * the database is reachable again.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createPostgresDatabase, POSTGRES_URL } from '../support/databases.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const TIMEOUT_MS = 120_000;
const RECOVERY_MS = 15_000;

interface Problem {
  status: number;
  code: string;
}

async function call(
  server: ServerProcess,
  method: string,
  route: string,
  options: { key?: string; body?: unknown } = {},
): Promise<{ status: number; contentType: string; body: unknown }> {
  const headers: Record<string, string> = {};
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  }).catch((error: unknown) => {
    throw new Error(
      `${method} ${route} got no answer (${String(error)}); server output:\n${server.output()}`,
    );
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: text === '' ? undefined : JSON.parse(text),
  };
}

async function tenantNames(server: ServerProcess, key: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await call(server, 'GET', `/v1/tenants?limit=200${query}`, { key });
    assert.equal(page.status, 200);
    const body = page.body as { items: Array<{ name: string }>; nextCursor: string | null };
    names.push(...body.items.map((tenant) => tenant.name));
    cursor = body.nextCursor;
  } while (cursor !== null);
  return names;
}

function assertUnavailable(response: Awaited<ReturnType<typeof call>>, what: string): void {
  assert.equal(response.status, 503, `${what}: ${JSON.stringify(response.body)}`);
  assert.match(response.contentType, /^application\/problem\+json/, what);
  assert.equal((response.body as Problem).code, 'STORE_UNAVAILABLE', what);
}

const skip = POSTGRES_URL === undefined ? 'GATEHOUSE_TEST_DATABASE_URL is not set' : false;

/** Starts a server whose database URL points at a proxy in front of a fresh PostgreSQL database. */
async function startBehindProxy(
  t: TestContext,
): Promise<{ server: ServerProcess; proxy: TcpProxy; key: string }> {
  const db = await createPostgresDatabase();
  const direct = new URL(db.url);
  const proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const started: { server?: ServerProcess } = {};
  // One hook, so the server is gone before its database is dropped.
  t.after(async () => {
    await started.server?.stop();
    await proxy.down();
    await db.drop();
  });
  await proxy.up();
  const proxied = new URL(db.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  started.server = await startServer({
    GATEHOUSE_DATABASE_URL: proxied.toString(),
    GATEHOUSE_MIGRATE_ON_START: 'true',
    GATEHOUSE_DB_CONNECT_TIMEOUT_MS: '1000',
  });
  const key = started.server.adminKey;
  assert.ok(key, `the first start prints an admin key:\n${started.server.output()}`);
  return { server: started.server, proxy, key };
}

void describe('PostgreSQL unavailable', () => {
  void it(
    '/v1/ready says so, requests get 503 with a code, the process recovers by itself when the database comes back',
    { skip, timeout: TIMEOUT_MS },
    async (t) => {
      const { server, proxy, key } = await startBehindProxy(t);
      assert.equal((await call(server, 'GET', '/v1/ready')).status, 200);
      assert.equal((await call(server, 'GET', '/v1/me', { key })).status, 200);

      await proxy.down();
      assertUnavailable(await call(server, 'GET', '/v1/ready'), 'GET /v1/ready during the outage');
      assertUnavailable(await call(server, 'GET', '/v1/me', { key }), 'GET /v1/me during the outage');
      const lostName = `written during the outage ${Date.now()}`;
      assertUnavailable(
        await call(server, 'POST', '/v1/tenants', { key, body: { name: lostName } }),
        'POST /v1/tenants during the outage',
      );
      assert.ok(server.isRunning(), `the server exited during the outage:\n${server.output()}`);

      await proxy.up();
      const backAt = Date.now();
      const ready = await pollReady(server);
      t.diagnostic(`ready again ${Date.now() - backAt} ms after the database came back`);
      assert.equal(ready.status, 200, `not ready ${RECOVERY_MS} ms after the database came back`);
      assert.equal((await call(server, 'GET', '/v1/me', { key })).status, 200);
      assert.ok(!(await tenantNames(server, key)).includes(lostName), 'the refused write left no tenant');
      assert.ok(server.isRunning(), 'the server recovered without a restart');
    },
  );
});

void describe('A PostgreSQL connection lost in the middle of a query', () => {
  void it(
    'answers 503 with a code and keeps the server running',
    { skip, timeout: TIMEOUT_MS },
    async (t) => {
      const { server, proxy, key } = await startBehindProxy(t);
      assert.equal((await call(server, 'GET', '/v1/me', { key })).status, 200, 'the pool holds a connection');

      const held = proxy.hold();
      const inFlight = call(server, 'GET', '/v1/me', { key });
      await held.sent;
      await proxy.down();
      assertUnavailable(await inFlight, 'GET /v1/me whose query lost its connection');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(server.isRunning(), `the server exited:\n${server.output()}`);

      await proxy.up();
      assert.equal(
        (await pollReady(server)).status,
        200,
        `not ready ${RECOVERY_MS} ms after the database came back`,
      );
      assert.equal((await call(server, 'GET', '/v1/me', { key })).status, 200);
    },
  );
});

async function pollReady(server: ServerProcess): Promise<Awaited<ReturnType<typeof call>>> {
  const deadline = Date.now() + RECOVERY_MS;
  let ready = await call(server, 'GET', '/v1/ready');
  while (ready.status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ready = await call(server, 'GET', '/v1/ready');
  }
  return ready;
}
