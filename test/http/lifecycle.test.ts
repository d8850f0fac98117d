import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { runScheduledJobs } from '../../src/workers/scheduler.ts';
import { anna } from '../support/applicants.ts';
import { rawSql } from '../support/raw-sql.ts';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';

const DAY = 86_400_000;

describe('the account lifecycle: scheduled sweeps, beneficial owners, re-verification, redress', () => {
  let t: TestApp;
  let clock = new Date('2026-12-01T10:00:00Z');
  before(async () => {
    t = await createTestApp({ now: () => clock });
  });
  after(() => t.close());

  const post = (url: string, payload: Record<string, unknown>, key = t.adminKey) =>
    t.app.inject({ method: 'POST', url, headers: bearer(key), payload });
  const get = (url: string, key = t.adminKey) => t.app.inject({ method: 'GET', url, headers: bearer(key) });
  const submit = async (body: Record<string, unknown>) => {
    const response = await post('/v1/applications', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string; accountId: string; decision: { status: string } }>();
  };

  it('sweeps a measure once on the day it comes into force, finding accounts opened after it was recorded', async () => {
    const created = await post('/v1/special-measures', {
      kind: 'prohibit',
      target: { type: 'jurisdiction', countries: ['BY'] },
      determinationDate: '2026-11-01',
      citation: '89 FR 0001 (test)',
    });
    assert.equal(created.statusCode, 201, created.body);
    const measure = created.json<{ id: string; effectiveDate: string; sweep: { found: number } }>();
    assert.equal(measure.effectiveDate, '2027-04-30');
    assert.equal(measure.sweep.found, 0);

    // Opened while the measure is only scheduled: the application is not denied by it.
    const opened = await submit(anna({ citizenship: ['BY'] }));
    assert.notEqual(opened.decision.status, 'denied');

    assert.equal((await runScheduledJobs(t.services)).measures.swept, 0, 'not in force yet');
    clock = new Date('2027-04-30T00:05:00Z');
    const run = await runScheduledJobs(t.services);
    assert.deepEqual(run.measures, { swept: 1, found: 1 });
    assert.deepEqual((await runScheduledJobs(t.services)).measures, { swept: 0, found: 0 }, 'only once');

    const actions = (await get(`/v1/special-measures/${measure.id}/actions`)).json<{
      items: Array<{ accountId: string; action: string; dueBy: string }>;
    }>().items;
    assert.deepEqual(
      actions.map((a) => [a.accountId, a.action, a.dueBy]),
      [[opened.accountId, 'close', '2027-04-30']],
    );
    const sweeps = (await get(`/v1/special-measures/${measure.id}/sweeps`)).json<{
      items: Array<{ trigger: string; found: number }>;
    }>().items;
    assert.deepEqual(
      sweeps.map((s) => [s.trigger, s.found]),
      [
        ['created', 0],
        ['effective', 1],
      ],
    );
    const events = (await get('/v1/events?limit=200')).json<{
      items: Array<{ type: string; data: { accountId?: string } }>;
    }>();
    assert.ok(
      events.items.some((e) => e.type === 'measure.action_due' && e.data.accountId === opened.accountId),
    );
  });

  it('finds an existing entity account through a beneficial owner a named-person measure names', async () => {
    const entity = await submit({
      type: 'entity',
      legalName: 'Nordic Example Compute AB',
      incorporation: { country: 'SE' },
      address: { line1: 'Exempelgatan 2', city: 'Stockholm', country: 'SE' },
      emails: ['ops@example.se'],
      beneficialOwners: [
        {
          name: { full: 'Ivan Petrovich Exampleov' },
          dateOfBirth: '1970-03-04',
          citizenship: ['SE'],
          ownershipPercent: 40,
        },
      ],
      account: { externalId: `acct-${randomUUID()}` },
    });
    const created = await post('/v1/special-measures', {
      kind: 'condition',
      conditions: [{ type: 'enhanced_monitoring' }],
      target: { type: 'person', names: ['EXAMPLEOV, Ivan Petrovich'] },
      determinationDate: '2026-10-01',
      citation: '89 FR 0002 (test)',
    });
    assert.equal(created.statusCode, 201, created.body);
    const measure = created.json<{ id: string; sweep: { found: number } }>();
    assert.equal(measure.sweep.found, 1);
    const actions = (await get(`/v1/special-measures/${measure.id}/actions`)).json<{
      items: Array<{ accountId: string; action: string; matchedOn: Array<{ beneficialOwner?: string }> }>;
    }>().items;
    assert.equal(actions[0]?.accountId, entity.accountId, JSON.stringify(actions));
    assert.equal(actions[0]?.action, 'apply_conditions');
    assert.match(
      String(actions[0]?.matchedOn[0]?.beneficialOwner),
      /^[0-9a-f-]{36}$/,
      JSON.stringify(actions),
    );
  });

  it('weighs a named-person measure on an entity’s signatory, in decisions and in sweeps, not on a former one', async () => {
    const created = await post('/v1/special-measures', {
      kind: 'prohibit',
      target: { type: 'person', names: ['EXAMPLEOVA, Olga Sergeevna'] },
      determinationDate: '2026-09-01',
      citation: '89 FR 0003 (test)',
    });
    assert.equal(created.statusCode, 201, created.body);
    const measure = created.json<{ id: string; effectiveDate: string }>();
    assert.equal(measure.effectiveDate, '2027-02-28', 'in force at the clock (2027-04-30)');
    const externalId = `acct-${randomUUID()}`;
    const entity = (signatories: Array<Record<string, unknown>>) => ({
      type: 'entity',
      legalName: 'Baltic Example Hosting OU',
      incorporation: { country: 'EE' },
      address: { line1: 'Naidise 3', city: 'Tallinn', country: 'EE' },
      emails: ['ops@example.ee'],
      beneficialOwners: [
        { name: { full: 'Jaan Example Tamm' }, dateOfBirth: '1975-01-02', ownershipPercent: 100 },
      ],
      signatories,
      account: { externalId },
    });
    const olga = { name: { full: 'Olga Sergeevna Exampleova' }, dateOfBirth: '1982-08-09' };
    const clerk = { name: { full: 'Mari Example Clerk' }, dateOfBirth: '1990-04-05' };

    const denied = await submit(entity([clerk, olga]));
    assert.equal(denied.decision.status, 'denied');
    const detail = (await get(`/v1/applications/${denied.id}`)).json<{
      partyId: string;
      measureHits: Array<{ measureId: string; matchedOn: Array<{ subject?: string; attribute: string }> }>;
      decision: { reasons: Array<{ code: string; message: string }> };
    }>();
    assert.deepEqual(
      detail.measureHits.map((h) => [h.measureId, h.matchedOn.map((m) => [m.subject, m.attribute])]),
      [[measure.id, [['signatories[1]', 'name']]]],
    );
    assert.ok(
      detail.decision.reasons.some(
        (r) => r.code === 'special_measure.deny' && r.message.includes('signatories[1] name'),
      ),
      JSON.stringify(detail.decision.reasons),
    );
    // At rest, the matched name is sealed under the entity's key, in the hit and in the decision.
    const stored = await rawSql<{ j: string }>(
      t.services.store,
      `SELECT row_to_json(a)::text AS j FROM applications a WHERE id = '${denied.id}'
       UNION ALL SELECT row_to_json(d)::text FROM decisions d WHERE application_id = '${denied.id}'`,
    );
    assert.ok(stored.length >= 2);
    for (const row of stored) assert.doesNotMatch(row.j, /Olga|Exampleova/);
    // An analyst (no personal-data rights) sees that a signatory's name matched, not the name.
    const analyst = await createKey(t, 'analyst');
    const masked = await get(`/v1/applications/${denied.id}`, analyst.key);
    assert.equal(masked.statusCode, 200, masked.body);
    assert.doesNotMatch(masked.body, /Olga|Exampleova/);
    const maskedDetail = masked.json<typeof detail>();
    assert.ok(
      maskedDetail.decision.reasons.some((r) => r.message.includes('signatories[1] name O•••')),
      JSON.stringify(maskedDetail.decision.reasons),
    );

    // Another account of the same kind of entity, Mari a signatory: a measure naming her finds it
    // through her; once the entity's next application no longer lists her, a measure naming her does not.
    const otherId = `acct-${randomUUID()}`;
    const other = await submit({ ...entity([clerk]), account: { externalId: otherId } });
    const { partyId } = (await get(`/v1/applications/${other.id}`)).json<{ partyId: string }>();
    const mari = (await t.services.store.parties.listLinks(t.tenantId, partyId)).find(
      (l) => l.role === 'signatory',
    );
    assert.ok(mari !== undefined);
    const sweepFor = async (citation: string) => {
      const response = await post('/v1/special-measures', {
        kind: 'condition',
        conditions: [{ type: 'enhanced_monitoring' }],
        target: { type: 'person', names: ['CLERK, Mari Example'] },
        determinationDate: '2026-10-01',
        citation,
      });
      assert.equal(response.statusCode, 201, response.body);
      const { id } = response.json<{ id: string }>();
      return (await get(`/v1/special-measures/${id}/actions`)).json<{
        items: Array<{
          accountId: string;
          matchedOn: Array<{ signatory?: string; beneficialOwner?: string }>;
        }>;
      }>().items;
    };
    const found = await sweepFor('89 FR 0004 (test)');
    assert.deepEqual(
      found.filter((a) => a.accountId === other.accountId).map((a) => a.matchedOn),
      [[{ attribute: 'name', value: 'Mari Example Clerk', signatory: mari.personPartyId }]],
    );
    // An analyst sees which attribute matched, not the signatory's name.
    const measures = (await get('/v1/special-measures')).json<{
      items: Array<{ id: string; citation: string }>;
    }>();
    const clerkMeasure = measures.items.find((m) => m.citation === '89 FR 0004 (test)');
    assert.ok(clerkMeasure);
    const seen = await get(`/v1/special-measures/${clerkMeasure.id}/actions`, analyst.key);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.doesNotMatch(seen.body, /Mari|Clerk/);
    assert.ok(
      seen
        .json<{ items: Array<{ matchedOn: Array<{ value: string }> }> }>()
        .items.some((a) => a.matchedOn.some((m) => m.value === 'M•••')),
      seen.body,
    );
    await submit({ ...entity([]), account: { externalId: otherId } });
    const later = await sweepFor('89 FR 0005 (test)');
    assert.deepEqual(
      later.filter((a) => a.accountId === other.accountId),
      [],
      'a former signatory no longer counts',
    );
  });

  it('applies the provider’s special measures to its resellers’ customers, new and existing', async () => {
    const created = await post('/v1/tenants', { name: 'Example Resale Hosting' });
    assert.equal(created.statusCode, 201, created.body);
    const reseller = created.json<{ id: string }>();
    const resellerKey = (await createKey(t, 'admin', { tenantId: reseller.id })).key;
    const customer = (externalId: string) => ({
      ...anna(),
      name: { full: 'Pavel Example Resold' },
      account: { externalId },
    });
    const existing = await post('/v1/applications', customer(`acct-${randomUUID()}`), resellerKey);
    assert.equal(existing.statusCode, 201, existing.body);
    const { accountId } = existing.json<{ accountId: string }>();

    // A measure the provider records reaches the reseller's existing account in its sweep...
    const measure = await post('/v1/special-measures', {
      kind: 'condition',
      conditions: [{ type: 'enhanced_monitoring' }],
      target: { type: 'person', names: ['RESOLD, Pavel Example'] },
      determinationDate: '2026-09-01',
      citation: '89 FR 0006 (test)',
    });
    assert.equal(measure.statusCode, 201, measure.body);
    const { id: measureId } = measure.json<{ id: string }>();
    const actions = (await get(`/v1/special-measures/${measureId}/actions`)).json<{
      items: Array<{ accountId: string; action: string; matchedOn: Array<{ value: string }> }>;
    }>().items;
    assert.deepEqual(
      actions.map((a) => [a.accountId, a.action, a.matchedOn[0]?.value]),
      [[accountId, 'apply_conditions', 'Pavel Example Resold']],
    );
    // ...and the reseller's next application for the same person is decided under it.
    const fresh = await post('/v1/applications', customer(`acct-${randomUUID()}`), resellerKey);
    assert.equal(fresh.statusCode, 201, fresh.body);
    const detail = (await get(`/v1/applications/${fresh.json<{ id: string }>().id}`, resellerKey)).json<{
      measureHits: Array<{ measureId: string }>;
    }>();
    assert.deepEqual(
      detail.measureHits.map((h) => h.measureId),
      [measureId],
    );
  });

  it('raises a re-verification when an approval’s interval runs out, and a fresh approval completes it', async () => {
    clock = new Date('2027-05-01T09:00:00Z');
    const externalId = `acct-${randomUUID()}`;
    const usPerson = {
      ...anna(),
      citizenship: ['US'],
      address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
      documents: [],
      phones: ['+12025550143'],
      signup: { ip: '73.162.0.1' },
      account: { externalId },
    };
    const approved = await submit(usPerson);
    assert.equal(approved.decision.status, 'approved');

    clock = new Date(clock.getTime() + 364 * DAY);
    assert.equal((await runScheduledJobs(t.services)).reverifications.raised, 0);
    clock = new Date(clock.getTime() + 2 * DAY);
    assert.equal((await runScheduledJobs(t.services)).reverifications.raised, 1);
    assert.equal((await runScheduledJobs(t.services)).reverifications.raised, 0, 'raised once');

    const due = (await get('/v1/reverifications?status=due')).json<{ items: Array<{ accountId: string }> }>()
      .items;
    assert.deepEqual(
      due.map((r) => r.accountId),
      [approved.accountId],
    );
    const again = await submit(usPerson);
    assert.equal(again.accountId, approved.accountId);
    assert.equal(again.decision.status, 'approved');
    assert.deepEqual((await get('/v1/reverifications?status=due')).json(), { items: [] });
    const done = (await get('/v1/reverifications?status=done')).json<{
      items: Array<{ accountId: string }>;
    }>().items;
    assert.equal(done[0]?.accountId, approved.accountId);
  });

  describe('redress', () => {
    let deniedApplication: string;
    before(async () => {
      clock = new Date('2026-12-01T10:00:00Z');
      await post('/v1/special-measures', {
        kind: 'prohibit',
        target: { type: 'jurisdiction', countries: ['KP'] },
        determinationDate: '2026-01-01',
        citation: '89 FR 0003 (test)',
      });
      const denied = await submit(anna({ citizenship: ['KP'] }));
      assert.equal(denied.decision.status, 'denied');
      deniedApplication = denied.id;
    });

    it('refuses redress for another tenant’s application, for an approved account, and an empty statement', async () => {
      const other = await addOtherProvider(t);
      const foreign = await post(
        `/v1/applications/${deniedApplication}/redress`,
        { statement: 'x' },
        other.adminKey,
      );
      assert.equal(problemOf(foreign).code, 'APPLICATION_NOT_FOUND');
      const usPerson = await submit({
        ...anna(),
        citizenship: ['US'],
        address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
        documents: [],
        phones: ['+12025550143'],
        signup: { ip: '73.162.0.1' },
      });
      const notAllowed = await post(`/v1/applications/${usPerson.id}/redress`, {
        statement: 'Please review.',
      });
      assert.equal(notAllowed.statusCode, 409);
      assert.equal(problemOf(notAllowed).code, 'REDRESS_NOT_ALLOWED');
      const empty = await post(`/v1/applications/${deniedApplication}/redress`, { statement: '  ' });
      assert.equal(problemOf(empty).code, 'VALIDATION_FAILED');
      assert.equal(problemOf(empty).field, 'body.statement');
    });

    it('queues the customer’s evidence for a reviewer, whose four-eyes decision resolves it', async () => {
      const submitted = await post(`/v1/applications/${deniedApplication}/redress`, {
        statement: 'I renounced that citizenship in 2001; my only passport is Swedish.',
        evidence: [
          {
            type: 'letter',
            description: 'Certificate of renunciation',
            reference: 's3://evidence/renunciation.pdf',
            sha256: 'a'.repeat(64),
          },
        ],
      });
      assert.equal(submitted.statusCode, 201, submitted.body);
      const redress = submitted.json<{ id: string; status: string }>();
      assert.equal(redress.status, 'open');
      const queue = (await get('/v1/redress?status=open')).json<{ items: Array<{ id: string }> }>().items;
      assert.ok(queue.some((r) => r.id === redress.id));

      const first = await createKey(t, 'reviewer');
      const second = await createKey(t, 'reviewer');
      const decide = (key: string) =>
        post(
          `/v1/applications/${deniedApplication}/decision`,
          { status: 'approved', reason: 'Renunciation verified.' },
          key,
        );
      assert.equal((await decide(first.key)).statusCode, 202);
      assert.equal((await get(`/v1/redress/${redress.id}`)).json<{ status: string }>().status, 'open');
      const decided = await decide(second.key);
      assert.equal(decided.statusCode, 201, decided.body);
      const resolved = (await get(`/v1/redress/${redress.id}`)).json<{
        status: string;
        resolutionDecisionId: string;
      }>();
      assert.equal(resolved.status, 'resolved');
      assert.equal(resolved.resolutionDecisionId, decided.json<{ decision: { id: string } }>().decision.id);
    });
  });
});
