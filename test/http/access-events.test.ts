/**
 * The access log over HTTP: ingest keys post batches (JSON or NDJSON), bad lines are named and never
 * half-written, retries store nothing twice, a reseller's account gets its events, and searches are
 * tenant-scoped, need a purpose and land in the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccountRecord } from '../../src/storage/port.ts';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import { aResellerOf } from '../support/builders.ts';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const WINDOW = 'from=2026-11-29T00:00:00Z&to=2026-12-01T00:00:00Z';
const PURPOSE = { 'x-gatehouse-purpose': 'case 2026-117, abuse report' };

interface IngestBody {
  accepted: number;
  duplicates: number | null;
  rejected: Array<{ line: number; code: string }>;
}
interface SearchBody {
  items: Array<{
    account: string;
    ip: string;
    at: string;
    action: string;
    principal: string | null;
    userAgent: string | null;
  }>;
  next: string | null;
}

describe('access events over HTTP', () => {
  let t: TestApp;
  let ingestKey: string;
  let analystKey: string;
  let other: { tenantId: string; adminKey: string };
  let mine: AccountRecord;
  let theirs: AccountRecord;
  let resold: AccountRecord;

  before(async () => {
    t = await createTestApp({ now: () => NOW });
    other = await addOtherProvider(t);
    ingestKey = (await createKey(t, 'ingest')).key;
    analystKey = (await createKey(t, 'analyst')).key;
    const store = t.services.store;
    const reseller = aResellerOf({
      id: t.tenantId,
      parentId: null,
      name: 'Acme',
      kind: 'provider',
      createdAt: NOW,
    });
    await store.tenants.insert(reseller);
    mine = await anAccountIn(store, t.tenantId, { externalId: 'acct-7' });
    theirs = await anAccountIn(store, other.tenantId, { externalId: 'acct-other' });
    resold = await anAccountIn(store, reseller.id, { externalId: 'resold-1' });
  });
  after(() => t.close());

  const post = (key: string, payload: unknown, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: '/v1/access-events',
      headers: { ...bearer(key), 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const search = (key: string, query: string, headers: Record<string, string> = PURPOSE) =>
    t.app.inject({
      method: 'GET',
      url: `/v1/access-events?${query}`,
      headers: { ...bearer(key), ...headers },
    });
  const event = (overrides: Record<string, unknown> = {}) => ({
    account: mine.id,
    ip: '198.51.100.20',
    at: '2026-11-30T10:00:00.000Z',
    action: 'login',
    ...overrides,
  });

  it('refuses an analyst key to ingest and an ingest key to search', async () => {
    assert.equal(problemOf(await post(analystKey, [event()])).code, 'FORBIDDEN');
    assert.equal(problemOf(await search(ingestKey, `ip=198.51.100.20&${WINDOW}`)).code, 'FORBIDDEN');
  });

  it('names each bad line and stores the good ones, never the other tenant’s account', async () => {
    const response = await post(ingestKey, [
      event({ ip: '300.1.1.1' }),
      event({ at: '2027-06-01T00:00:00Z' }),
      event({ at: '1989-12-31T23:59:59Z' }),
      event({ account: theirs.id }),
      event({ account: 'acct-other' }),
      event({ action: 'teleport' }),
      event({ extra: 1 }),
      event({ id: 'evt-1', account: 'acct-7', principal: 'alice', userAgent: 'aws-cli/2' }),
    ]);
    assert.equal(response.statusCode, 202);
    const body = response.json<IngestBody>();
    assert.deepEqual(
      body.rejected.map((r) => [r.line, r.code]),
      [
        [1, 'invalid_ip'],
        [2, 'timestamp_out_of_range'],
        [3, 'timestamp_out_of_range'],
        [4, 'unknown_account'],
        [5, 'unknown_account'],
        [6, 'invalid_action'],
        [7, 'unknown_field'],
      ],
    );
    assert.equal(body.accepted, 1);
  });

  it('rejects malformed NDJSON lines by number and accepts the rest', async () => {
    const lines = [
      JSON.stringify(event({ ip: '2001:db8::7' })),
      '{"account": ',
      '',
      JSON.stringify(event({ ip: '::ffff:198.51.100.21' })),
    ];
    const response = await post(ingestKey, `${lines.join('\n')}\n`, 'application/x-ndjson; charset=utf-8');
    assert.equal(response.statusCode, 202);
    const body = response.json<IngestBody>();
    assert.deepEqual(
      body.rejected.map((r) => [r.line, r.code]),
      [[2, 'malformed_line']],
    );
    assert.equal(body.accepted, 2);
  });

  it('refuses an oversize batch whole with a code, and a body that is neither array nor NDJSON', async () => {
    const big = await post(
      ingestKey,
      Array.from({ length: 10_001 }, () => ({})),
    );
    assert.equal(big.statusCode, 413);
    assert.equal(problemOf(big).code, 'ACCESS_BATCH_TOO_LARGE');
    const object = await post(ingestKey, { account: mine.id });
    assert.equal(problemOf(object).code, 'VALIDATION_FAILED');
    const broken = await post(ingestKey, '[{"account"', 'application/json');
    assert.equal(problemOf(broken).code, 'MALFORMED_JSON');
  });

  it('keeps non-ASCII text intact from JSON and NDJSON, and refuses an empty or poisoned body', async () => {
    const json = await post(ingestKey, [
      event({ ip: '192.0.2.201', principal: 'josé@exämple', userAgent: 'Agent 🚀' }),
    ]);
    assert.equal(json.json<IngestBody>().accepted, 1);
    const line = JSON.stringify(
      event({ ip: '192.0.2.202', principal: 'Ζωή', at: '2026-11-30T10:00:01.000Z' }),
    );
    const ndjson = await post(ingestKey, `${line}\n`, 'application/x-ndjson');
    assert.equal(ndjson.json<IngestBody>().accepted, 1);
    const found = (await search(analystKey, `ip=192.0.2.200/30&${WINDOW}`)).json<SearchBody>();
    assert.deepEqual(
      found.items.map((e) => [e.ip, e.principal, e.userAgent]),
      [
        ['192.0.2.201', 'josé@exämple', 'Agent 🚀'],
        ['192.0.2.202', 'Ζωή', null],
      ],
    );
    const empty = await post(ingestKey, '', 'application/json');
    assert.equal(empty.statusCode, 400);
    assert.equal(problemOf(empty).code, 'MALFORMED_JSON');
    const poisoned = await post(
      ingestKey,
      `[{"account":"x","__proto__":{"admin":true}}]`,
      'application/json',
    );
    assert.equal(poisoned.statusCode, 400);
    assert.equal(problemOf(poisoned).code, 'MALFORMED_JSON');
  });

  it('ignores a leading byte order mark, as Windows tools write it, in JSON and NDJSON', async () => {
    const bom = '\ufeff';
    const ndjson = await post(
      ingestKey,
      `${bom}${JSON.stringify(event({ ip: '192.0.2.210' }))}\n${JSON.stringify(event({ ip: '192.0.2.211' }))}\n`,
      'application/x-ndjson',
    );
    assert.equal(ndjson.statusCode, 202, ndjson.body);
    assert.deepEqual(ndjson.json<IngestBody>().rejected, []);
    assert.equal(ndjson.json<IngestBody>().accepted, 2);
    const json = await post(
      ingestKey,
      `${bom}${JSON.stringify([event({ ip: '192.0.2.212', principal: 'Ζωή' })])}`,
      'application/json',
    );
    assert.equal(json.statusCode, 202, json.body);
    assert.equal(json.json<IngestBody>().accepted, 1);
    const found = (await search(analystKey, `ip=192.0.2.208/29&${WINDOW}`)).json<SearchBody>();
    assert.deepEqual(found.items.map((e) => [e.ip, e.principal]).sort(), [
      ['192.0.2.210', null],
      ['192.0.2.211', null],
      ['192.0.2.212', 'Ζωή'],
    ]);
  });

  it('takes a 10,000-event batch of several megabytes, where other routes stop at 1 MiB', async () => {
    const batch = Array.from({ length: 10_000 }, (_, i) =>
      event({
        ip: '198.18.7.1',
        at: new Date(Date.parse('2026-11-30T09:00:00Z') + i).toISOString(),
        principal: `p-${'x'.repeat(200)}`,
      }),
    );
    const body = JSON.stringify(batch);
    assert.ok(body.length > 2 * 1024 * 1024);
    const response = await post(ingestKey, body);
    assert.equal(response.statusCode, 202);
    assert.equal(response.json<IngestBody>().accepted, 10_000);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: { ...bearer(ingestKey), 'content-type': 'application/json' },
      payload: JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }),
    });
    assert.equal(elsewhere.statusCode, 413);
    assert.equal(problemOf(elsewhere).code, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses a body over the ingest route’s own limit with PAYLOAD_TOO_LARGE', async () => {
    const small = await createTestApp({ now: () => NOW, ingestBodyLimitBytes: 4096 });
    try {
      const key = (await createKey(small, 'ingest')).key;
      const response = await small.app.inject({
        method: 'POST',
        url: '/v1/access-events',
        headers: { ...bearer(key), 'content-type': 'application/json' },
        payload: JSON.stringify(Array.from({ length: 50 }, () => event())),
      });
      assert.equal(response.statusCode, 413);
      assert.equal(problemOf(response).code, 'PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('stores a retried batch once', async () => {
    const batch = [event({ id: 'retry-1', ip: '203.0.113.9' }), event({ ip: '203.0.113.9', action: 'ssh' })];
    assert.deepEqual((await post(ingestKey, batch)).json<IngestBody>(), {
      accepted: 2,
      duplicates: 0,
      rejected: [],
    });
    assert.deepEqual((await post(ingestKey, batch)).json<IngestBody>(), {
      accepted: 2,
      duplicates: 2,
      rejected: [],
    });
    const found = (await search(analystKey, `ip=203.0.113.9&${WINDOW}`)).json<SearchBody>();
    assert.equal(found.items.length, 2);
  });

  it('attributes a provider’s event for its reseller’s account to that account', async () => {
    const response = await post(ingestKey, [event({ account: 'resold-1', ip: '192.0.2.77' })]);
    assert.equal(response.json<IngestBody>().accepted, 1);
    const found = (await search(analystKey, `account=${resold.id}&${WINDOW}`)).json<SearchBody>();
    assert.deepEqual(
      found.items.map((e) => e.ip),
      ['192.0.2.77'],
    );
    const account = await t.services.store.accounts.get(resold.tenantId, resold.id);
    assert.equal(account?.lastAccessAt?.toISOString(), '2026-11-30T10:00:00.000Z');
  });

  it('does not show another tenant’s events or account to a search', async () => {
    const otherIngest = (await createKey(t, 'ingest', { as: other.adminKey })).key;
    await post(otherIngest, [event({ account: theirs.id, ip: '198.51.100.99' })]);
    const byAccount = await search(analystKey, `account=${theirs.id}&${WINDOW}`);
    assert.equal(byAccount.statusCode, 404);
    assert.equal(problemOf(byAccount).code, 'ACCOUNT_NOT_FOUND');
    const byNetwork = (await search(analystKey, `ip=198.51.100.0/24&${WINDOW}`)).json<SearchBody>();
    assert.ok(byNetwork.items.every((e) => e.account !== theirs.id));
    assert.ok(byNetwork.items.some((e) => e.account === mine.id));
  });

  it('refuses a search without a purpose, with both or neither selector, or too wide a block', async () => {
    const noPurpose = await search(analystKey, `ip=198.51.100.20&${WINDOW}`, {});
    assert.equal(problemOf(noPurpose).code, 'VALIDATION_FAILED');
    assert.equal(problemOf(await search(analystKey, WINDOW)).code, 'VALIDATION_FAILED');
    assert.equal(problemOf(await search(analystKey, `ip=10.0.0.0/4&${WINDOW}`)).code, 'VALIDATION_FAILED');
    assert.equal(
      problemOf(await search(analystKey, `ip=198.51.100.20&${WINDOW}&cursor=bogus`)).code,
      'INVALID_CURSOR',
    );
  });

  it('pages an account’s events with next, and audits each search with its purpose', async () => {
    const first = (await search(analystKey, `account=acct-7&${WINDOW}&limit=2`)).json<SearchBody>();
    assert.equal(first.items.length, 2);
    assert.ok(first.next !== null);
    const second = (
      await search(analystKey, `account=acct-7&${WINDOW}&limit=2&cursor=${first.next}`)
    ).json<SearchBody>();
    assert.ok(second.items.length > 0);
    assert.ok(second.items[0]!.at >= first.items[1]!.at);
    const audit = await t.app.inject({
      method: 'GET',
      url: '/v1/audit-events?action=access_events.searched&limit=200',
      headers: bearer(t.adminKey),
    });
    const records = audit.json<{
      items: Array<{ details: { purpose?: string }; target: { type: string } }>;
    }>().items;
    assert.ok(records.length >= 2);
    assert.ok(records.every((r) => r.details.purpose === PURPOSE['x-gatehouse-purpose']));
  });

  it('summarises an account’s distinct addresses with country and ASN', async () => {
    await post(ingestKey, [
      event({ ip: '8.8.8.8', at: '2026-11-30T11:00:00Z' }),
      event({ ip: '8.8.8.8', at: '2026-11-30T11:30:00Z' }),
    ]);
    const response = await t.app.inject({
      method: 'GET',
      url: `/v1/access-events/ip-summary?account=${mine.id}&${WINDOW}`,
      headers: { ...bearer(analystKey), ...PURPOSE },
    });
    const items = response.json<{
      items: Array<{
        ip: string;
        count: number;
        country: string | null;
        asn: number | null;
        lastSeen: string;
      }>;
    }>().items;
    const google = items.find((i) => i.ip === '8.8.8.8');
    assert.deepEqual(google && [google.count, google.country, google.asn, google.lastSeen], [
      2,
      'US',
      15169,
      '2026-11-30T11:30:00.000Z',
    ]);
  });
});

describe('account refs remembered by an ingesting node', () => {
  let clock = NOW.getTime();
  let t: TestApp;
  let ingestKey: string;
  let reseller: string;

  before(async () => {
    t = await createTestApp({ now: () => new Date(clock) });
    ingestKey = (await createKey(t, 'ingest')).key;
    const tenant = aResellerOf({
      id: t.tenantId,
      parentId: null,
      name: 'Acme',
      kind: 'provider',
      createdAt: NOW,
    });
    await t.services.store.tenants.insert(tenant);
    reseller = tenant.id;
    await anAccountIn(t.services.store, t.tenantId, { externalId: 'dup-1' });
  });
  after(() => t.close());

  const ingest = async (account: string, key = ingestKey) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/access-events',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      payload: JSON.stringify([
        { account, ip: '198.51.100.30', at: new Date(clock - 60_000).toISOString(), action: 'api' },
      ]),
    });
    assert.equal(response.statusCode, 202);
    return response.json<IngestBody>();
  };

  it('never remembers a ref it did not find: an account is ingestible once it exists', async () => {
    assert.deepEqual(
      (await ingest('new-1')).rejected.map((r) => r.code),
      ['unknown_account'],
    );
    await anAccountIn(t.services.store, t.tenantId, { externalId: 'new-1' });
    assert.equal((await ingest('new-1')).accepted, 1);
  });

  it('never answers another tenant from the refs it remembers for one', async () => {
    const mine = await anAccountIn(t.services.store, t.tenantId, { externalId: 'kept-1' });
    const other = await addOtherProvider(t);
    const otherIngest = (await createKey(t, 'ingest', { tenantIdForOperator: other.tenantId })).key;
    assert.equal((await ingest('kept-1')).accepted, 1);
    assert.equal((await ingest(mine.id)).accepted, 1);
    // Both refs are now remembered by this node, for the first tenant only.
    for (const ref of ['kept-1', mine.id]) {
      assert.deepEqual(
        (await ingest(ref, otherIngest)).rejected.map((r) => r.code),
        ['unknown_account'],
      );
    }
  });

  it('asks the database again after 60 seconds, and then sees a ref that became ambiguous', async () => {
    assert.equal((await ingest('dup-1')).accepted, 1);
    // The reseller now uses the same external id: the ref names two accounts the provider may log for.
    await anAccountIn(t.services.store, reseller, { externalId: 'dup-1' });
    assert.equal((await ingest('dup-1')).accepted, 1, 'within the 60 s the remembered answer is used');
    clock += 61_000;
    assert.deepEqual(
      (await ingest('dup-1')).rejected.map((r) => r.code),
      ['unknown_account'],
    );
  });
});
