/** Prints the figures: a table for people, one `BENCH {json}` line per scenario for machines, ratios. */
import os from 'node:os';
import type { LoadResult } from './ipc.ts';

export interface ScenarioResult {
  engine: 'pglite' | 'postgres';
  scenario: string;
  connections: number;
  warmupS: number;
  durationS: number;
  load: LoadResult;
  serverRssMiB: number;
  serverHeapUsedMiB: number;
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
    serverRssMiB: result.serverRssMiB,
    serverHeapUsedMiB: result.serverHeapUsedMiB,
    loadAverage1m: result.loadAverage1m,
    node: process.version,
    cpus: os.cpus().length,
  })}`;
}

const ratio = (value: number, baseline: number) => (baseline === 0 ? NaN : value / baseline);

/** `pglite /v1/me vs /v1/health baseline: 0.42x req/s, p50 2.0x, p99 3.1x` */
export function formatRatio(subject: ScenarioResult, baseline: ScenarioResult): string {
  const s = subject.load;
  const b = baseline.load;
  return (
    `${subject.engine} ${subject.scenario} vs ${baseline.scenario} baseline: ` +
    `${ratio(s.requestsPerSec, b.requestsPerSec).toFixed(2)}x req/s, ` +
    `p50 ${ratio(s.latencyMs.p50, b.latencyMs.p50).toFixed(1)}x, ` +
    `p99 ${ratio(s.latencyMs.p99, b.latencyMs.p99).toFixed(1)}x`
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

/** Ratios are against the baseline scenario of the same engine, so engines are never mixed. */
export function printResults(results: ScenarioResult[], baselineScenario: string): void {
  if (results.length === 0) return;
  console.log(`\n${formatTable(results)}\n`);
  for (const result of results) console.log(formatBenchLine(result));
  console.log('');
  for (const engine of ['pglite', 'postgres'] as const) {
    const baseline = results.find((r) => r.engine === engine && r.scenario === baselineScenario);
    if (baseline === undefined) continue;
    for (const subject of results.filter((r) => r.engine === engine && r !== baseline)) {
      console.log(formatRatio(subject, baseline));
    }
  }
}
