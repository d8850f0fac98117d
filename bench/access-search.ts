/**
 * Access-log searches over many (account, address) pairs (issue #7; src/storage/repositories/
 * access-events-search.ts), on PostgreSQL:
 *
 *   node --import tsx bench/access-search.ts     # or: npm run bench -- access-search
 *
 * One account uses ADDRESSES addresses (GATEHOUSE_BENCH_SEARCH_ADDRESSES, default 2,000) in one /21,
 * each with EVENTS events (GATEHOUSE_BENCH_SEARCH_EVENTS, default 20) at random times over 30 days, and
 * one more address has 2,000 events on the first day (a busy one). Timed, 100 runs each after 20 untimed:
 * the account's first page of 100 over 30 days, its sixth page, and the /21 over 7 days. The baseline is
 * the same searches when each page read a page from every pair (before 2026-12-02): run this file in a
 * worktree of an earlier commit for it (docs/benchmarks.md).
 */
import { bootstrapProvider } from '../src/services/bootstrap.ts';
import { createServices } from '../src/services/index.ts';
import { openStore } from '../src/storage/open.ts';
import type { AccessEventRow, AccessEventSearch, Store } from '../src/storage/port.ts';
import { anAccountIn } from '../test/support/access-accounts.ts';
import { createBenchDatabase, PostgresUnreachableError } from './postgres-database.ts';
import { print, rng } from './report.ts';

const DAY = 86_400_000;
const END = Date.parse('2026-11-30T00:00:00Z');
const START = END - 30 * DAY;
const ADDRESSES = wholeNumber('GATEHOUSE_BENCH_SEARCH_ADDRESSES', 2000, 1, 2040);
const EVENTS = wholeNumber('GATEHOUSE_BENCH_SEARCH_EVENTS', 20, 1, 1000);
const BUSY_EVENTS = 2000;

function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}.`);
  return value;
}

async function load(store: Store, accountId: string): Promise<number> {
  const r = rng(7);
  const rows: AccessEventRow[] = [];
  const event = (ip: string, at: number, n: number): AccessEventRow => ({
    accountId,
    eventKey: String(n * 7919 - 2 ** 40),
    at: new Date(at),
    ip,
    action: 1,
    principal: 'ops@example.com',
    userAgent: 'aws-cli/2.15',
    region: 'us-east-1',
  });
  let n = 0;
  for (let i = 0; i < BUSY_EVENTS; i += 1) rows.push(event('100.64.7.255', START + i * 1000, (n += 1)));
  for (let a = 0; a < ADDRESSES; a += 1)
    for (let j = 0; j < EVENTS; j += 1)
      rows.push(event(`100.64.${a >> 8}.${a & 255}`, START + Math.floor(r() * 30 * DAY), (n += 1)));
  for (let i = 0; i < rows.length; i += 10_000)
    await store.accessEvents.insertBatch(rows.slice(i, i + 10_000));
  return rows.length;
}

async function time(name: string, pairs: number, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < 100; i += 1) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((x, y) => x - y);
  print({
    bench: 'access-search',
    query: name,
    addressesOfAccount: pairs,
    p50ms: +samples[50]!.toFixed(2),
    p99ms: +samples[98]!.toFixed(2),
  });
}

async function main(): Promise<void> {
  let db;
  try {
    db = await createBenchDatabase();
  } catch (error) {
    if (!(error instanceof PostgresUnreachableError)) throw error;
    print({ bench: 'access-search', skipped: `PostgreSQL unreachable: ${error.message}` });
    return;
  }
  const store = await openStore({
    kind: 'postgres',
    url: db.url,
    poolSize: 4,
    connectTimeoutMs: 5000,
    queryTimeoutMs: 600_000,
  });
  try {
    await store.migrate();
    const services = createServices(store, { now: () => new Date(END) });
    const tenantId = (await bootstrapProvider(services.deps, 'Bench')).tenant.id;
    const account = await anAccountIn(store, tenantId);
    const started = performance.now();
    const events = await load(store, account.id);
    print({
      bench: 'access-search-load',
      events,
      addresses: ADDRESSES + 1,
      seconds: +((performance.now() - started) / 1000).toFixed(1),
    });
    const month = (after?: AccessEventSearch['after']): AccessEventSearch => ({
      from: new Date(START),
      to: new Date(END),
      after,
      limit: 100,
    });
    await time('account+30d, first page', ADDRESSES + 1, () =>
      store.accessEvents.searchByAccount(tenantId, account.id, month()),
    );
    let after: AccessEventSearch['after'];
    for (let page = 0; page < 5; page += 1) {
      const items = await store.accessEvents.searchByAccount(tenantId, account.id, month(after));
      const last = items[99]!;
      after = { at: last.at, key: last.eventKey };
    }
    await time('account+30d, sixth page', ADDRESSES + 1, () =>
      store.accessEvents.searchByAccount(tenantId, account.id, month(after)),
    );
    await time('/21+7d, first page', ADDRESSES + 1, () =>
      store.accessEvents.searchByNetwork(
        tenantId,
        { cidr: '100.64.0.0/21', first: '100.64.0.0', last: '100.64.7.255' },
        { from: new Date(START + 10 * DAY), to: new Date(START + 17 * DAY), after: undefined, limit: 100 },
      ),
    );
  } finally {
    await store.close();
    // GATEHOUSE_BENCH_KEEP_DATABASE=1 keeps it for EXPLAIN (its URL is printed).
    if (process.env.GATEHOUSE_BENCH_KEEP_DATABASE === '1') print({ bench: 'access-search', kept: db.url });
    else await db.drop();
  }
}

await main();
