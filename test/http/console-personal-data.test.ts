import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';
import { anna } from '../support/applicants.ts';
import { signedIn, type SignedInUser } from '../support/console.ts';

/** Values of anna() that identify her: none may reach a caller without personal-data rights. */
const ANNA_PERSONAL = [
  'Eriksson',
  'Anna Maria',
  'anna@example.se',
  '+46701234567',
  '1974-08-12',
  'AA1234567',
  'Storgatan',
];

function assertNoPersonalData(body: string): void {
  for (const value of ANNA_PERSONAL) assert.ok(!body.includes(value), `leaked ${value}`);
}

interface PartyBody {
  masked: boolean;
  current: { name: { full: string }; emails: Array<{ address: string }>; citizenship: string[] };
}

async function submitAnna(t: TestApp): Promise<{ partyId: string; id: string }> {
  const submitted = await t.app.inject({
    method: 'POST',
    url: '/v1/applications',
    headers: bearer(t.adminKey),
    payload: anna(),
  });
  assert.equal(submitted.statusCode, 201, submitted.body);
  return submitted.json<{ partyId: string; id: string }>();
}

describe('personal data in the console API', () => {
  let t: TestApp;
  let partyId: string;
  let applicationId: string;
  let analyst: SignedInUser;
  let reviewer: SignedInUser;

  before(async () => {
    t = await createTestApp();
    ({ partyId, id: applicationId } = await submitAnna(t));
    analyst = await signedIn(t, 'analyst');
    reviewer = await signedIn(t, 'reviewer');
  });
  after(() => t.close());

  describe('another tenant', () => {
    it('cannot read, search or reveal this tenant’s party, by cookie or by key', async () => {
      const other = await addOtherProvider(t);
      const otherUser = await signedIn(t, 'admin', other.tenantId);
      const read = await t.app.inject({
        method: 'GET',
        url: `/v1/parties/${partyId}`,
        headers: otherUser.read,
      });
      assert.equal(read.statusCode, 404);
      assert.equal(problemOf(read).code, 'PARTY_NOT_FOUND');
      const reveal = await t.app.inject({
        method: 'POST',
        url: `/v1/parties/${partyId}/reveal`,
        headers: { ...otherUser.write, 'x-gatehouse-purpose': 'fishing' },
      });
      assert.equal(problemOf(reveal).code, 'PARTY_NOT_FOUND');
      for (const headers of [otherUser.read, bearer(other.adminKey)]) {
        const search = await t.app.inject({
          method: 'GET',
          url: '/v1/parties/search?q=anna@example.se',
          headers,
        });
        assert.equal(search.statusCode, 200);
        assert.deepEqual(search.json<{ items: unknown[] }>().items, []);
      }
    });
  });

  describe('a role without personal-data rights (analyst)', () => {
    it('never receives unmasked data: party read by cookie or by key, and search', async () => {
      const key = await createKey(t, 'analyst');
      for (const headers of [analyst.read, bearer(key.key)]) {
        const party = await t.app.inject({ method: 'GET', url: `/v1/parties/${partyId}`, headers });
        assert.equal(party.statusCode, 200);
        assertNoPersonalData(party.body);
        const body = party.json<PartyBody>();
        assert.equal(body.masked, true);
        assert.equal(body.current.name.full, 'A•••');
        assert.deepEqual(body.current.citizenship, ['SE'], 'country codes stay readable');
        const search = await t.app.inject({
          method: 'GET',
          url: '/v1/parties/search?q=anna@example.se',
          headers,
        });
        assert.equal(search.json<{ items: unknown[] }>().items.length, 1);
        assertNoPersonalData(search.body);
        const application = await t.app.inject({
          method: 'GET',
          url: `/v1/applications/${applicationId}`,
          headers,
        });
        assert.equal(application.statusCode, 200);
        assertNoPersonalData(application.body);
        assert.ok(!application.body.includes('81.2.69.142'), 'the sign-up IP is masked in the determination');
        assert.ok(application.body.includes('"ip_country"'), 'the signal itself stays');
      }
    });

    it('may not reveal, whatever the purpose', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/v1/parties/${partyId}/reveal`,
        headers: analyst.write,
        payload: { purpose: 'case review' },
      });
      assert.equal(response.statusCode, 403);
      assert.equal(problemOf(response).code, 'FORBIDDEN');
      assertNoPersonalData(response.body);
    });
  });

  describe('a reviewer in the console', () => {
    it('sees the party masked until revealing it', async () => {
      const party = await t.app.inject({
        method: 'GET',
        url: `/v1/parties/${partyId}`,
        headers: reviewer.read,
      });
      assert.equal(party.json<PartyBody>().masked, true);
      assertNoPersonalData(party.body);
    });

    it('must state a purpose to reveal', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/v1/parties/${partyId}/reveal`,
        headers: reviewer.write,
      });
      assert.equal(response.statusCode, 400);
      assert.equal(problemOf(response).field, 'body.purpose');
    });

    it('reveals with a purpose (header or body), and each reveal is audited with it', async () => {
      const byHeader = await t.app.inject({
        method: 'POST',
        url: `/v1/parties/${partyId}/reveal`,
        headers: { ...reviewer.write, 'x-gatehouse-purpose': 'screening hit review' },
      });
      assert.equal(byHeader.statusCode, 200, byHeader.body);
      const body = byHeader.json<PartyBody>();
      assert.equal(body.masked, false);
      assert.equal(body.current.emails[0]?.address, 'anna@example.se');
      const byBody = await t.app.inject({
        method: 'POST',
        url: `/v1/parties/${partyId}/reveal`,
        headers: reviewer.write,
        payload: { purpose: 'customer called support' },
      });
      assert.equal(byBody.statusCode, 200);
      const audit = await t.app.inject({
        method: 'GET',
        url: '/v1/audit-events?action=party.revealed',
        headers: bearer(t.adminKey),
      });
      const events = audit.json<{
        items: Array<{ actor: { type: string }; target: { id: string }; details: { purpose: string } }>;
      }>().items;
      assert.deepEqual(events.map((e) => [e.actor.type, e.target.id, e.details.purpose]).sort(), [
        ['user', partyId, 'customer called support'],
        ['user', partyId, 'screening hit review'],
      ]);
    });

    it('finds a party by email, phone, name and id; searches are audited without the query', async () => {
      for (const q of ['anna@example.se', '+46 70 123 45 67', 'eriksson', partyId]) {
        const search = await t.app.inject({
          method: 'GET',
          url: `/v1/parties/search?q=${encodeURIComponent(q)}`,
          headers: reviewer.read,
        });
        assert.equal(search.statusCode, 200);
        const items = search.json<{ items: Array<{ partyId: string }> }>().items;
        assert.ok(
          items.some((i) => i.partyId === partyId),
          `not found by ${q}`,
        );
      }
      const tooShort = await t.app.inject({
        method: 'GET',
        url: '/v1/parties/search?q=an',
        headers: reviewer.read,
      });
      assert.equal(problemOf(tooShort).code, 'VALIDATION_FAILED');
      const audit = await t.app.inject({
        method: 'GET',
        url: '/v1/audit-events?action=party.searched',
        headers: bearer(t.adminKey),
      });
      assert.ok(audit.json<{ items: unknown[] }>().items.length >= 4);
      assert.ok(!audit.body.includes('anna@example.se'));
    });
  });

  it('an admin API key keeps reading the party unmasked (integrations are unchanged)', async () => {
    const party = await t.app.inject({
      method: 'GET',
      url: `/v1/parties/${partyId}`,
      headers: bearer(t.adminKey),
    });
    assert.equal(party.json<PartyBody>().masked, false);
    assert.ok(party.body.includes('anna@example.se'));
  });
});

