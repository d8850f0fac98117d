/**
 * The server under test, in a process of its own: the same wiring as `gatehouse serve` (store,
 * migrations, services, app, provider bootstrap), listening on 127.0.0.1 on a free port, silent, and
 * with the rate limit raised so the limiter counts requests but never throttles the load.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.ts';
import { bootstrapProvider } from '../src/services/bootstrap.ts';
import { createServices } from '../src/services/index.ts';
import { openStore, type OpenStoreConfig } from '../src/storage/open.ts';
import type { Store } from '../src/storage/port.ts';
import { describeError, reply, type ServerReply, type ServerRequest } from './ipc.ts';

const UNTHROTTLED_PER_MINUTE = 100_000_000;

let store: Store | undefined;
let app: FastifyInstance | undefined;

async function start(config: OpenStoreConfig): Promise<ServerReply> {
  store = await openStore(config);
  await store.migrate();
  const services = createServices(store);
  app = await buildApp({ services, rateLimitPerMinute: UNTHROTTLED_PER_MINUTE });
  const { adminKey } = await bootstrapProvider(services.deps, 'Bench');
  if (adminKey === undefined) throw new Error('the bench store was not empty: no admin key was created');
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  return { type: 'ready', url: `http://127.0.0.1:${address.port}`, adminKey };
}

/** Closes the HTTP server before the store, so no request is left holding a connection. */
async function stop(): Promise<void> {
  await app?.close();
  app = undefined;
  await store?.close();
  store = undefined;
}

async function handle(request: ServerRequest): Promise<ServerReply> {
  switch (request.type) {
    case 'start':
      return start(request.store);
    case 'memory': {
      const usage = process.memoryUsage();
      return { type: 'memory', rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
    }
    case 'stop':
      await stop();
      return { type: 'stopped' };
  }
}

process.on('message', (message: unknown) => {
  const request = message as ServerRequest;
  handle(request)
    .catch((error: unknown): ServerReply => ({ type: 'error', message: describeError(error) }))
    .then(reply)
    .then(() => {
      if (request.type === 'stop') process.disconnect();
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench server: ${describeError(error)}\n`);
      process.exitCode = 1;
    });
});

// Ctrl-C reaches the whole process group; the orchestrator stops this server itself, in order.
process.on('SIGINT', () => undefined);

// The orchestrator went away (crashed or was interrupted): release the store and its folder lock.
process.on('disconnect', () => {
  stop().catch(() => undefined);
});
