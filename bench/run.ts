/**
 * `npm run bench`: requests/s, latency percentiles and server memory for a trivial authenticated
 * endpoint (GET /v1/me) and for the CIP core's `POST /v1/applications` (validation, foreign-person
 * determination with real offline IP geolocation, special-measure evaluation, decision, and the
 * transaction that stores it all), against the named baseline GET /v1/health (no auth, no database) on
 * the same server, on PGlite (file-backed, as `npm start` uses) and on PostgreSQL. The server and the
 * load generator each run in a child process of their own; this process only orchestrates and prints.
 *
 * Options: `--quick` (1 s warm-up, 3 s measured); env BENCH_DURATION_S, BENCH_WARMUP_S,
 * BENCH_CONNECTIONS; GATEHOUSE_BENCH_DATABASE_URL (else GATEHOUSE_TEST_DATABASE_URL, else the local
 * server) names the PostgreSQL server in which a throw-away database is created; BENCH_CPU_PROF_DIR
 * writes one CPU profile of the server per engine and scenario into that folder.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OpenStoreConfig } from '../src/storage/open.ts';
import {
  APPLICATION_KINDS,
  bodyPool,
  describeMix,
  specialMeasures,
  type ApplicationBody,
} from './applications.ts';
import { ask, describeError, forkChild, waitForExit, type LoadResult } from './ipc.ts';
import { adminUrl, createBenchDatabase, PostgresUnreachableError, redactUrl } from './postgres-database.ts';
import { printHeader, printResults, toMiB, type Comparison, type ScenarioResult } from './report.ts';

interface Settings {
  connections: number;
  warmupS: number;
  durationS: number;
  /** Absolute; undefined unless BENCH_CPU_PROF_DIR is set. */
  cpuProfileDir: string | undefined;
}

interface Scenario {
  /** The label in the table, the BENCH line and the ratios. */
  name: string;
  method: 'GET' | 'POST';
  path: string;
  authenticated: boolean;
  /** POST only: the bodies the load generator rotates through. */
  bodies?: ApplicationBody[];
  /** What one 2xx answer is, when it is a unit of work worth counting per second. */
  unit?: string;
}

const BASELINE = '/v1/health';

/** The server answers `memory` once no request is in flight, which may take a while on a slow store. */
const MEMORY_TIMEOUT_MS = 45_000;

/** The baseline first: it is what every other scenario is divided by. */
const SCENARIOS: Scenario[] = [
  { name: BASELINE, method: 'GET', path: '/v1/health', authenticated: false },
  { name: '/v1/me', method: 'GET', path: '/v1/me', authenticated: true },
  {
    name: 'POST /v1/applications',
    method: 'POST',
    path: '/v1/applications',
    authenticated: true,
    bodies: bodyPool(),
    unit: 'applications decided',
  },
];

/** Every scenario against the baseline; applications also against `/v1/me`, the cheapest authenticated call. */
const COMPARISONS: Comparison[] = [
  { subject: '/v1/me', reference: BASELINE, baseline: true },
  { subject: 'POST /v1/applications', reference: BASELINE, baseline: true },
  { subject: 'POST /v1/applications', reference: '/v1/me', baseline: false },
];

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got '${raw}'`);
  return value;
}

function readSettings(argv: string[]): Settings {
  const quick = argv.includes('--quick');
  return {
    connections: Math.max(1, positiveInteger('BENCH_CONNECTIONS', 10)),
    warmupS: positiveInteger('BENCH_WARMUP_S', quick ? 1 : 2),
    durationS: Math.max(1, positiveInteger('BENCH_DURATION_S', quick ? 3 : 10)),
    cpuProfileDir: process.env.BENCH_CPU_PROF_DIR ? path.resolve(process.env.BENCH_CPU_PROF_DIR) : undefined,
  };
}

let interrupted = false;

function progress(line: string): void {
  process.stderr.write(`… ${line}\n`);
}

/** The measures every application is evaluated against; created before any load, so they are in force. */
async function createMeasures(url: string, headers: Record<string, string>): Promise<void> {
  for (const measure of specialMeasures()) {
    const response = await fetch(`${url}/v1/special-measures`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(measure),
    });
    if (response.status !== 201) {
      throw new Error(
        `POST /v1/special-measures answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
      );
    }
  }
}