describe('the console’s review queue and dashboard', () => {
  let t: TestApp;
  let partyId: string;

  before(async () => {
    t = await createTestApp();
    ({ partyId } = await submitAnna(t));
  });
  after(() => t.close());

  it('shows another tenant nothing', async () => {
    const other = await addOtherProvider(t);
    const queue = await t.app.inject({
      method: 'GET',
      url: '/v1/review-queue',
      headers: bearer(other.adminKey),
    });
    assert.deepEqual(queue.json<{ items: unknown[] }>().items, []);
    const stats = await t.app.inject({
      method: 'GET',
      url: '/v1/dashboard',
      headers: bearer(other.adminKey),
    });
    assert.equal(stats.json<{ pendingAccounts: number }>().pendingAccounts, 0);
  });

  it('lists the pending application, masked for an analyst', async () => {
    const analyst = await signedIn(t, 'analyst');
    const queue = await t.app.inject({ method: 'GET', url: '/v1/review-queue', headers: analyst.read });
    assert.equal(queue.statusCode, 200);
    const items = queue.json<{ items: Array<{ partyId: string; treatedAs: string }> }>().items;
    assert.deepEqual(
      items.map((i) => [i.partyId, i.treatedAs]),
      [[partyId, 'foreign']],
    );
    assertNoPersonalData(queue.body);
  });

  it('counts the unverified foreign account on the dashboard', async () => {
    const stats = await t.app.inject({ method: 'GET', url: '/v1/dashboard', headers: bearer(t.adminKey) });
    assert.equal(stats.statusCode, 200, stats.body);
    const body = stats.json<{
      unverifiedForeignAccounts: number;
      byCountry: Array<{ country: string | null; treatedAs: string; count: number }>;
      perDay: Array<{ outcome: string; count: number }>;
    }>();
    assert.equal(body.unverifiedForeignAccounts, 1);
    assert.deepEqual(body.byCountry, [{ treatedAs: 'foreign', country: 'SE', count: 1 }]);
    assert.deepEqual(
      body.perDay.map((d) => [d.outcome, d.count]),
      [['pending', 1]],
    );
  });
});

