/** Prints the figures: a table for people, one `BENCH {json}` line per scenario for machines, ratios. */
import os from 'node:os';
import type { LoadResult } from './ipc.ts';

export interface ScenarioResult {
  engine: 'pglite' | 'postgres';
  scenario: string;
  /** What one 2xx answer is (e.g. 'applications decided'), for scenarios whose answers are work done. */
  unit?: string;
  connections: number;
  warmupS: number;
  durationS: number;
  load: LoadResult;
  serverRssMiB: number;
  serverHeapUsedMiB: number;
  /**
   * The server process's CPU time (user + system) over the scenario, warm-up included, divided by the
   * HTTP requests it handled meanwhile. Less sensitive to a busy machine than latency; PostgreSQL's own
   * backends are other processes and not counted.
   */
  serverCpuMsPerRequest: number;
  serverRequestsHandled: number;
  /** The machine's 1-minute load average at the end of the run: on a shared machine, how quiet it was. */
  loadAverage1m: number;
}

const MIB = 1024 * 1024;

export function toMiB(bytes: number): number {
  return Math.round((bytes / MIB) * 10) / 10;
}

const COLUMNS: Array<[string, (r: ScenarioResult) => string]> = [
  ['engine', (r) => r.engine],
  ['scenario', (r) => r.scenario],
  ['req/s', (r) => r.load.requestsPerSec.toFixed(0)],
  ['p50 ms', (r) => r.load.latencyMs.p50.toFixed(2)],
  ['p90 ms', (r) => r.load.latencyMs.p90.toFixed(2)],
  ['p99 ms', (r) => r.load.latencyMs.p99.toFixed(2)],
  ['errors', (r) => String(r.load.errors + r.load.timeouts)],
  ['non-2xx', (r) => String(r.load.non2xx)],
  ['server CPU ms/req', (r) => r.serverCpuMsPerRequest.toFixed(2)],
  ['server RSS MiB', (r) => r.serverRssMiB.toFixed(1)],
];

export function formatTable(results: ScenarioResult[]): string {
  const rows = [COLUMNS.map(([title]) => title), ...results.map((r) => COLUMNS.map(([, cell]) => cell(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const [header = [], ...body] = rows;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function formatBenchLine(result: ScenarioResult): string {
  return `BENCH ${JSON.stringify({
    engine: result.engine,
    scenario: result.scenario,
    connections: result.connections,
    warmupS: result.warmupS,
    durationS: result.durationS,
    requestsPerSec: Math.round(result.load.requestsPerSec * 10) / 10,
    requests: result.load.requests,
    latencyMs: result.load.latencyMs,
    errors: result.load.errors,
    timeouts: result.load.timeouts,
    non2xx: result.load.non2xx,
    ...(result.unit === undefined
      ? {}
      : { unit: result.unit, perSecond: Math.round(perSecond(result) * 10) / 10 }),
    serverRssMiB: result.serverRssMiB,
    serverHeapUsedMiB: result.serverHeapUsedMiB,
    serverCpuMsPerRequest: Math.round(result.serverCpuMsPerRequest * 1000) / 1000,
    serverRequestsHandled: result.serverRequestsHandled,
    loadAverage1m: result.loadAverage1m,
    node: process.version,
    cpus: os.cpus().length,
  })}`;
}

/** 2xx answers per second of the measured run: the work done, whatever else was answered. */
function perSecond(result: ScenarioResult): number {
  return result.load.elapsedS === 0 ? 0 : result.load.responses2xx / result.load.elapsedS;
}

const ratio = (value: number, baseline: number) => (baseline === 0 ? NaN : value / baseline);

/** One ratio line: `subject` against `reference`, within each engine. */
export interface Comparison {
  subject: string;
  reference: string;
  /** Whether the reference is the named baseline (it says so in the line). */
  baseline: boolean;
}

/** `pglite /v1/me vs /v1/health baseline: 0.42x req/s, p50 2.0x, p99 3.1x, CPU/req 4.2x` */
export function formatRatio(subject: ScenarioResult, baseline: ScenarioResult, isBaseline = true): string {
  const s = subject.load;
  const b = baseline.load;
  return (
    `${subject.engine} ${subject.scenario} vs ${baseline.scenario}${isBaseline ? ' baseline' : ''}: ` +
    `${ratio(s.requestsPerSec, b.requestsPerSec).toFixed(2)}x req/s, ` +
    `p50 ${ratio(s.latencyMs.p50, b.latencyMs.p50).toFixed(1)}x, ` +
    `p99 ${ratio(s.latencyMs.p99, b.latencyMs.p99).toFixed(1)}x, ` +
    `CPU/req ${ratio(subject.serverCpuMsPerRequest, baseline.serverCpuMsPerRequest).toFixed(1)}x`
  );
}

export interface HeaderSettings {
  connections: number;
  warmupS: number;
  durationS: number;
}

export function printHeader(settings: HeaderSettings): void {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2));
  console.log(
    `Gatehouse bench: node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${os.platform()} ${os.arch()}, load average ${load.join(' ')}\n` +
      `${settings.connections} connections, ${settings.warmupS} s warm-up + ${settings.durationS} s measured ` +
      'per scenario; autocannon in its own process, the server in another.',
  );
}

/**
 * `pglite POST /v1/applications: 85.2 applications decided/s (860 in 10.1 s), non-2xx 0`; a warning
 * when some answers were not 2xx, since those requests decided nothing.
 */
export function formatWork(result: ScenarioResult): string {
  const { responses2xx, elapsedS, non2xx, errors, timeouts } = result.load;
  const line =
    `${result.engine} ${result.scenario}: ${perSecond(result).toFixed(1)} ${result.unit ?? 'requests'}/s ` +
    `(${responses2xx} in ${elapsedS.toFixed(1)} s), non-2xx ${non2xx}`;
  return non2xx + errors + timeouts === 0
    ? line
    : `${line}, errors ${errors + timeouts}: WARNING, not every request was decided; the figures are not comparable`;
}

/** Ratios are against scenarios of the same engine, so engines are never mixed. */
export function printResults(results: ScenarioResult[], comparisons: readonly Comparison[]): void {
  if (results.length === 0) return;
  console.log(`\n${formatTable(results)}\n`);
  for (const result of results) console.log(formatBenchLine(result));
  console.log('');
  for (const engine of ['pglite', 'postgres'] as const) {
    const find = (scenario: string) => results.find((r) => r.engine === engine && r.scenario === scenario);
    for (const comparison of comparisons) {
      const subject = find(comparison.subject);
      const reference = find(comparison.reference);
      if (subject === undefined || reference === undefined) continue;
      console.log(formatRatio(subject, reference, comparison.baseline));
    }
  }
  const work = results.filter((r) => r.unit !== undefined);
  if (work.length > 0) console.log('');
  for (const result of work) console.log(formatWork(result));
}

/** One figure as a JSON line on stdout. */
export const print = (figure: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(figure)}\n`);

/** Deterministic pseudo-random numbers (mulberry32), so runs load the same data. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
