/**
 * `node --import tsx bench/encryption.ts [--quick]`: what encrypting personal data costs per application
 * (issue #5). Two measures:
 *  1. CPU, no database: sealing one party version (a fresh data key, its wrap under the KEK, AES-256-GCM
 *     of the version, the blind-index HMACs) and opening it again (unwrap + decrypt), against the
 *     baseline of serialising the same data as plain JSON (what was stored before).
 *  2. The store, on an in-memory PGlite: writing N new parties (party, key, sealed version, search
 *     terms) and reading each back opened, against the baseline of the same rows written and read in
 *     the clear with no key or terms (plain SQL, the pre-encryption statements).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { openJson, sealJson, recordContext, dataKeyContext } from '../src/domain/records/envelope.ts';
import { ephemeralKeyring } from '../src/domain/records/keyring.ts';
import { partySearchTerms } from '../src/domain/records/search-terms.ts';
import { blindIndex, newDataKey } from '../src/domain/records/envelope.ts';
import { openStore } from '../src/storage/open.ts';
import type { Store } from '../src/storage/port.ts';

const quick = process.argv.includes('--quick');
const CPU_N = quick ? 5_000 : 50_000;
const STORE_N = quick ? 500 : 3_000;

function party(i: number): Record<string, unknown> {
  return {
    name: { full: `Anna Maria Eriksson ${i}`, given: 'Anna Maria', family: `Eriksson${i}` },
    dateOfBirth: '1974-08-12',
    citizenship: ['SE'],
    address: { line1: `Storgatan ${i}`, city: 'Stockholm', country: 'SE' },
    nationalIds: [],
    documents: [
      {
        type: 'passport',
        country: 'SE',
        number: `AA${1_000_000 + i}`,
        expiresOn: '2031-01-01',
        mrzVerified: true,
      },
    ],
    emails: [{ address: `anna.${i}@example.se`, domain: 'example.se', disposable: false }],
    phones: [{ e164: `+4670${1_000_000 + i}`, country: 'SE', type: 'mobile' }],
    payments: [
      {
        type: 'card',
        card: {
          fingerprint: `f${i.toString(16).padStart(31, '0')}`,
          last4: '4242',
          network: 'visa',
          bin: '424242',
        },
      },
    ],
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const micros = (ms: number) => +(ms * 1000).toFixed(1);

function cpu(): Record<string, number> {
  const ring = ephemeralKeyring();
  const tenant = randomUUID();
  const data = Array.from({ length: CPU_N }, (_, i) => party(i));
  let t = performance.now();
  for (const d of data) JSON.stringify(d);
  const plainMs = (performance.now() - t) / CPU_N;
  const sealed: Array<{ id: string; wrapped: ReturnType<typeof ring.wrap>; text: string }> = [];
  t = performance.now();
  for (const d of data) {
    const id = randomUUID();
    const dek = newDataKey();
    const wrapped = ring.wrap(dek, dataKeyContext(tenant, id));
    const text = sealJson(dek, recordContext('party-version', tenant, id, 1), d);
    for (const term of partySearchTerms(d)) blindIndex(ring.blindIndexKey, tenant, term.kind, term.value);
    sealed.push({ id, wrapped, text });
  }
  const sealMs = (performance.now() - t) / CPU_N;
  t = performance.now();
  for (const s of sealed) {
    const dek = ring.unwrap(s.wrapped, dataKeyContext(tenant, s.id));
    openJson(dek, recordContext('party-version', tenant, s.id, 1), s.text);
  }
  const openMs = (performance.now() - t) / CPU_N;
  return { plainSerialiseUs: micros(plainMs), sealUs: micros(sealMs), openUs: micros(openMs) };
}

async function storeRun() {
  const store: Store = await openStore({ kind: 'memory' });
  await store.migrate();
  const kysely = (store as unknown as { kysely: Kysely<unknown> }).kysely;
  const tenant = randomUUID();
  await store.tenants.insert({
    id: tenant,
    kind: 'provider',
    name: 'Bench',
    parentId: null,
    createdAt: new Date(),
  });
  const timeEach = async (work: (i: number) => Promise<void>) => {
    const times: number[] = [];
    for (let i = 0; i < STORE_N; i += 1) {
      const t = performance.now();
      await work(i);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b);
  };
  const plainIds: string[] = [];
  const plainWrite = await timeEach(async (i) => {
    const id = randomUUID();
    plainIds.push(id);
    await kysely.transaction().execute(async (trx) => {
      await sql`INSERT INTO parties (id, tenant_id, type, current_version, created_at) VALUES (${id}, ${tenant}, 'individual', 1, now())`.execute(
        trx,
      );
      await sql`INSERT INTO party_versions (party_id, version, tenant_id, data, created_at, created_by) VALUES (${id}, 1, ${tenant}, ${JSON.stringify(party(i))}, now(), 'bench')`.execute(
        trx,
      );
    });
  });
  const plainRead = await timeEach(async (i) => {
    await sql`SELECT * FROM party_versions WHERE tenant_id = ${tenant} AND party_id = ${plainIds[i]} ORDER BY version DESC`.execute(
      kysely,
    );
  });
  const sealedIds: string[] = [];
  const sealedWrite = await timeEach(async (i) => {
    const id = randomUUID();
    sealedIds.push(id);
    await store.transaction(() =>
      store.parties.insert(
        { id, tenantId: tenant, type: 'individual', currentVersion: 1, createdAt: new Date() },
        {
          partyId: id,
          tenantId: tenant,
          version: 1,
          data: party(i),
          createdAt: new Date(),
          createdBy: 'bench',
        },
      ),
    );
  });
  const sealedRead = await timeEach(async (i) => {
    await store.parties.listVersions(tenant, sealedIds[i] ?? '');
  });
  await store.close();
  const ms = (v: number) => +v.toFixed(3);
  return {
    plainWriteP50Ms: ms(percentile(plainWrite, 50)),
    sealedWriteP50Ms: ms(percentile(sealedWrite, 50)),
    sealedWriteP99Ms: ms(percentile(sealedWrite, 99)),
    plainReadP50Ms: ms(percentile(plainRead, 50)),
    sealedReadP50Ms: ms(percentile(sealedRead, 50)),
    sealedReadP99Ms: ms(percentile(sealedRead, 99)),
  };
}

const c = cpu();
const s = await storeRun();
console.log(
  `encryption of personal data (${CPU_N.toLocaleString()} party versions on the CPU, ${STORE_N.toLocaleString()} through PGlite):`,
);
console.log(
  `  CPU: plain JSON ${c.plainSerialiseUs} µs (baseline); seal (new key, wrap, AES-GCM, blind indexes) ${c.sealUs} µs; open (unwrap, AES-GCM) ${c.openUs} µs`,
);
console.log(
  `  store write, p50: plain ${s.plainWriteP50Ms} ms (baseline) → sealed ${s.sealedWriteP50Ms} ms (${(s.sealedWriteP50Ms / s.plainWriteP50Ms).toFixed(2)}×; p99 ${s.sealedWriteP99Ms} ms)`,
);
console.log(
  `  store read, p50: plain ${s.plainReadP50Ms} ms (baseline) → opened ${s.sealedReadP50Ms} ms (${(s.sealedReadP50Ms / s.plainReadP50Ms).toFixed(2)}×; p99 ${s.sealedReadP99Ms} ms)`,
);
console.log(`  memory: ${Math.round(process.memoryUsage().rss / 1_048_576)} MiB RSS`);
console.log(JSON.stringify({ cpu: c, store: s }));
