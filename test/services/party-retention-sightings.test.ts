/**
 * The party shredder and the access log's address sightings: shredding a party whose accounts had
 * events moves the sightings epoch on (ingest processes forget what they remember of those accounts);
 * one whose accounts had none does not wait on the exclusive ingest lock for nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { anna } from '../support/applicants.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { rawSql } from '../support/raw-sql.ts';

describe('party shredding and address sightings', () => {
  let clock = new Date('2026-11-30T12:00:00Z');
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ now: () => clock });
  });
  after(() => t.close());

  const post = (url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: bearer(t.adminKey), payload: payload as object });
  const epoch = async () =>
    Number(
      (
        await rawSql<{ epoch: string }>(
          t.services.store,
          'SELECT epoch::text AS epoch FROM access_ip_sightings_epoch',
        )
      )[0]?.epoch,
    );
  const apply = async (email: string, phone: string) => {
    const response = await post('/v1/applications', anna({ emails: [email], phones: [phone] }));
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ partyId: string; accountId: string }>();
  };

  it('settles sightings after shredding a party with events, and not after one without', async () => {
    const quiet = await apply('quiet.one@example.se', '+46701239001');
    const busy = await apply('busy.one@example.se', '+46701239002');
    const ingested = await post('/v1/access-events', [
      { account: busy.accountId, ip: '81.2.69.142', at: '2026-11-30T11:00:00.000Z', action: 'login' },
    ]);
    assert.equal(ingested.statusCode, 202, ingested.body);
    const closed = (id: string) =>
      rawSql(
        t.services.store,
        `UPDATE accounts SET status = 'closed', closed_at = '2026-12-01T00:00:00Z' WHERE id = '${id}'`,
      );
    await closed(quiet.accountId);
    const start = await epoch();

    clock = new Date('2028-12-02T00:00:00Z');
    const first = await t.services.partyRetention.shredExpired();
    assert.equal(first.partiesShredded, 1);
    assert.equal(first.accessEventsDeleted, 0);
    assert.equal(await epoch(), start, 'no events went: no settle');

    await closed(busy.accountId);
    const second = await t.services.partyRetention.shredExpired();
    assert.equal(second.partiesShredded, 1);
    assert.equal(second.accessEventsDeleted, 1);
    assert.equal(await epoch(), start + 1, 'events went: ingest processes forget the account');
  });
});
