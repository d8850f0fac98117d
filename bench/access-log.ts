/**
 * Access log benchmark (issue #7). Prints one JSON line per figure.
 *
 *   node --import tsx bench/access-log.ts
 *
 * 1. Sustained ingest through the HTTP API (in process: Fastify on a loopback port, the load generator
 *    in the same process posting pre-serialised 5,000-event JSON batches over 4 keep-alive connections),
 *    into PGlite (memory) and into PostgreSQL, the latter again with 10,000-event batches (the API's
 *    largest) and served by `gatehouse serve --processes 2` (its own processes, the load generator
 *    here); through
 *    JetStream + a worker when GATEHOUSE_BENCH_NATS_URL is set. Then the store's write path alone
 *    (insertBatch from two writers, no HTTP).
 * 2. The raw COPY ceiling of the same PostgreSQL into the same partitioned, indexed table: the baseline.
 * 3. Query latency (p50/p99, store level, 100 rows a page) on GATEHOUSE_BENCH_ACCESS_EVENTS stored events
 *    (default 3,000,000 over 30 days, 10,000 accounts): IP + 1 day, /24 + 7 days, account + 30 days;
 *    bytes per event (table + indexes).
 *
 *   node --import tsx bench/access-log.ts --postgres-ingest-only
 *
 * runs 1 and 2 for PostgreSQL only (no PGlite, no queries),
 *
 *   node --import tsx bench/access-log.ts --http-postgres-only
 *
 * only the HTTP → PostgreSQL figures, for A/B runs (GATEHOUSE_BENCH_ACCESS_BATCH and
 * GATEHOUSE_BENCH_ACCESS_CLIENTS set the batch size and the connections, GATEHOUSE_BENCH_ACCESS_RUNS how
 * many times each phase runs, with a median after them), and
 *
 *   GATEHOUSE_BENCH_ACCESS_EVENTS=100000000 node --import tsx bench/access-log.ts --queries-only
 *
 * runs 3 alone, on rows the server generates itself with the indexes dropped and rebuilt (a bulk import
 * or a restore), which is what makes 100 million events loadable in minutes on this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { buildApp } from '../src/http/app.ts';
import { bootstrapProvider } from '../src/services/bootstrap.ts';
import { createServices, type ServiceOptions } from '../src/services/index.ts';
import { openStore, type OpenStoreConfig } from '../src/storage/open.ts';
import type { AccessEventRow, Store } from '../src/storage/port.ts';
import { eventKeyOf } from '../src/domain/access-log/event-key.ts';
import { MAX_EVENTS_PER_BATCH } from '../src/domain/access-log/validate.ts';
import { createBenchDatabase } from './postgres-database.ts';
import { print, rng } from './report.ts';
import { anAccountIn } from '../test/support/access-accounts.ts';

const DAY = 86_400_000;
const END = Date.parse('2026-11-30T00:00:00Z');
const START = END - 30 * DAY;
const ACCOUNTS = 10_000;
/** Events per request (GATEHOUSE_BENCH_ACCESS_BATCH); the HTTP → PostgreSQL phase also runs at the API's largest. */
const BATCH = Number(process.env.GATEHOUSE_BENCH_ACCESS_BATCH || 5000);
/** Concurrent requests per API process (GATEHOUSE_BENCH_ACCESS_CLIENTS). */
const CLIENTS = Number(process.env.GATEHOUSE_BENCH_ACCESS_CLIENTS || 4);
const INGEST_SECONDS = Number(process.env.GATEHOUSE_BENCH_ACCESS_SECONDS || 20);
/**
 * Runs of each HTTP → PostgreSQL phase (GATEHOUSE_BENCH_ACCESS_RUNS, default 1): this VM's speed swings by
 * a third from one minute to the next, so a steady figure is a median of several runs, printed after them.
 */
const RUNS = Number(process.env.GATEHOUSE_BENCH_ACCESS_RUNS || 1);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 50) {
  throw new Error('GATEHOUSE_BENCH_ACCESS_RUNS must be a whole number from 1 to 50.');
}
const STORED = Number(process.env.GATEHOUSE_BENCH_ACCESS_EVENTS || 3_000_000);

/** Each account uses a few addresses of its own /24; about 5,000 /24s in all. */
function ipOf(account: number, r: number): string {
  const net = account % 5000;
  return `100.${64 + (net >> 8)}.${net & 255}.${1 + Math.floor(r * 6) + (account % 40) * 6}`;
}

