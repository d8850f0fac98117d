/**
 * `npm run bench [-- PART…]`: every benchmark, one child process each so that one's memory and JIT
 * state do not colour the next. Parts: `http` (API throughput against the /v1/health baseline, PGlite
 * and PostgreSQL), `screening` (matching quality, latency, throughput), `rescreening` (a million
 * synthetic parties against a list delta and every list), `ledger` (the Merkle core at 10 million
 * leaves), `encryption` (sealing personal data per application), and any part whose script exists:
 * `ledger-service`, `access-log`, `access-ingest-cpu`, `access-log-digests`, `access-search`. Extra
 * arguments after `--` go to every part (e.g. `--quick`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const PARTS: Record<string, { script: string; args: string[] }> = {
  http: { script: 'run.ts', args: [] },
  screening: { script: 'screening.ts', args: [] },
  rescreening: { script: 'screening-rescreen.ts', args: [] },
  ledger: { script: 'ledger.ts', args: [] },
  'ledger-service': { script: 'ledger-service.ts', args: [] },
  'access-log': { script: 'access-log.ts', args: [] },
  'access-ingest-cpu': { script: 'access-ingest-cpu.ts', args: [] },
  'access-log-digests': { script: 'access-log-digests.ts', args: [] },
  'access-search': { script: 'access-search.ts', args: [] },
  encryption: { script: 'encryption.ts', args: [] },
};

const argv = process.argv.slice(2);
const flags = argv.filter((a) => a.startsWith('--'));
const named = argv.filter((a) => !a.startsWith('--'));
const unknown = named.filter((n) => PARTS[n] === undefined);
if (unknown.length > 0) {
  console.error(`unknown part(s): ${unknown.join(', ')}; parts: ${Object.keys(PARTS).join(', ')}`);
  process.exit(64);
}
const selected = (named.length > 0 ? named : Object.keys(PARTS)).filter((name) =>
  existsSync(path.join(import.meta.dirname, PARTS[name]!.script)),
);

let failed = 0;
for (const name of selected) {
  const part = PARTS[name]!;
  console.log(`\n=== ${name} (bench/${part.script}) ===`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, part.script), ...part.args, ...flags],
      {
        stdio: 'inherit',
      },
    );
    child.on('exit', (status, signal) => resolve(status ?? (signal === null ? 1 : 128)));
  });
  if (code !== 0) {
    failed += 1;
    console.log(`${name}: exited with ${code}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
