/**
 * The ledger service on a real store, PGlite in memory and PostgreSQL (skipped when unreachable):
 * - outbox: entries written as record events write them, one per transaction (a sample of 1,000); the
 *   rest of the backlog is filled by one INSERT … SELECT;
 * - sequencer: `LedgerService.runSequencer` integrating the whole backlog into the Merkle tree in
 *   batches (node rows, leaf indexes, head compare-and-swap) and signing one checkpoint: leaves/s;
 * - inclusion and consistency proofs through the service at the final size (one round trip each).
 * Baseline: the target of 20,000 leaves/s batched.
 *
 *   node --import tsx bench/ledger-service.ts [--entries N] [--batch N] [--engine pglite|postgres]
 *
 * Prints a table and one `BENCH {json}` line per engine.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { bootstrapProvider } from '../src/services/bootstrap.ts';
import { operatorActor } from '../src/services/operator.ts';
import { LedgerService, ledgerSigner } from '../src/services/ledger.ts';
import { createServices } from '../src/services/index.ts';
import { openStore, type OpenStoreConfig } from '../src/storage/open.ts';
import type { Store } from '../src/storage/port.ts';
import { createBenchDatabase, PostgresUnreachableError } from './postgres-database.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '10000' },
    engine: { type: 'string' },
  },
});
const ENTRIES = Number(values.entries);
const BATCH = Number(values.batch);
const SINGLE_SAMPLE = 1000;
const PROOFS = 200;

interface Figures {
  engine: string;
  entries: number;
  batch: number;
  outboxSinglePerSecond: number;
  /** Rows/s of the one-statement backlog fill: an upper bound of the table, not of a record event. */
  outboxBatchedPerSecond: number;
  sequencerLeavesPerSecond: number;
  sequencerSeconds: number;
  inclusionP50Ms: number;
  inclusionP99Ms: number;
  consistencyP50Ms: number;
  consistencyP99Ms: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

async function timeProofs(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < PROOFS; i += 1) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 0.5), 3), p99: round(percentile(times, 0.99), 3) };
}

/** Plays many concurrent record events at once: raw SQL through the store's own Kysely (bench only). */
async function fillBacklog(store: Store, tenantId: string, count: number): Promise<void> {
  const kysely = (store as unknown as { kysely: Kysely<unknown> }).kysely;
  await sql`
    INSERT INTO ledger_entries (tenant_id, entry_type, record_type, record_id, commitment, recorded_at)
    SELECT ${tenantId}::uuid, 'created', 'decision', gen_random_uuid()::text, sha256(i::text::bytea), now()
    FROM generate_series(1, ${count}::int) AS i`.execute(kysely);
}

async function benchEngine(engine: string, config: OpenStoreConfig): Promise<Figures> {
  const store = await openStore(config);
  try {
    await store.migrate();
    const services = createServices(store);
    const { tenant } = await bootstrapProvider(services.deps, 'Bench Cloud');
    const actor = operatorActor(tenant.id, 'bench');
    const ledger = new LedgerService(services.deps, ledgerSigner(undefined, randomBytes), BATCH);
    const entry = () => ({
      tenantId: tenant.id,
      entryType: 'created',
      recordType: 'decision' as const,
      recordId: randomUUID(),
      commitment: randomBytes(32),
      recordedAt: new Date(),
    });
    let start = performance.now();
    for (let i = 0; i < SINGLE_SAMPLE; i += 1)
      await store.transaction(() => store.ledger.insertEntry(entry()));
    const outboxSinglePerSecond = round(SINGLE_SAMPLE / ((performance.now() - start) / 1000));
    // The backlog is filled in one statement (untimed): the figure of interest is the sequencer's.
    start = performance.now();
    await fillBacklog(store, tenant.id, ENTRIES - SINGLE_SAMPLE);
    const outboxBatchedPerSecond = round((ENTRIES - SINGLE_SAMPLE) / ((performance.now() - start) / 1000));
    start = performance.now();
    const run = await ledger.runSequencer();
    const sequencerSeconds = (performance.now() - start) / 1000;
    if (run.integrated !== ENTRIES || run.signed !== ENTRIES) throw new Error(`integrated ${run.integrated}`);
    const size = ENTRIES;
    const inclusion = await timeProofs((i) =>
      ledger.inclusionProof(actor, { leaf: Math.floor(((i * 7919) % PROOFS) * (size / PROOFS)), size }),
    );
    const consistency = await timeProofs((i) =>
      ledger.consistencyProof(actor, 1 + Math.floor((i * size) / PROOFS / 2), size),
    );
    return {
      engine,
      entries: ENTRIES,
      batch: BATCH,
      outboxSinglePerSecond,
      outboxBatchedPerSecond,
      sequencerLeavesPerSecond: round(ENTRIES / sequencerSeconds),
      sequencerSeconds: round(sequencerSeconds, 2),
      inclusionP50Ms: inclusion.p50,
      inclusionP99Ms: inclusion.p99,
      consistencyP50Ms: consistency.p50,
      consistencyP99Ms: consistency.p99,
    };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const results: Figures[] = [];
  if (values.engine === undefined || values.engine === 'pglite') {
    results.push(await benchEngine('pglite (memory)', { kind: 'memory' }));
  }
  if (values.engine === undefined || values.engine === 'postgres') {
    try {
      const db = await createBenchDatabase();
      try {
        results.push(
          await benchEngine('postgres', {
            kind: 'postgres',
            url: db.url,
            poolSize: 5,
            connectTimeoutMs: 5000,
            queryTimeoutMs: 600_000,
          }),
        );
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
      `${r.engine}: outbox ${r.outboxSinglePerSecond}/s (1 per txn), ${r.outboxBatchedPerSecond}/s (one INSERT … SELECT); ` +
        `sequencer ${r.sequencerLeavesPerSecond} leaves/s (${r.entries} in ${r.sequencerSeconds} s, batches of ${r.batch}); ` +
        `inclusion p50/p99 ${r.inclusionP50Ms}/${r.inclusionP99Ms} ms; consistency ${r.consistencyP50Ms}/${r.consistencyP99Ms} ms`,
    );
    console.log(`BENCH ${JSON.stringify({ bench: 'ledger-service', ...r })}`);
  }
}

await main();