async function seedAccounts(store: Store, tenantId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < ACCOUNTS; i += 1) ids.push((await anAccountIn(store, tenantId)).id);
  return ids;
}

/**
 * The HTTP phases' event times (GATEHOUSE_BENCH_ACCESS_SHAPE):
 * - `live` (the default): a live stream at 100,000 events/s of event time, batch after batch, as a
 *   provider's gateways send it: all of it in the same day, each (account, address) pair repeated.
 * - `backfill`: what the HTTP phases did before 2026-12-01 14:00: each batch 5 s of event time on one of 29
 *   days in turn, so nearly every event is the first of its (day, address, account) in the log, as in a
 *   replay of a month of sparse history. It costs an address sighting per event (docs/access-log.md).
 */
const SHAPE = process.env.GATEHOUSE_BENCH_ACCESS_SHAPE === 'backfill' ? 'backfill' : 'live';
const LIVE_EVENTS_PER_MS = 100;

function batchStart(seed: number, batch: number): { at: number; perMs: number } {
  return SHAPE === 'backfill'
    ? { at: START + (seed % 29) * DAY + (seed % 1000) * 60_000, perMs: 1 }
    : { at: START + 29 * DAY + (seed * batch) / LIVE_EVENTS_PER_MS, perMs: LIVE_EVENTS_PER_MS };
}

/** A batch as the bytes a client sends: serialised and UTF-8 encoded once, as wrk or k6 hold a body. */
function batchBody(accounts: readonly string[], seed: number, batch: number): Buffer {
  const { at, perMs } = batchStart(seed, batch);
  const r = rng(seed);
  const events = Array.from({ length: batch }, (_, i) => {
    const a = Math.floor(r() * accounts.length);
    return {
      id: `${seed}-${i}`,
      account: accounts[a],
      ip: ipOf(a, r()),
      at: new Date(at + Math.floor(i / perMs)).toISOString(),
      action: r() < 0.8 ? 'api' : 'console',
      principal: `user-${a}`,
      userAgent: r() < 0.5 ? 'aws-cli/2.15' : 'Mozilla/5.0 (X11; Linux x86_64)',
      region: 'us-east-1',
    };
  });
  return Buffer.from(JSON.stringify(events));
}

const EMPTY = Buffer.alloc(0);

async function ingestHttp(
  label: string,
  config: OpenStoreConfig,
  options: ServiceOptions = {},
  drain?: (store: Store) => Promise<(accepted: number) => Promise<void>>,
  /** In this process beside the load generator, or `gatehouse serve --processes N` (PostgreSQL only). */
  served: 'in-process' | { processes: number } = 'in-process',
  batch = BATCH,
) {
  const store = await openStore(config);
  await store.migrate();
  const services = createServices(store, { ...options, now: () => new Date(END) });
  const boot = await bootstrapProvider(services.deps, 'Bench');
  const accounts = await seedAccounts(store, boot.tenant.id);
  const key = await services.apiKeys.createKey(
    { tenantId: boot.tenant.id, type: 'cli', id: 'bench', role: 'admin', requestId: null },
    { role: 'ingest', name: 'bench' },
  );
  const stopDrain = drain === undefined ? undefined : await drain(store);
  const app =
    served === 'in-process'
      ? await buildApp({ services, bodyLimitBytes: 8 * 1024 * 1024, rateLimitPerMinute: 10_000_000 })
      : undefined;
  const server =
    served === 'in-process' || config.kind !== 'postgres'
      ? undefined
      : await startServe(config.url, served.processes);
  const url = server?.url ?? (await app!.listen({ port: 0, host: '127.0.0.1' }));
  const apiProcesses = served === 'in-process' ? 1 : served.processes;
  // The request bodies are serialised before the clock starts (as wrk or k6 would hold them ready), enough
  // for 150,000 events/s; past that they are made on the fly, on the clock, and counted.
  const bodyOf = (seed: number) => batchBody(accounts, seed, batch);
  const ready = Array.from({ length: Math.ceil((INGEST_SECONDS * 150_000) / batch) }, (_, seed) =>
    bodyOf(seed),
  );
  let sent = 0;
  let madeOnTheClock = 0;
  let accepted = 0;
  const deadline = Date.now() + INGEST_SECONDS * 1000;
  const machine0 = machineCpu();
  const process0 = process.cpuUsage();
  const loop0 = performance.eventLoopUtilization();
  const started = performance.now();
  const post = poster(url, key.token);
  const client = async () => {
    while (Date.now() < deadline) {
      const seed = sent++;
      const body = ready[seed] ?? (madeOnTheClock++, bodyOf(seed));
      ready[seed] = EMPTY;
      const { status, text } = await post(body);
      if (status !== 202) throw new Error(`${status} ${text}`);
      accepted += (JSON.parse(text) as { accepted: number }).accepted;
    }
  };
  const clients = Array.from({ length: CLIENTS * apiProcesses }, () => url);
  await Promise.all(clients.map(client));
  post.close();
  // In process: the share of the run the API's thread (the load generator's too) was busy, not waiting.
  const loop = performance.eventLoopUtilization(loop0).utilization;
  const acceptSeconds = (performance.now() - started) / 1000;
  if (stopDrain !== undefined) await stopDrain(accepted);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuPerEvent(machine0, process0, accepted);
  print({
    bench: 'access-ingest-http',
    into: label,
    shape: SHAPE,
    events: accepted,
    seconds: +seconds.toFixed(1),
    eventsPerSecond: Math.round(accepted / seconds),
    batch,
    clients: clients.length,
    apiProcesses,
    server: served === 'in-process' ? 'in the bench process' : `gatehouse serve --processes ${apiProcesses}`,
    batchesMadeOnTheClock: madeOnTheClock,
    ...(stopDrain === undefined ? {} : { acceptedPerSecond: Math.round(accepted / acceptSeconds) }),
    ...cpu,
    ...(served === 'in-process' ? { eventLoopUtilization: +loop.toFixed(3) } : {}),
  });
  await app?.close();
  await server?.stop();
  return { store, tenantId: boot.tenant.id, accounts, eventsPerSecond: Math.round(accepted / seconds) };
}

