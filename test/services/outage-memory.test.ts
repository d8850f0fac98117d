/**
 * Scale-out ingestion through a database outage, in process: an API key and an account verified
 * before the outage still work during it, within the grace period only; an unknown one, a revoked one,
 * and anything in direct mode (no grace) are refused with STORE_UNAVAILABLE.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../src/errors.ts';
import { ApiKeyService } from '../../src/services/api-keys.ts';
import { AccessLogService, type AccessEventSink } from '../../src/services/access-log.ts';
import type { Actor } from '../../src/services/context.ts';
import type { AccessEventRow } from '../../src/storage/port.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { anAccountIn } from '../support/access-accounts.ts';

const GRACE = 15 * 60_000;

describe('ingestion through a database outage (scale-out memory)', () => {
  let t: TestApp;
  let clock = new Date('2026-11-30T12:00:00Z');
  let down = false;
  const published: AccessEventRow[] = [];
  const sink: AccessEventSink = { write: async (rows) => (published.push(...rows), { inserted: null }) };
  let keys: ApiKeyService;
  let directKeys: ApiKeyService;
  let log: AccessLogService;
  let actor: Actor;
  let accountId: string;

  before(async () => {
    t = await createTestApp();
    const deps = { ...t.services.deps, now: () => clock };
    // The store as an outage sees it: every call refused while `down`.
    const unavailable = new AppError('STORE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
    const store = t.services.deps.store;
    for (const [part, method] of [
      ['apiKeys', 'findByLookupIdUnscoped'],
      ['accessEvents', 'resolveAccounts'],
    ] as const) {
      const target = store[part] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const real = target[method]!.bind(target);
      target[method] = async (...args: unknown[]) => {
        if (down) throw unavailable;
        return real(...args);
      };
    }
    keys = new ApiKeyService(deps, GRACE);
    directKeys = new ApiKeyService(deps, 0);
    log = new AccessLogService(deps, sink, GRACE);
    actor = { tenantId: t.tenantId, type: 'api_key', id: 'ingest', role: 'ingest', requestId: null };
    accountId = (await anAccountIn(store, t.tenantId, { externalId: 'cust-1' })).id;
  });
  after(() => t.close());

  const event = (account: string) => ({
    account,
    ip: '198.51.100.7',
    at: '2026-11-30T11:59:00.000Z',
    action: 'login',
  });

  it('keeps a key and an account verified before the outage, for the grace period only', async () => {
    const operator: Actor = { tenantId: t.tenantId, type: 'cli', id: 'test', role: 'admin', requestId: null };
    const neverSeenKey = (await t.services.apiKeys.createKey(operator, { role: 'ingest', name: 'other' }))
      .token;
    await keys.authenticate(t.adminKey);
    await directKeys.authenticate(t.adminKey);
    assert.equal((await log.ingestJson(actor, [event('cust-1')])).accepted, 1);
    down = true;
    try {
      clock = new Date(clock.getTime() + GRACE - 1000);
      assert.equal((await keys.authenticate(t.adminKey)).tenantId, t.tenantId);
      await assert.rejects(directKeys.authenticate(t.adminKey), { code: 'STORE_UNAVAILABLE' });
      const outcome = await log.ingestJson(actor, [event('cust-1'), event('cust-1')]);
      assert.equal(outcome.accepted, 2, 'the external id resolved before is accepted');
      assert.equal(published.at(-1)?.accountId, accountId);
      // The same account named by its id was never resolved by this node: the whole batch waits.
      await assert.rejects(log.ingestJson(actor, [event('cust-1'), event(accountId)]), {
        code: 'STORE_UNAVAILABLE',
      });
      await assert.rejects(keys.authenticate(neverSeenKey), { code: 'STORE_UNAVAILABLE' });
      clock = new Date(clock.getTime() + 2000);
      await assert.rejects(keys.authenticate(t.adminKey), { code: 'STORE_UNAVAILABLE' }, 'past the grace');
      await assert.rejects(log.ingestJson(actor, [event('cust-1')]), { code: 'STORE_UNAVAILABLE' });
    } finally {
      down = false;
    }
  });
});
