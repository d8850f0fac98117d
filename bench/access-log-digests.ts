/**
 * Access-log digests (issue #5 point 4): the time to digest one closed hour of N events, and to verify
 * it again, on PGlite in memory and PostgreSQL (skipped when unreachable); and the pure digest function
 * alone over N events in memory.
 *
 * The hour is filled by one INSERT … SELECT over generate_series (untimed), N events over 1,000 accounts
 * of one tenant with dictionary strings, stored an hour and a half ago; the digest head is set to that
 * hour. Timed: `AccessLogDigestService.digestClosedSegments` (barrier, cursor over the hour in digest
 * order, hashing, the digest row and its ledger entry) and `verifyAccessLogDigests` (the same read and
 * hash, compared).
 *
 *   node --import tsx bench/access-log-digests.ts [--events N | --quick] [--engine pglite|postgres]
 *
 * Prints a line and one `BENCH {json}` line per engine.
 */
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { digestSegment, type DigestEvent } from '../src/domain/access-log/segment-digest.ts';
import { verifyAccessLogDigests } from '../src/services/access-log-digest-verify.ts';
import { bootstrapProvider } from '../src/services/bootstrap.ts';
import { createServices } from '../src/services/index.ts';
import { openStore, type OpenStoreConfig } from '../src/storage/open.ts';
import type { Store } from '../src/storage/port.ts';
import { anAccountIn } from '../test/support/access-accounts.ts';
import { createBenchDatabase, PostgresUnreachableError } from './postgres-database.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    engine: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const EVENTS = values.quick ? 20_000 : Number(values.events);
const ACCOUNTS = 1000;
const HOUR = 3_600_000;

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

function benchPure(): { events: number; ms: number; eventsPerSecond: number } {
  const events: DigestEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
    accountId: `00000000-0000-4000-8000-${String(i % ACCOUNTS).padStart(12, '0')}`,
    atMicros: 1_764_489_600_000_000n + BigInt(i) * 1000n,
    eventKey: BigInt(i) * 7919n,
    ip: `100.64.${(i >> 8) & 255}.${i & 255}`,
    action: 3,
    principal: `user-${i % 50}@example.com`,
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1',
    region: 'us-east-1',
    storedAtMicros: 1_764_489_600_500_000n + BigInt(i) * 1000n,
  }));
  const start = performance.now();
  const { count } = digestSegment(events);
  const ms = performance.now() - start;
  if (count !== EVENTS) throw new Error(`digested ${count}`);
  return { events: EVENTS, ms: round(ms, 1), eventsPerSecond: round(EVENTS / (ms / 1000)) };
}

/** An hour of events stored 90 minutes ago, written behind the services' back (bench only). */
async function fillHour(store: Store, tenantId: string): Promise<void> {
  const kysely = (store as unknown as { kysely: Kysely<unknown> }).kysely;
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i += 1) accounts.push((await anAccountIn(store, tenantId)).id);
  const hour = Math.floor((Date.now() - 1.5 * HOUR) / HOUR) * HOUR;
  await store.accessEvents.ensurePartitions(new Date(hour - 2 * 86_400_000), new Date(hour + 86_400_000));
  await sql`INSERT INTO access_strings (kind, value) VALUES (1, 'alice@example.com'), (2, 'aws-cli/2.15'), (3, 'us-east-1')`.execute(
    kysely,
  );
  await sql`
    INSERT INTO access_events (at, account_id, event_key, ip, action, principal_id, user_agent_id, region_id, stored_at)
    SELECT ${new Date(hour - 86_400_000)}::timestamptz + i * interval '100 milliseconds',
      (${JSON.stringify(accounts)}::jsonb ->> (i % ${ACCOUNTS}))::uuid, i::int8 * 7919,
      ('100.64.0.0'::inet + i), 3, 1, 2, 3,
      ${new Date(hour)}::timestamptz + (i % 3500000) * interval '1 millisecond'
    FROM generate_series(1, ${EVENTS}::int) AS i`.execute(kysely);
  await sql`UPDATE access_log_digest_head SET digested_until = ${new Date(hour)}::timestamptz`.execute(
    kysely,
  );
}

async function benchEngine(engine: string, config: OpenStoreConfig) {
  const store = await openStore(config);
  try {
    await store.migrate();
    const services = createServices(store);
    const { tenant } = await bootstrapProvider(services.deps, 'Bench Cloud');
    await fillHour(store, tenant.id);
    let start = performance.now();
    const run = await services.accessDigests.digestClosedSegments();
    const digestMs = performance.now() - start;
    if (run.events !== EVENTS) throw new Error(`digested ${run.events} of ${EVENTS}`);
    start = performance.now();
    const verified = await verifyAccessLogDigests(services.deps, 100);
    const verifyMs = performance.now() - start;
    if (verified.divergences.length > 0) throw new Error(verified.divergences[0]?.message);
    return {
      engine,
      events: EVENTS,
      digestMs: round(digestMs),
      digestEventsPerSecond: round(EVENTS / (digestMs / 1000)),
      verifyMs: round(verifyMs),
      verifyEventsPerSecond: round(EVENTS / (verifyMs / 1000)),
    };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const pure = benchPure();
  console.log(`pure digestSegment: ${pure.events} events in ${pure.ms} ms (${pure.eventsPerSecond}/s)`);
  console.log(`BENCH ${JSON.stringify({ bench: 'access-log-digest-pure', ...pure })}`);
  const results = [];
  if (values.engine === undefined || values.engine === 'pglite') {
    results.push(await benchEngine('pglite (memory)', { kind: 'memory' }));
  }
  if (values.engine === undefined || values.engine === 'postgres') {
    try {
      const db = await createBenchDatabase();
      try {
        const config = { url: db.url, poolSize: 5, connectTimeoutMs: 5000, queryTimeoutMs: 600_000 };
        results.push(await benchEngine('postgres', { kind: 'postgres', ...config }));
      } finally {
        await db.drop();
      }
    } catch (error) {
      if (!(error instanceof PostgresUnreachableError)) throw error;
      console.log(`postgres skipped: ${error.message}`);
    }
  }
  for (const r of results) {
    console.log(
      `${r.engine}: digest of one hour of ${r.events} events ${r.digestMs} ms (${r.digestEventsPerSecond}/s); ` +
        `verify ${r.verifyMs} ms (${r.verifyEventsPerSecond}/s)`,
    );
    console.log(`BENCH ${JSON.stringify({ bench: 'access-log-digests', ...r })}`);
  }
}

await main();
