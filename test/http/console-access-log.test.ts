/**
 * The access log from the console: a signed-in user (session cookie, no API key) searches and
 * summarises with a purpose, within the tenant and within the role, and the audit log names the
 * user. GETs need no CSRF token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccountRecord } from '../../src/storage/port.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';
import { signedIn, type SignedInUser } from '../support/console.ts';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const WINDOW = 'from=2026-11-29T00:00:00Z&to=2026-12-01T00:00:00Z';
const PURPOSE = { 'x-gatehouse-purpose': 'case 2026-117, console' };

interface SearchBody {
  items: Array<{ account: string; ip: string; at: string }>;
  next: string | null;
}

describe('the access log for console users', () => {
  let t: TestApp;
  let mine: AccountRecord;
  let theirs: AccountRecord;
  let reviewer: SignedInUser;

  before(async () => {
    t = await createTestApp({ now: () => NOW });
    const other = await addOtherProvider(t);
    mine = await anAccountIn(t.services.store, t.tenantId, { externalId: 'acct-console' });
    theirs = await anAccountIn(t.services.store, other.tenantId, { externalId: 'acct-console-other' });
    const ingest = (await createKey(t, 'ingest')).key;
    const posted = await t.app.inject({
      method: 'POST',
      url: '/v1/access-events',
      headers: bearer(ingest),
      payload: ['10:00', '10:05', '10:10'].map((time) => ({
        account: mine.id,
        ip: '8.8.8.8',
        at: `2026-11-30T${time}:00Z`,
        action: 'login',
      })),
    });
    assert.equal(posted.json<{ accepted: number }>().accepted, 3, posted.body);
    const theirIngest = await t.app.inject({
      method: 'POST',
      url: '/v1/access-events',
      headers: bearer(other.adminKey),
      payload: [{ account: theirs.id, ip: '8.8.8.8', at: '2026-11-30T10:01:00Z', action: 'api' }],
    });
    assert.equal(theirIngest.json<{ accepted: number }>().accepted, 1, theirIngest.body);
    reviewer = await signedIn(t, 'reviewer');
  });
  after(() => t.close());

  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

  it('does not show another tenant’s account to a signed-in user: 404 by id and by external id, no events by address', async () => {
    for (const account of [theirs.id, 'acct-console-other']) {
      const search = await get(`/v1/access-events?account=${account}&${WINDOW}`, {
        ...reviewer.read,
        ...PURPOSE,
      });
      assert.equal(search.statusCode, 404, account);
      assert.equal(problemOf(search).code, 'ACCOUNT_NOT_FOUND');
      const summary = await get(`/v1/access-events/ip-summary?account=${account}&${WINDOW}`, {
        ...reviewer.read,
        ...PURPOSE,
      });
      assert.equal(summary.statusCode, 404, account);
      assert.equal(problemOf(summary).code, 'ACCOUNT_NOT_FOUND');
    }
    const byAddress = await get(`/v1/access-events?ip=8.8.8.0/24&${WINDOW}`, {
      ...reviewer.read,
      ...PURPOSE,
    });
    const accounts = new Set(byAddress.json<SearchBody>().items.map((i) => i.account));
    assert.deepEqual([...accounts], [mine.id], 'only this tenant’s events, though both used the address');
  });

  it('refuses console roles without access-log rights (ingest, reseller) with 403', async () => {
    for (const role of ['ingest', 'reseller'] as const) {
      const user = await signedIn(t, role);
      for (const url of [
        `/v1/access-events?ip=8.8.8.8&${WINDOW}`,
        `/v1/access-events/ip-summary?account=${mine.id}&${WINDOW}`,
      ]) {
        const response = await get(url, { ...user.read, ...PURPOSE });
        assert.equal(response.statusCode, 403, `${role} ${url}`);
        assert.equal(problemOf(response).code, 'FORBIDDEN');
      }
    }
  });

  it('refuses a search without a stated purpose', async () => {
    const response = await get(`/v1/access-events?ip=8.8.8.8&${WINDOW}`, reviewer.read);
    assert.equal(response.statusCode, 400);
    assert.equal(problemOf(response).code, 'VALIDATION_FAILED');
  });

  it('lets an analyst page a network search and summarise the account, audited with the user and purpose', async () => {
    const analyst = await signedIn(t, 'analyst');
    const first = await get(`/v1/access-events?ip=8.8.8.0/24&${WINDOW}&limit=2`, {
      ...analyst.read,
      ...PURPOSE,
    });
    assert.equal(first.statusCode, 200, first.body);
    const page = first.json<SearchBody>();
    assert.equal(page.items.length, 2);
    assert.ok(page.next !== null);
    const rest = await get(`/v1/access-events?ip=8.8.8.0/24&${WINDOW}&limit=2&cursor=${page.next}`, {
      ...analyst.read,
      ...PURPOSE,
    });
    assert.deepEqual(
      rest.json<SearchBody>().items.map((i) => i.at),
      ['2026-11-30T10:10:00.000Z'],
    );
    const summary = await get(`/v1/access-events/ip-summary?account=acct-console&${WINDOW}`, {
      ...analyst.read,
      ...PURPOSE,
    });
    assert.equal(summary.statusCode, 200, summary.body);
    const [only] = summary.json<{ items: Array<{ ip: string; count: number; country: string | null }> }>()
      .items;
    assert.deepEqual(only && [only.ip, only.count, only.country], ['8.8.8.8', 3, 'US']);

    const audit = await get('/v1/audit-events?limit=200', bearer(t.adminKey));
    const records = audit
      .json<{
        items: Array<{ action: string; actor: { type: string }; details: { purpose?: string } }>;
      }>()
      .items.filter((r) => r.action.startsWith('access_events.') && r.actor.type === 'user');
    assert.ok(records.some((r) => r.action === 'access_events.summarised'));
    assert.ok(records.filter((r) => r.action === 'access_events.searched').length >= 2);
    assert.ok(records.every((r) => r.details.purpose === PURPOSE['x-gatehouse-purpose']));
  });
});