/**
 * The HTTP → PostgreSQL phase RUNS times, each on a fresh store over the same database; with more than
 * one run, a summary line: the median, the slowest and the fastest. Returns the first run's store, open.
 */
async function ingestHttpPostgres(config: OpenStoreConfig, batch: number) {
  const figures: number[] = [];
  let first: Awaited<ReturnType<typeof ingestHttp>> | undefined;
  for (let run = 0; run < RUNS; run += 1) {
    const result = await ingestHttp('postgres', config, {}, undefined, 'in-process', batch);
    figures.push(result.eventsPerSecond);
    if (first === undefined) first = result;
    else await result.store.close();
  }
  if (RUNS > 1) {
    const sorted = [...figures].sort((a, b) => a - b);
    print({
      bench: 'access-ingest-http-runs',
      into: 'postgres',
      batch,
      runs: RUNS,
      eventsPerSecond: figures,
      median: sorted[Math.floor((sorted.length - 1) / 2)],
      slowest: sorted[0],
      fastest: sorted[sorted.length - 1],
    });
  }
  return first!;
}

/**
 * The load generator's request: node:http over keep-alive connections, the body a Buffer written as it
 * is. (Until 2026-12-01 it was fetch, whose undici copies each 1 MB body before sending it: about 7 % of
 * the bench thread's time at 86,000 events/s, spent on the load generator's side of the clock.)
 */
function poster(url: string, token: string) {
  const agent = new http.Agent({ keepAlive: true });
  const target = new URL('/v1/access-events', url);
  const post = (body: Buffer) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': body.length,
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  return Object.assign(post, { close: () => agent.destroy() });
}

/** Busy and total CPU time of the whole machine so far (Linux /proc/stat), in µs; undefined elsewhere. */
function machineCpu(): { busy: number; total: number; iowait: number; steal: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal; guest is inside user
    const us = 1e6 / 100; // USER_HZ is 100 on Linux
    return {
      busy: (total - idle) * us,
      total: total * us,
      iowait: (fields[4] ?? 0) * us,
      steal: (fields[7] ?? 0) * us,
    };
  } catch {
    return undefined;
  }
}

/**
 * CPU spent per stored event over the clock: by the whole machine (API, load generator, PostgreSQL,
 * NATS, kernel) and by this process alone (API and load generator). Steadier than events/s on a VM whose
 * speed varies: what it would take to reach a rate is rate × machine µs/event ≤ cores × 10⁶.
 */
