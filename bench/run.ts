/**
 * `npm run bench`: requests/s, latency percentiles and server memory for a trivial authenticated
 * endpoint (GET /v1/me) against the named baseline GET /v1/health (no auth, no database) on the same
 * server, on PGlite (file-backed, as `npm start` uses) and on PostgreSQL. The server and the load
 * generator each run in a child process of their own; this process only orchestrates and prints.
 *
 * Options: `--quick` (1 s warm-up, 3 s measured); env BENCH_DURATION_S, BENCH_WARMUP_S,
 * BENCH_CONNECTIONS; GATEHOUSE_BENCH_DATABASE_URL (else GATEHOUSE_TEST_DATABASE_URL, else the local
 * server) names the PostgreSQL server in which a throw-away database is created.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OpenStoreConfig } from '../src/storage/open.ts';
import { ask, describeError, forkChild, waitForExit, type LoadResult } from './ipc.ts';
import { adminUrl, createBenchDatabase, PostgresUnreachableError, redactUrl } from './postgres-database.ts';
import { printHeader, printResults, toMiB, type ScenarioResult } from './report.ts';

interface Settings {
  connections: number;
  warmupS: number;
  durationS: number;
}

interface Scenario {
  path: string;
  authenticated: boolean;
}

/** The baseline first: it is what every other scenario is divided by. */
const SCENARIOS: Scenario[] = [
  { path: '/v1/health', authenticated: false },
  { path: '/v1/me', authenticated: true },
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
  };
}

let interrupted = false;

function progress(line: string): void {
  process.stderr.write(`… ${line}\n`);
}

/** A scenario that answers 401 would look fast; check both answer 200 before loading them. */
async function preflight(url: string, headers: Record<string, string>): Promise<void> {
  for (const scenario of SCENARIOS) {
    const response = await fetch(`${url}${scenario.path}`, {
      headers: scenario.authenticated ? headers : {},
    });
    if (response.status !== 200) {
      throw new Error(
        `${scenario.path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
      );
    }
  }
}

async function runLoad(request: { url: string; headers: Record<string, string> }, settings: Settings) {
  const child = forkChild('load-child.ts');
  try {
    const timeoutMs = (settings.warmupS + settings.durationS + 60) * 1000;
    const { result } = await ask(child, { type: 'load', ...request, ...settings }, 'result', timeoutMs);
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
    const { url, adminKey } = await ask(server, { type: 'start', store }, 'ready', 120_000);
    const auth = { authorization: `Bearer ${adminKey}` };
    await preflight(url, auth);
    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      if (interrupted) throw new Error('interrupted');
      progress(
        `${engine} GET ${scenario.path}: ${settings.warmupS} s warm-up, ${settings.durationS} s measured`,
      );
      const headers = scenario.authenticated ? auth : {};
      const load: LoadResult = await runLoad({ url: `${url}${scenario.path}`, headers }, settings);
      const memory = await ask(server, { type: 'memory' }, 'memory', 10_000);
      results.push({
        engine,
        scenario: scenario.path,
        ...settings,
        load,
        serverRssMiB: toMiB(memory.rssBytes),
        serverHeapUsedMiB: toMiB(memory.heapUsedBytes),
        loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
      });
    }
    return results;
  } finally {
    await ask(server, { type: 'stop' }, 'stopped', 30_000).catch(() => server.kill('SIGKILL'));
    await waitForExit(server, 10_000);
  }
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
  printResults(results, SCENARIOS[0]?.path ?? '');
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
