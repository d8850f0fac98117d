/**
 * The access log's ingest CPU per event, stage by stage, on one core and with no I/O (issue #7):
 *
 *   node --import tsx bench/access-ingest-cpu.ts        # or: npm run bench -- access-ingest-cpu
 *
 * What an API node does to a 5,000-event JSON batch between reading its bytes and handing PostgreSQL a
 * binary COPY stream: decode the body (routes/access-events.ts decodeBody), JSON.parse it (the named
 * baseline: the least any JSON API must do), validate each line (domain/access-log/validate.ts), build
 * the rows with their SHA-256 idempotency keys (services/access-log.ts rowsOf), look up the strings'
 * dictionary ids (access-strings.ts, every string cached), find each row's account memory and the
 * accounts whose last access moves (access-account-memory.ts), find the address sightings not yet written
 * (access-sightings.ts, warm as in a steady stream), and encode the rows for COPY
 * (access-events-copy.ts). The end-to-end HTTP figures of bench/access-log.ts swing by a quarter or more
 * with this VM's speed and PostgreSQL's share of the two cores; these have no I/O and no other process on
 * the clock, so a change to the ingest code is judged by them (as A/B runs, alternated). Each figure is
 * the median of ROUNDS rounds over the same batches (GATEHOUSE_BENCH_CPU_ROUNDS, default 7), the total
 * also the fastest round: the VM's neighbours only ever add time. The first round is not measured: it
 * warms the JIT and fills the dictionary (an in-memory PGlite) and the memories.
 */
import { randomUUID } from 'node:crypto';
import { validateBatch } from '../src/domain/access-log/validate.ts';
import { rowsOf } from '../src/services/access-log.ts';
import type { Kysely } from 'kysely';
import { decodeBody } from '../src/http/routes/access-events.ts';
import type { Database } from '../src/storage/database.ts';
import { openStore } from '../src/storage/open.ts';
import { AccountMemory } from '../src/storage/repositories/access-account-memory.ts';
import { encodeCopy } from '../src/storage/repositories/access-events-copy.ts';
import { AccessStringDictionary } from '../src/storage/repositories/access-strings.ts';
import { SightingMemory, sightingCandidates } from '../src/storage/repositories/access-sightings.ts';

const ACCOUNTS = 10_000;
const BATCH = 5000;
const BATCHES = 60;
const ROUNDS = Number(process.env.GATEHOUSE_BENCH_CPU_ROUNDS || 7);
const NOW = new Date('2026-12-01T00:00:00Z');
const USER_AGENTS = ['aws-cli/2.15', 'Mozilla/5.0 (X11; Linux x86_64)'];

/** The same event shape as bench/access-log.ts: a client id, a few addresses per account's /24. */
function batchBody(accounts: readonly string[], seed: number): Buffer {
  const events = Array.from({ length: BATCH }, (_, i) => {
    const a = (seed * 7919 + i * 104729) % accounts.length;
    const net = a % 5000;
    return {
      id: `${seed}-${i}`,
      account: accounts[a],
      ip: `100.${64 + (net >> 8)}.${net & 255}.${1 + (i % 6) + (a % 40) * 6}`,
      at: new Date(NOW.getTime() - 86_400_000 + seed * 60_000 + i).toISOString(),
      action: i % 5 === 0 ? 'console' : 'api',
      principal: `user-${a}`,
      userAgent: USER_AGENTS[i % 2],
      region: 'us-east-1',
    };
  });
  return Buffer.from(JSON.stringify(events));
}

const STAGES = ['decode', 'parse', 'validate', 'rows', 'strings', 'accounts', 'sightings', 'encode'] as const;
type Stage = (typeof STAGES)[number];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const accounts = Array.from({ length: ACCOUNTS }, () => randomUUID());
  // The provider's refs are Gatehouse's own account ids here, resolved (as the node's ref cache would).
  const accountOf = new Map<string, string>(accounts.map((id) => [id, id]));
  // The dictionary on an in-memory PGlite: only the first (unmeasured) round meets strings it has not cached.
  const store = await openStore({ kind: 'memory' });
  await store.migrate();
  const kysely = (store as unknown as { kysely: Kysely<Database> }).kysely;
  const strings = new AccessStringDictionary(() => kysely);
  const bodies = Array.from({ length: BATCHES }, (_, seed) => batchBody(accounts, seed));
  const bytes = bodies.reduce((sum, b) => sum + b.length, 0);
  const perRound = Object.fromEntries(STAGES.map((stage) => [stage, [] as number[]])) as Record<
    Stage,
    number[]
  >;
  const memory = new AccountMemory();
  const sightings = new SightingMemory();
  const totals: number[] = [];
  let sink = 0;
  for (let round = 0; round <= ROUNDS; round += 1) {
    const spent = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
    for (const body of bodies) {
      let started = performance.now();
      const text = decodeBody(body);
      spent.decode += performance.now() - started;
      started = performance.now();
      const items = JSON.parse(text) as unknown[];
      spent.parse += performance.now() - started;
      started = performance.now();
      const batch = validateBatch(items, NOW);
      spent.validate += performance.now() - started;
      started = performance.now();
      const { rows, rejected } = rowsOf(
        batch,
        batch.events.map((event) => accountOf.get(event.account)),
      );
      spent.rows += performance.now() - started;
      started = performance.now();
      const ids = await strings.resolve(rows);
      spent.strings += performance.now() - started;
      started = performance.now();
      const slots = memory.slotsOf(rows);
      const newer = memory.newestPerAccount(rows, slots);
      memory.committedAccess(newer);
      spent.accounts += performance.now() - started;
      started = performance.now();
      // The batch's address sightings not yet remembered (all of them remembered after the first round).
      // As access-events.ts does: the precheck in prepare, the check of what it left in the transaction.
      const pairs = sightings.missing(sightings.precheck(sightingCandidates(rows), slots), slots, '0');
      sightings.remember(pairs);
      spent.sightings += performance.now() - started;
      started = performance.now();
      sink += encodeCopy(rows, slots, ids).length + rejected.length + pairs.days.length + newer.length;
      spent.encode += performance.now() - started;
    }
    if (round === 0) continue; // the first round warms the JIT, the dictionary and the account memory
    for (const stage of STAGES) perRound[stage].push((spent[stage] * 1000) / (BATCHES * BATCH));
    totals.push(STAGES.reduce((sum, stage) => sum + (spent[stage] * 1000) / (BATCHES * BATCH), 0));
  }
  await store.close();
  if (sink === 0) throw new Error('nothing was encoded');
  const us = Object.fromEntries(STAGES.map((s) => [s, +median(perRound[s]).toFixed(3)])) as Record<
    Stage,
    number
  >;
  // Stages share the garbage collector's pauses by chance, so the totals are taken per round.
  const total = median(totals);
  const usage = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({
      bench: 'access-ingest-cpu',
      events: BATCHES * BATCH,
      rounds: ROUNDS,
      bytesPerEvent: Math.round(bytes / (BATCHES * BATCH)),
      usPerEvent: us,
      totalUsPerEvent: +total.toFixed(3),
      fastestRoundUsPerEvent: +Math.min(...totals).toFixed(3),
      eventsPerSecondOneCore: Math.round(1e6 / total),
      baseline: 'JSON.parse of the same bytes',
      ratioToBaseline: +(total / us.parse).toFixed(2),
      rssMiB: Math.round(usage.rss / 2 ** 20),
      heapUsedMiB: Math.round(usage.heapUsed / 2 ** 20),
    })}\n`,
  );
}

await main();