function cpuPerEvent(
  machine0: ReturnType<typeof machineCpu>,
  process0: NodeJS.CpuUsage,
  events: number,
): Record<string, number> {
  const machine1 = machineCpu();
  const own = process.cpuUsage(process0);
  const figures: Record<string, number> = {
    processCpuUsPerEvent: +((own.user + own.system) / Math.max(1, events)).toFixed(2),
    processSystemUsPerEvent: +(own.system / Math.max(1, events)).toFixed(2),
  };
  if (machine0 !== undefined && machine1 !== undefined) {
    figures.machineCpuUsPerEvent = +((machine1.busy - machine0.busy) / Math.max(1, events)).toFixed(2);
    const total = machine1.total - machine0.total;
    figures.machineBusyShare = +((machine1.busy - machine0.busy) / total).toFixed(2);
    // Time both cores spent waiting on the disk (PostgreSQL's WAL flushes at commit), and taken by the host.
    figures.machineIowaitShare = +((machine1.iowait - machine0.iowait) / total).toFixed(2);
    figures.machineStealShare = +((machine1.steal - machine0.steal) / total).toFixed(2);
  }
  return figures;
}

/**
 * Event time of the store bench's stream: events per second of the day being logged (default 100,000,
 * the ingest target, so a 5,000-event batch covers 50 ms). Before 2026-12-01 it was 100 (10 ms apart), a
 * stream so sparse that every batch fell in a later minute for every account in it.
 */
const STORE_STREAM_RATE = Number(process.env.GATEHOUSE_BENCH_STORE_STREAM_RATE || 100_000);

/**
 * The store's own write path without HTTP (what a `gatehouse worker` does with a JetStream batch):
 * 5,000-event batches through accessEvents.insertBatch from two concurrent writers, rows prepared
 * before the clock starts, in time order at STORE_STREAM_RATE.
 */
async function ingestStore(store: Store, accounts: readonly string[]) {
  const r = rng(11);
  let k = 0;
  const batch = (): AccessEventRow[] =>
    Array.from({ length: BATCH }, () => {
      const a = Math.floor(r() * accounts.length);
      k += 1;
      const at = new Date(START + 29 * DAY + Math.floor((k * 1000) / STORE_STREAM_RATE));
      const ip = ipOf(a, r());
      return {
        accountId: accounts[a] ?? '',
        eventKey: eventKeyOf(accounts[a] ?? '', {
          account: '',
          ip,
          at,
          action: 'api',
          id: `s${k}`,
        }).toString(),
        at,
        ip,
        action: 3,
        principal: `user-${a}`,
        userAgent: 'aws-cli/2.15',
        region: 'us-east-1',
      };
    });
  const batches = Array.from({ length: 200 }, batch);
  await store.accessEvents.insertBatch(batches[0]!); // the day's partition, outside the clock
  let next = 1;
  const started = performance.now();
  const writer = async () => {
    while (next < batches.length) await store.accessEvents.insertBatch(batches[next++]!);
  };
  await Promise.all([writer(), writer()]);
  const seconds = (performance.now() - started) / 1000;
  print({
    bench: 'access-ingest-store',
    into: 'postgres',
    events: (batches.length - 1) * BATCH,
    seconds: +seconds.toFixed(1),
    eventsPerSecond: Math.round(((batches.length - 1) * BATCH) / seconds),
    batch: BATCH,
    writers: 2,
    streamEventsPerSecond: STORE_STREAM_RATE,
  });
}

/**
 * The API as an operator runs it on a bigger machine: `gatehouse serve --processes N` (bin/gatehouse.js,
 * node:cluster) on the bench's database, which already holds the provider, so nothing is bootstrapped.
 * The load generator stays in this process. Its own settings only: the bench's GATEHOUSE_BENCH_* names
 * are unknown to the server's strict configuration.
 */
