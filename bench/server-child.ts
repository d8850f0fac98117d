/**
 * The server under test, in a process of its own: the same wiring as `gatehouse serve` (store,
 * migrations, services with the offline mmdb IP geolocation, app, provider bootstrap), listening on
 * 127.0.0.1 on a free port, silent, and with the rate limit raised so the limiter counts requests but
 * never throttles the load. On request it records a CPU profile through the inspector.
 */
import { writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Session } from 'node:inspector/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.ts';
import { MmdbGeoLookup } from '../src/providers/geoip/mmdb-geo-lookup.ts';
import { bootstrapProvider } from '../src/services/bootstrap.ts';
import { createServices } from '../src/services/index.ts';
import { openStore, type OpenStoreConfig } from '../src/storage/open.ts';
import type { Store } from '../src/storage/port.ts';
import { describeError, reply, type ServerReply, type ServerRequest } from './ipc.ts';

const UNTHROTTLED_PER_MINUTE = 100_000_000;

let store: Store | undefined;
let app: FastifyInstance | undefined;
let profiler: Session | undefined;
/** HTTP requests in progress and finished (answered or abandoned by the client), for CPU per request. */
let inFlight = 0;
let handledRequests = 0;

async function start(config: OpenStoreConfig): Promise<ServerReply> {
  store = await openStore(config);
  await store.migrate();
  // As `gatehouse serve` does (src/main.ts), but loaded before listening rather than in the
  // background, so no measured request waits for the data or goes without it.
  const geo = new MmdbGeoLookup();
  const geoLoad = await geo.load();
  const services = createServices(store, { geo });
  app = await buildApp({ services, rateLimitPerMinute: UNTHROTTLED_PER_MINUTE });
  app.server.on('request', (_request, response: ServerResponse) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      handledRequests += 1;
    });
  });
  const { adminKey } = await bootstrapProvider(services.deps, 'Bench');
  if (adminKey === undefined) throw new Error('the bench store was not empty: no admin key was created');
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  return {
    type: 'ready',
    url: `http://127.0.0.1:${address.port}`,
    adminKey,
    geo:
      `mmdb ${geoLoad.countryDatabase.type} built ${geoLoad.countryDatabase.builtAt.slice(0, 10)}, ` +
      `ASN ranges ${geoLoad.asnRanges === null ? 'none' : `${geoLoad.asnRanges.ipv4} IPv4 + ${geoLoad.asnRanges.ipv6} IPv6`}, ` +
      `loaded in ${geoLoad.loadMs} ms`,
  };
}

/** Waits until the requests a finished load run left in flight are done (or the timeout passes). */
async function quiescent(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (inFlight > 0 && Date.now() < deadline) await sleep(10);
}

async function startProfile(): Promise<void> {
  if (profiler !== undefined) throw new Error('a profile is already being recorded');
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

async function stopProfile(file: string): Promise<void> {
  if (profiler === undefined) throw new Error('no profile is being recorded');
  const session = profiler;
  profiler = undefined;
  try {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
  } finally {
    session.disconnect();
  }
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
      await quiescent(30_000);
      const usage = process.memoryUsage();
      const cpu = process.cpuUsage();
      return {
        type: 'memory',
        rssBytes: usage.rss,
        heapUsedBytes: usage.heapUsed,
        cpuMicros: cpu.user + cpu.system,
        handledRequests,
      };
    }
    case 'profile-start':
      await startProfile();
      return { type: 'profiling' };
    case 'profile-stop':
      await stopProfile(request.file);
      return { type: 'profile-saved', file: request.file };
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