interface SubmittedView {
  decision?: { status?: string; rule?: string };
  determination?: { signals?: Array<{ kind?: string; value?: string | null }> };
}

/**
 * A scenario that answers 401 (or 422) would look fast; check every GET answers 200, and every kind
 * of application answers 201 with the decision it is meant to get and the sign-up IP's real country.
 */
async function preflight(url: string, headers: Record<string, string>): Promise<void> {
  for (const scenario of SCENARIOS.filter((s) => s.method === 'GET')) {
    const response = await fetch(`${url}${scenario.path}`, {
      headers: scenario.authenticated ? headers : {},
    });
    if (response.status !== 200) {
      throw new Error(
        `${scenario.path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
      );
    }
  }
  for (const kind of APPLICATION_KINDS) {
    const response = await fetch(`${url}/v1/applications`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ ...kind.body, account: { externalId: `bench-preflight-${kind.name}` } }),
    });
    const text = await response.text();
    if (response.status !== 201) {
      throw new Error(`application '${kind.name}' answered ${response.status}: ${text.slice(0, 400)}`);
    }
    const body = JSON.parse(text) as SubmittedView;
    const ipCountry = body.determination?.signals?.find((s) => s.kind === 'ip_country')?.value ?? null;
    const got = { decision: body.decision?.status, rule: body.decision?.rule, ipCountry };
    if (
      got.decision !== kind.expect.decision ||
      got.rule !== kind.expect.rule ||
      ipCountry !== kind.expect.ipCountry
    ) {
      throw new Error(
        `application '${kind.name}': expected ${JSON.stringify(kind.expect)}, got ${JSON.stringify(got)}`,
      );
    }
  }
}

async function runLoad(
  request: {
    url: string;
    method: Scenario['method'];
    headers: Record<string, string>;
    bodies: ApplicationBody[] | undefined;
  },
  settings: Settings,
) {
  const child = forkChild('load-child.ts');
  try {
    const timeoutMs = (settings.warmupS + settings.durationS + 60) * 1000;
    const { connections, warmupS, durationS } = settings;
    const load = { type: 'load' as const, ...request, connections, warmupS, durationS };
    const { result } = await ask(child, load, 'result', timeoutMs);
    return result;
  } finally {
    await waitForExit(child, 10_000);
  }
}

async function benchEngine(
  engine: ScenarioResult['engine'],
  store: OpenStoreConfig,
  settings: Settings,
): Promise<ScenarioResult[]> {
  const server = forkChild('server-child.ts');
  try {
    const { url, adminKey, geo } = await ask(server, { type: 'start', store }, 'ready', 120_000);
    console.log(`${engine} server: IP geolocation ${geo}`);
    const auth = { authorization: `Bearer ${adminKey}` };
    await createMeasures(url, auth);
    await preflight(url, auth);
    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      if (interrupted) throw new Error('interrupted');
      progress(
        `${engine} ${scenario.method} ${scenario.path}: ${settings.warmupS} s warm-up, ${settings.durationS} s measured`,
      );
      const headers = scenario.authenticated ? auth : {};
      const before = await ask(server, { type: 'memory' }, 'memory', MEMORY_TIMEOUT_MS);
      const profileFile = await startProfile(server, engine, scenario, settings);
      const load: LoadResult = await runLoad(
        { url: `${url}${scenario.path}`, method: scenario.method, headers, bodies: scenario.bodies },
        settings,
      );
      // Once the requests left in flight are done: the CPU used and the requests handled since `before`.
      const memory = await ask(server, { type: 'memory' }, 'memory', MEMORY_TIMEOUT_MS);
      if (profileFile !== undefined) {
        await ask(server, { type: 'profile-stop', file: profileFile }, 'profile-saved', 60_000);
        progress(`CPU profile of the server: ${profileFile}`);
      }
      const handled = memory.handledRequests - before.handledRequests;
      results.push({
        engine,
        scenario: scenario.name,
        ...(scenario.unit === undefined ? {} : { unit: scenario.unit }),
        connections: settings.connections,
        warmupS: settings.warmupS,
        durationS: settings.durationS,
        load,
        serverRssMiB: toMiB(memory.rssBytes),
        serverHeapUsedMiB: toMiB(memory.heapUsedBytes),
        serverCpuMsPerRequest: handled === 0 ? 0 : (memory.cpuMicros - before.cpuMicros) / handled / 1000,
        serverRequestsHandled: handled,
        loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
      });
    }
    return results;
  } finally {
    await ask(server, { type: 'stop' }, 'stopped', 30_000).catch(() => server.kill('SIGKILL'));
    await waitForExit(server, 10_000);
  }
}

/** The profile's path, when BENCH_CPU_PROF_DIR asks for profiles; the warm-up is included. */
async function startProfile(
  server: ReturnType<typeof forkChild>,
  engine: ScenarioResult['engine'],
  scenario: Scenario,
  settings: Settings,
): Promise<string | undefined> {
  if (settings.cpuProfileDir === undefined) return undefined;
  await mkdir(settings.cpuProfileDir, { recursive: true });
  const slug = `${scenario.method}-${scenario.path}`.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
  await ask(server, { type: 'profile-start' }, 'profiling', 10_000);
  return path.join(settings.cpuProfileDir, `${engine}-${slug}.cpuprofile`); // e.g. pglite-get-v1-me
}

async function benchPglite(settings: Settings): Promise<ScenarioResult[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-'));
  try {
    return await benchEngine('pglite', { kind: 'pglite', dataDir }, settings);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Undefined when the server cannot be reached: PostgreSQL is optional on a laptop. */
async function benchPostgres(settings: Settings): Promise<ScenarioResult[] | undefined> {
  let database;
  try {
    database = await createBenchDatabase();
  } catch (error) {
    if (!(error instanceof PostgresUnreachableError)) throw error;
    console.log(`postgres: skipped: postgres unreachable (${redactUrl(adminUrl())}: ${error.message})`);
    return undefined;
  }
  try {
    const store: OpenStoreConfig = {
      kind: 'postgres',
      url: database.url,
      poolSize: 10,
      connectTimeoutMs: 5000,
      queryTimeoutMs: 30_000,
    };
    return await benchEngine('postgres', store, settings);
  } finally {
    await database.drop().catch((error: unknown) => {
      console.log(`postgres: could not drop the bench database: ${describeError(error)}`);
    });
  }
}

async function main(): Promise<number> {
  const settings = readSettings(process.argv.slice(2));
  printHeader(settings);
  console.log(
    `POST /v1/applications: every request a new account; body mix ${describeMix()}; ` +
      `${specialMeasures().length} special measures in force.`,
  );
  const results: ScenarioResult[] = [];
  let pgliteFailed = false;
  try {
    results.push(...(await benchPglite(settings)));
  } catch (error) {
    pgliteFailed = true;
    console.log(`pglite: failed: ${describeError(error)}`);
  }
  if (!interrupted) {
    try {
      results.push(...((await benchPostgres(settings)) ?? []));
    } catch (error) {
      console.log(`postgres: failed: ${describeError(error)}`);
    }
  }
  printResults(results, COMPARISONS);
  if (interrupted) return 130;
  return pgliteFailed ? 1 : 0;
}

// Ctrl-C reaches the children too; let the cleanup (temp folder, bench database) run, then stop.
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  progress('interrupted: cleaning up (Ctrl-C again to exit at once)');
});

process.exitCode = await main();