async function startServe(
  databaseUrl: string,
  processes: number,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-serve-'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('GATEHOUSE_')),
  );
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url)),
      'serve',
      '--processes',
      String(processes),
      '--json',
    ],
    {
      env: {
        ...env,
        GATEHOUSE_DATABASE_URL: databaseUrl,
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_HOST: '127.0.0.1',
        GATEHOUSE_PORT: '0',
        GATEHOUSE_LOG_LEVEL: 'warn',
        GATEHOUSE_BODY_LIMIT_BYTES: String(8 * 1024 * 1024),
        GATEHOUSE_RATE_LIMIT_PER_MINUTE: '10000000',
        GATEHOUSE_SCHEDULER_INTERVAL_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let url: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    const event = JSON.parse(line) as { type?: string; url?: string };
    if (event.type === 'listening') {
      url = event.url;
      break;
    }
  }
  if (url === undefined) throw new Error('gatehouse serve exited before it listened');
  return {
    url,
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// stored_at (migration 0013) is left to its default: the time of the COPY.
const COPY_EVENTS =
  'COPY access_events (at, account_id, event_key, ip, action, principal_id, user_agent_id, region_id) FROM STDIN';

/** COPY straight into the partitioned table: no HTTP, no validation, no staging, no dedupe. */
/** Raw loads bypass the ingest path: give their events the address sightings the queries start from. */
async function sightingsFromEvents(client: pg.Client): Promise<number> {
  const t0 = performance.now();
  await client.query(`INSERT INTO access_ip_sightings (day, ip, account_id)
    SELECT DISTINCT (at AT TIME ZONE 'UTC')::date, ip, account_id FROM access_events ON CONFLICT DO NOTHING`);
  return +((performance.now() - t0) / 1000).toFixed(1);
}

async function copyCeiling(
  url: string,
  store: Store,
  accounts: readonly string[],
  total: number,
  label: string,
) {
  await store.accessEvents.ensurePartitions(new Date(START), new Date(END + DAY));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const r = rng(7);
  let copyMs = 0;
  const chunk = 100_000;
  for (let done = 0; done < total; done += chunk) {
    const lines: string[] = [];
    for (let i = 0; i < Math.min(chunk, total - done); i += 1) {
      const a = Math.floor(r() * accounts.length);
      const at = new Date(START + Math.floor(r() * 30 * DAY));
      const ip = ipOf(a, r());
      const key = eventKeyOf(accounts[a] ?? '', { account: '', ip, at, action: 'api', id: `c${done + i}` });
      lines.push(`${at.toISOString()}\t${accounts[a]}\t${key}\t${ip}\t3\t\\N\t\\N\t\\N\n`);
    }
    const data = lines.join('');
    // Only the COPY is timed: generating the rows (and their SHA-256 keys) is the benchmark's own cost.
    const t0 = performance.now();
    await pipeline(Readable.from([data]), client.query(copyStreams.from(COPY_EVENTS)));
    copyMs += performance.now() - t0;
  }
  const seconds = copyMs / 1000;
  const sightingsSeconds = await sightingsFromEvents(client);
  await client.end();
  print({
    bench: 'access-copy-ceiling',
    label,
    events: total,
    seconds: +seconds.toFixed(1),
    eventsPerSecond: Math.round(total / seconds),
    sightingsSeconds,
  });
}

async function queries(store: Store, tenantId: string, accounts: readonly string[]) {
  const size = await store.accessEvents.sizeUnscoped();
  const r = rng(99);
  // Untimed first runs, as on a server that has been answering: each session's first touch of a day's
  // partition loads its catalog entries (about 8 ms for this plan's first run in a session).
  const WARM_UP = 50;
  const time = async (name: string, run: () => Promise<unknown>) => {
    let warmUpMaxMs = 0;
    for (let i = 0; i < WARM_UP; i += 1) {
      const t0 = performance.now();
      await run();
      warmUpMaxMs = Math.max(warmUpMaxMs, performance.now() - t0);
    }
    const samples: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const t0 = performance.now();
      await run();
      samples.push(performance.now() - t0);
    }
    samples.sort((x, y) => x - y);
    print({
      bench: 'access-query',
      query: name,
      storedEvents: Math.round(size.estimatedRows),
      p50ms: +samples[100]!.toFixed(2),
      p99ms: +samples[198]!.toFixed(2),
      warmUpRuns: WARM_UP,
      warmUpMaxMs: +warmUpMaxMs.toFixed(2),
    });
  };
  const day = () => START + Math.floor(r() * 28) * DAY;
  const page = (from: number, span: number) => ({
    from: new Date(from),
    to: new Date(from + span),
    after: undefined,
    limit: 100,
  });
  await time('ip+1d', () => {
    const a = Math.floor(r() * accounts.length);
    const ip = ipOf(a, r());
    return store.accessEvents.searchByNetwork(
      tenantId,
      { cidr: `${ip}/32`, first: ip, last: ip },
      page(day(), DAY),
    );
  });
  await time('/24+7d', () => {
    const parts = ipOf(Math.floor(r() * accounts.length), 0).split('.');
    const net = `${parts[0]}.${parts[1]}.${parts[2]}`;
    return store.accessEvents.searchByNetwork(
      tenantId,
      { cidr: `${net}.0/24`, first: `${net}.0`, last: `${net}.255` },
      page(day() - 7 * DAY, 7 * DAY),
    );
  });
  await time('account+30d', () =>
    store.accessEvents.searchByAccount(
      tenantId,
      accounts[Math.floor(r() * accounts.length)] ?? '',
      page(START, 30 * DAY),
    ),
  );
  print({
    bench: 'access-bytes-per-event',
    storedEvents: Math.round(size.estimatedRows),
    partitions: size.partitions,
    tableBytes: size.tableBytes,
    indexBytes: size.indexBytes,
    sightings: Math.round(size.sightingRows),
    sightingBytes: size.sightingBytes,
    bytesPerEvent: Math.round(
      (size.tableBytes + size.indexBytes + size.sightingBytes) / Math.max(1, size.estimatedRows),
    ),
  });
}

/**
 * `--queries-only`: the query figures at scale (e.g. GATEHOUSE_BENCH_ACCESS_EVENTS=100000000), loaded
 * the way a bulk import or a restore would be: indexes dropped, rows generated by the server itself
 * (INSERT … SELECT over generate_series, in chunks), indexes rebuilt, ANALYZE. The rows follow the same
 * distribution as the COPY load (10,000 accounts, a few addresses each in their own /24, 30 days).
 */
async function sqlBulkLoad(url: string, store: Store, accounts: readonly string[], total: number) {
  await store.accessEvents.ensurePartitions(new Date(START), new Date(END + DAY));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SET maintenance_work_mem = '1GB'");
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'access_events'::regclass`,
  );
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  const chunk = 5_000_000;
  const t0 = performance.now();
  for (let done = 0; done < total; done += chunk) {
    const n = Math.min(chunk, total - done);
    await client.query(
      `INSERT INTO access_events (at, account_id, event_key, ip, action)
       SELECT to_timestamp(($3::bigint + (i * 48271) % (30::bigint * 86400000)) / 1000.0),
         ($4::uuid[])[1 + a], i, (100 || '.' || (64 + ((a % 5000) >> 8)) || '.' || ((a % 5000) & 255) || '.'
           || (1 + i % 6 + (a % 40) * 6))::inet, 3
       FROM (SELECT i, ((i * 2654435761) % $5)::int AS a FROM generate_series($1::bigint, $2::bigint) AS g(i)) s`,
      [done + 1, done + n, START, accounts, accounts.length],
    );
    process.stderr.write(`\rloaded ${(done + n).toLocaleString()} of ${total.toLocaleString()}`);
  }
  const loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  // pg_get_indexdef names a partitioned index "ON ONLY" (the parent alone); rebuild it on every partition.
  for (const index of indexes) await client.query(index.def.replace(' ON ONLY ', ' ON '));
  const indexSeconds = (performance.now() - t1) / 1000;
  const sightingsSeconds = await sightingsFromEvents(client);
  await client.query('ANALYZE access_events');
  await client.query('ANALYZE access_ip_sightings');
  await client.end();
  process.stderr.write('\n');
  print({
    bench: 'access-bulk-load-sql',
    events: total,
    loadSeconds: +loadSeconds.toFixed(1),
    indexSeconds: +indexSeconds.toFixed(1),
    sightingsSeconds,
    eventsPerSecond: Math.round(total / (loadSeconds + indexSeconds + sightingsSeconds)),
  });
}

async function queriesOnly() {
  const db = await createBenchDatabase();
  try {
    const store = await openStore({
      kind: 'postgres',
      url: db.url,
      poolSize: 4,
      connectTimeoutMs: 5000,
      queryTimeoutMs: 3_600_000,
    });
    await store.migrate();
    const services = createServices(store);
    const boot = await bootstrapProvider(services.deps, 'Bench Cloud');
    const accounts = await seedAccounts(store, boot.tenant.id);
    await sqlBulkLoad(db.url, store, accounts, STORED);
    await queries(store, boot.tenant.id, accounts);
    await store.close();
  } finally {
    if (process.env.GATEHOUSE_BENCH_KEEP_DATABASE !== '1') await db.drop();
  }
}

async function main() {
  if (process.argv.includes('--queries-only')) return queriesOnly();
  // --postgres-ingest-only: the PostgreSQL ingest figures and their COPY baseline, nothing else.
  const ingestOnly =
    process.argv.includes('--postgres-ingest-only') || process.argv.includes('--http-postgres-only');
  if (!ingestOnly) {
    const pglite = await ingestHttp('pglite', { kind: 'memory' });
    await pglite.store.close();
  }

  const db = await createBenchDatabase();
  try {
    const pgConfig: OpenStoreConfig = {
      kind: 'postgres',
      url: db.url,
      poolSize: 10,
      connectTimeoutMs: 5000,
      queryTimeoutMs: 600_000,
    };
    const direct = await ingestHttpPostgres(pgConfig, BATCH);
    await direct.store.close();
    // The same with the API's largest batch, what a bulk shipper sends: less per-request work per event.
    if (BATCH !== MAX_EVENTS_PER_BATCH) {
      const largest = await ingestHttpPostgres(pgConfig, MAX_EVENTS_PER_BATCH);
      await largest.store.close();
    }
    // --http-postgres-only: issue #7's target figures alone, for A/B runs against another revision.
    if (process.argv.includes('--http-postgres-only')) return;
    // The same, served by `gatehouse serve --processes 2` (one per core), the load generator beside it.
    const twoNodes = await ingestHttp('postgres', pgConfig, {}, undefined, { processes: 2 });
    await twoNodes.store.close();
    const natsUrl = process.env.GATEHOUSE_BENCH_NATS_URL;
    if (natsUrl) await ingestThroughJetStream(natsUrl, pgConfig);
    const store = await openStore(pgConfig);
    await ingestStore(store, direct.accounts);
    const tenantId = direct.tenantId;
    await copyCeiling(db.url, store, direct.accounts, STORED, 'bulk load for queries');
    if (ingestOnly) return await store.close();
    const analyse = new pg.Client({ connectionString: db.url });
    await analyse.connect();
    await analyse.query('ANALYZE access_events');
    await analyse.query('ANALYZE access_ip_sightings');
    await analyse.end();
    await queries(store, tenantId, direct.accounts);
    await store.close();
  } finally {
    await db.drop();
  }
}

/**
 * Scale-out mode as deployed: the API publishes each batch to JetStream and answers once the stream has
 * it; the real `gatehouse worker` (bin/gatehouse.js, its own process) writes the stream to PostgreSQL.
 * Twice: with the worker running alongside the clients (the figure runs until the stream is drained;
 * `acceptedPerSecond` is the API's rate over the clients' phase alone), then with the worker started
 * only once the clients are done, which gives the API's rate with no writer beside it and the worker's
 * catch-up rate on that backlog (`access-worker-catch-up`, from its start, process start-up included).
 */
async function ingestThroughJetStream(natsUrl: string, pgConfig: OpenStoreConfig & { kind: 'postgres' }) {
  const { openAccessStream, jetStreamSink } = await import('../src/workers/access-jetstream.ts');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const stream = await openAccessStream({ servers: natsUrl.split(','), replicas: 1 });
  const manager = await jetstreamManager(stream.nc);
  const backlog = async () => (await manager.streams.info('GATEHOUSE_ACCESS')).state;
  const startWorker = async () => {
    const worker = spawn(
      process.execPath,
      [fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url)), 'worker', '--json', '--batch', '20'],
      {
        env: { ...process.env, GATEHOUSE_DATABASE_URL: pgConfig.url, GATEHOUSE_NATS_URL: natsUrl },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: worker.stdout });
    for await (const line of lines) if (line.includes('worker-started')) break;
    return worker;
  };
  const drained = async (worker: ChildProcess) => {
    while ((await backlog()).messages > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    worker.kill('SIGTERM');
    await once(worker, 'exit');
  };
  for (const workerAfter of [false, true]) {
    const result = await ingestHttp(
      workerAfter ? 'jetstream, worker started after (postgres)' : 'jetstream+worker (postgres)',
      pgConfig,
      { accessEventSink: jetStreamSink(stream) },
      async () => {
        if (!workerAfter) {
          const worker = await startWorker();
          return () => drained(worker);
        }
        return async (events) => {
          const t0 = performance.now();
          await drained(await startWorker());
          const seconds = (performance.now() - t0) / 1000;
          print({
            bench: 'access-worker-catch-up',
            into: 'postgres',
            events,
            seconds: +seconds.toFixed(1),
            eventsPerSecond: Math.round(events / seconds),
          });
        };
      },
    );
    await result.store.close();
  }
  await stream.close();
}

await main();