describe('screening hits for a role without personal-data rights', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
    const operator = {
      tenantId: t.tenantId,
      type: 'cli',
      id: 'test',
      role: 'admin',
      requestId: null,
    } as const;
    await t.services.lists.importFiles(operator, 'deny-list', [
      { name: 'deny.csv', content: 'name,type,dob,country\nAnna Maria Eriksson,individual,1974-08-12,SE\n' },
    ]);
    await submitAnna(t);
  });
  after(() => t.close());

  it('masks the customer’s side of the explanation (query words, date of birth), not the scores', async () => {
    const analyst = await signedIn(t, 'analyst');
    const reviewer = await signedIn(t, 'reviewer');
    type Hits = {
      items: Array<{
        id: string;
        score: number;
        explanation: {
          summary: string;
          tokens: Array<{ query: string }>;
          features: Array<{ detail: string }>;
        };
      }>;
    };
    const masked = await t.app.inject({
      method: 'GET',
      url: '/v1/screening-hits?status=open',
      headers: analyst.read,
    });
    const [hit] = masked.json<Hits>().items;
    assert.ok(hit);
    assert.ok(hit.score > 0);
    assert.ok(hit.explanation.tokens.every((token) => token.query.endsWith('•••')));
    assert.equal(hit.explanation.summary, '•••');
    assert.ok(!JSON.stringify(hit.explanation).includes('1974-08-12'));
    const one = await t.app.inject({
      method: 'GET',
      url: `/v1/screening-hits/${hit.id}`,
      headers: analyst.read,
    });
    assert.equal(one.json<Hits['items'][number]>().explanation.summary, '•••');
    const full = await t.app.inject({
      method: 'GET',
      url: '/v1/screening-hits?status=open',
      headers: reviewer.read,
    });
    assert.ok(full.json<Hits>().items[0]?.explanation.summary.includes('1974-08-12'));
  });
});

describe('assign to me', () => {
  let t: TestApp;
  let applicationId: string;

  before(async () => {
    t = await createTestApp();
    ({ id: applicationId } = await submitAnna(t));
  });
  after(() => t.close());

  it('answers 404 for another tenant’s application, 403 for an analyst or an API key', async () => {
    const other = await addOtherProvider(t);
    const otherReviewer = await signedIn(t, 'reviewer', other.tenantId);
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/v1/review-queue/${applicationId}/assign`,
      headers: otherReviewer.write,
    });
    assert.equal(problemOf(foreign).code, 'APPLICATION_NOT_FOUND');
    const analyst = await signedIn(t, 'analyst');
    const byAnalyst = await t.app.inject({
      method: 'POST',
      url: `/v1/review-queue/${applicationId}/assign`,
      headers: analyst.write,
    });
    assert.equal(problemOf(byAnalyst).code, 'FORBIDDEN');
    const byKey = await t.app.inject({
      method: 'POST',
      url: `/v1/review-queue/${applicationId}/assign`,
      headers: bearer(t.adminKey),
    });
    assert.equal(problemOf(byKey).code, 'FORBIDDEN');
  });

  it('gives the case to the reviewer, the queue shows who has it, and a second reviewer can take it over', async () => {
    const first = await signedIn(t, 'reviewer');
    const second = await signedIn(t, 'reviewer');
    for (const user of [first, second]) {
      const assigned = await t.app.inject({
        method: 'POST',
        url: `/v1/review-queue/${applicationId}/assign`,
        headers: user.write,
      });
      assert.equal(assigned.statusCode, 204, assigned.body);
      const queue = await t.app.inject({ method: 'GET', url: '/v1/review-queue', headers: user.read });
      const item = queue.json<{ items: Array<{ assignedTo: { name: string } | null }> }>().items[0];
      assert.equal(item?.assignedTo?.name, user.name);
    }
    const audit = await t.app.inject({
      method: 'GET',
      url: '/v1/audit-events?action=application.assigned',
      headers: bearer(t.adminKey),
    });
    assert.equal(audit.json<{ items: unknown[] }>().items.length, 2);
  });
});
