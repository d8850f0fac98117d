/**
 * Summarises a server CPU profile written by `BENCH_CPU_PROF_DIR=… npm run bench`:
 *
 *   node --import tsx bench/profile-summary.ts /tmp/prof/pglite-post-v1-applications.cpuprofile [top]
 *
 * Prints where the samples fell by cost group (store engine, query builder, zod, identifier validation,
 * HTTP …) and by area (idle, GC, Node internals, each npm package, each folder of src/), the functions with the most self time, and the functions of src/ with the most inclusive time
 * (samples with the function anywhere on the stack; for async functions that is only their synchronous
 * slices, not the time they spent awaiting).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = path.resolve(import.meta.dirname, '..');

/** `src/domain/identity/phone.ts` → `src/domain/identity`; a package → its name; else a bucket. */
function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)') {
      return functionName;
    }
    return '(native / V8 builtins)';
  }
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('wasm://')) return 'WebAssembly';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = file.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') === true ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? file);
  }
  return path.dirname(projectPath(file));
}

/** The path inside the project, also for a profile recorded in another checkout (`…/src/http/app.ts`). */
function projectPath(file: string): string {
  const relative = path.relative(ROOT, file);
  if (!relative.startsWith('..')) return relative;
  const at = Math.max(file.lastIndexOf('/src/'), file.lastIndexOf('/bench/'));
  return at >= 0 ? file.slice(at + 1) : file;
}

/** Areas gathered into the costs a reader asks about; the first matching rule wins. */
const GROUPS: Array<[string, (area: string) => boolean]> = [
  ['(idle)', (a) => a === '(idle)'],
  ['garbage collector', (a) => a === '(garbage collector)'],
  ['store: PGlite (WebAssembly + its JS)', (a) => a === 'WebAssembly' || a === '@electric-sql/pglite'],
  ['store: pg driver', (a) => /^(pg|pg-.*|postgres-.*|pgpass)$/.test(a)],
  ['store: Kysely and repositories', (a) => a === 'kysely' || a.startsWith('src/storage')],
  ['zod (request, response, stored JSON)', (a) => a === 'zod' || a === 'fastify-type-provider-zod'],
  [
    'identifier validation',
    (a) =>
      a === 'src/domain/identity' ||
      a === 'src/domain/applications' ||
      /^(libphonenumber-js|card-validator|credit-card-type|stdnum|ibantools|any-ascii|i18n-iso-countries|disposable-email-domains)$/.test(
        a,
      ),
  ],
  ['IP geolocation', (a) => a === 'src/providers/geoip' || /^(mmdb-lib|maxmind|ipaddr\.js)$/.test(a)],
  [
    'determination, measures, decision',
    (a) => /^src\/domain\/(determination|special-measures|decisions|profiles)$/.test(a),
  ],
  ['services', (a) => a.startsWith('src/services') || a.startsWith('src/domain')],
  [
    'HTTP: Fastify, src/http, Node internals',
    (a) =>
      a === 'node internals' || a.startsWith('src/http') || /fastify|find-my-way|helmet|json|avvio/.test(a),
  ],
  ['native: socket writes, microtasks, V8 builtins', (a) => a === '(native / V8 builtins)'],
];

function groupOf(area: string): string {
  return GROUPS.find(([, matches]) => matches(area))?.[0] ?? `other: ${area}`;
}

function label(frame: CallFrame): string {
  const file = frame.url.startsWith('file://') ? new URL(frame.url).pathname : frame.url;
  // Files run through tsx report line 1 for everything; print a line only when it means something.
  const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : '';
  const where = file === '' ? '' : ` ${projectPath(file)}${line}`;
  return `${frame.functionName || '(anonymous)'}${where}`;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
}

function printTop(title: string, counts: Map<string, number>, total: number, top: number): void {
  console.log(`\n${title}`);
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, micros] of rows) {
    console.log(`${percent(micros, total)}  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
}

async function main(): Promise<void> {
  const [file, topArg] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profile-summary.ts FILE.cpuprofile [top]');
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfByArea = new Map<string, number>();
  const selfByGroup = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusiveSrc = new Map<string, number>();
  let total = 0;
  let busy = 0;
  const add = (map: Map<string, number>, key: string, micros: number) =>
    map.set(key, (map.get(key) ?? 0) + micros);

  for (const [i, id] of profile.samples.entries()) {
    // A sample's time is the gap to the next sample (the last one gets the previous gap).
    const micros = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (node === undefined) continue;
    total += micros;
    const area = areaOf(node.callFrame);
    add(selfByArea, area, micros);
    add(selfByGroup, groupOf(area), micros);
    if (area !== '(idle)') busy += micros;
    add(selfByFunction, label(node.callFrame), micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame === undefined || !areaOf(frame).startsWith('src/')) continue;
      const name = label(frame);
      if (!seen.has(name)) add(inclusiveSrc, name, micros);
      seen.add(name);
    }
  }
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  console.log(
    `${file}: ${seconds.toFixed(1)} s profiled, ${profile.samples.length} samples, ` +
      `busy (not idle) ${percent(busy, total).trim()}`,
  );
  printTop('Self time by cost group (share of all samples)', selfByGroup, total, top);
  printTop('Self time by area', selfByArea, total, top);
  printTop('Self time by function', selfByFunction, total, top);
  printTop('Inclusive time of src/ functions (synchronous slices only)', inclusiveSrc, total, top);
}

await main();
