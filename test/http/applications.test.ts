import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  addOtherProvider,
  bearer,
  countAuditEvents,
  createKey,
  createTestApp,
  problemOf,
  type TestApp,
} from '../support/app.ts';
import { td3 } from '../support/mrz.ts';

interface ApplicationBody {
  id: string;
  accountId: string;
  partyId: string;
  partyVersion: number;
  profile: { id: string; version: number };
  determination: {
    status: string;
    treatedAs: string;
    signals: Array<{ kind: string; value: string | null; points: string }>;
  };
  decision: {
    status: string;
    rule: string;
    reasons: Array<{ code: string; message: string }>;
    profile: { id: string };
  };
  requirements: Array<{ kind: string }>;
  warnings: Array<{ path: string; code: string }>;
}

const annaMrz = td3({
  issuingState: 'SWE',
  surname: 'Eriksson',
  givenNames: 'Anna Maria',
  number: 'AA1234567',
  nationality: 'SWE',
  birthDate: '740812',
  sex: 'F',
  expiryDate: '310101',
});

/** A Swedish customer signing up from a UK address, in the shape of the interface contract. */
function anna(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'individual',
    name: { full: 'Anna Maria Eriksson', given: 'Anna Maria', family: 'Eriksson' },
    dateOfBirth: '1974-08-12',
    citizenship: ['SE'],
    address: { line1: 'Storgatan 1', city: 'Stockholm', postalCode: '111 22', country: 'SE' },
    nationalIds: [{ country: 'SE', number: '811228-9874' }],
    documents: [{ type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2031-01-01' }],
    emails: ['anna@example.se'],
    phones: ['+46701234567'],
    paymentInstruments: [
      { type: 'card', number: '4111111111111111', holderName: 'Anna Eriksson', billingCountry: 'SE' },
    ],
    signup: { ip: '81.2.69.142', userAgent: 'Mozilla/5.0' },
    account: { externalId: `acct-${randomUUID()}` },
    ...overrides,
  };
}

function usCustomer(): Record<string, unknown> {
  return {
    type: 'individual',
    name: { full: 'John Q Public', given: 'John', family: 'Public' },
    citizenship: ['US'],
    address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    documents: [{ type: 'passport', country: 'US', number: '912803456', expiresOn: '2032-05-01' }],
    emails: ['john@example.com'],
    phones: ['+12025550143'],
    signup: { ip: '73.162.0.1' },
  };
}

describe('applications', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const submit = (body: Record<string, unknown>, key = t.adminKey, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: { ...bearer(key), ...headers },
      payload: body,
    });

  describe('bad input', () => {
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [
        'a national ID with a bad check digit',
        { nationalIds: [{ country: 'BR', number: '390.533.447-06' }] },
        'nationalIds[0].number',
        'NATIONAL_ID_INVALID_CHECKSUM',
      ],
      [
        'an expired document',
        { documents: [{ type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2020-01-01' }] },
        'documents[0].expiresOn',
        'DOCUMENT_EXPIRED',
      ],
      [
        'an MRZ that disagrees with the typed name',
        {
          documents: [
            { type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2031-01-01', mrz: annaMrz },
          ],
          name: { full: 'Anna Maria Svensson', given: 'Anna Maria', family: 'Svensson' },
        },
        'documents[0].mrz',
        'MRZ_MISMATCH',
      ],
      [
        'an MRZ with one changed digit',
        {
          documents: [
            {
              type: 'passport',
              country: 'SE',
              number: 'AA1234567',
              expiresOn: '2031-01-01',
              mrz: annaMrz.replace('AA1234567', 'AA1234568'),
            },
          ],
        },
        'documents[0].mrz',
        'MRZ_CHECK_DIGIT',
      ],
      ['a phone that is not a number of its country', { phones: ['+46123'] }, 'phones[0]', 'PHONE_TOO_SHORT'],
      [
        'an IBAN with a bad checksum',
        { paymentInstruments: [{ type: 'iban', iban: 'GB82WEST12345698765433' }] },
        'paymentInstruments[0].iban',
        'IBAN_INVALID_CHECKSUM',
      ],
      [
        'a card failing Luhn',
        { paymentInstruments: [{ type: 'card', number: '4111111111111112' }] },
        'paymentInstruments[0].number',
        'CARD_INVALID_CHECKSUM',
      ],
      [
        'a date of birth in the future',
        { dateOfBirth: '2099-01-01' },
        'dateOfBirth',
        'DATE_OF_BIRTH_IN_FUTURE',
      ],
      ['an invalid email', { emails: ['anna@@example.se'] }, 'emails[0]', 'EMAIL_INVALID'],
      ['a name without a letter', { name: { full: '\u0301\u200b...' } }, 'name.full', 'NAME_NO_LETTERS'],
      [
        'a name in another script without a letter',
        { name: { full: 'Anna Maria Eriksson', otherScripts: [{ full: '123' }] } },
        'name.otherScripts[0].full',
        'NAME_NO_LETTERS',
      ],
      [
        'a citizenship that is no country (UK)',
        { citizenship: ['SE', 'UK'] },
        'citizenship[1]',
        'COUNTRY_INVALID',
      ],
      [
        'an address in no country',
        { address: { line1: 'Storgatan 1', city: 'Stockholm', country: 'ZZ' } },
        'address.country',
        'COUNTRY_INVALID',
      ],
      [
        'a document of no country',
        { documents: [{ type: 'national_id', country: 'XX', number: '12345' }] },
        'documents[0].country',
        'COUNTRY_INVALID',
      ],
      [
        'a billing country that is no country',
        { paymentInstruments: [{ type: 'invoice', billingCountry: 'QQ' }] },
        'paymentInstruments[0].billingCountry',
        'COUNTRY_INVALID',
      ],
    ];
    for (const [what, change, path, code] of cases) {
      it(`refuses ${what} with 422, the path and the code, and writes nothing`, async () => {
        const auditBefore = await countAuditEvents(t);
        const response = await submit(anna(change));
        assert.equal(response.statusCode, 422, response.body);
        const problem = problemOf(response);
        assert.equal(problem.code, 'APPLICATION_INVALID');
        const errors = problem.errors ?? [];
        assert.ok(
          errors.some((e) => e.path === path && e.code === code),
          JSON.stringify(errors),
        );
        assert.equal(await countAuditEvents(t), auditBefore);
      });
    }

    it('names the United Kingdom’s code when UK is sent, and keeps XK (Kosovo) and lower-case codes', async () => {
      const uk = problemOf(await submit(anna({ address: { line1: 'x', city: 'London', country: 'UK' } })));
      const error = uk.errors?.find((e) => e.path === 'address.country');
      assert.match(error?.message ?? '', /United Kingdom is GB/);
      // The phone is read with no default country then, not refused for the address's.
      assert.equal(uk.errors?.filter((e) => e.path === 'phones[0]').length, 0, JSON.stringify(uk.errors));
      const kosovo = await submit(anna({ citizenship: ['xk'] }));
      assert.equal(kosovo.statusCode, 201, kosovo.body);
    });

    it('refuses an impossible calendar date and an unknown field before validation, with 400', async () => {
      const date = problemOf(await submit(anna({ dateOfBirth: '2023-02-30' })));
      assert.equal(date.field, 'body.dateOfBirth');
      const unknown = problemOf(await submit(anna({ favouriteColour: 'blue' })));
      assert.equal(unknown.errors?.[0]?.field, 'body.favouriteColour');
    });

    it('forbids an ingest key to submit', async () => {
      const ingest = await createKey(t, 'ingest');
      assert.equal((await submit(anna(), ingest.key)).statusCode, 403);
    });
  });

  describe('determination and decision', () => {
    it('determines a Swedish customer signing up from a non-US IP as foreign, with every signal', async () => {
      const response = await submit(anna());
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json<ApplicationBody>();
      assert.equal(body.determination.status, 'foreign');
      const ip = body.determination.signals.find((s) => s.kind === 'ip_country');
      assert.deepEqual([ip?.value, ip?.points], ['GB', 'foreign']);
      assert.ok(body.determination.signals.some((s) => s.kind === 'phone_country' && s.value === 'SE'));
      assert.equal(body.profile.id, 'us-iaas-2024');
      assert.equal(body.decision.profile.id, 'us-iaas-2024');
      assert.equal(body.decision.status, 'pending');
      assert.equal(body.decision.rule, 'cip.verification_pending');
      assert.ok(body.requirements.some((r) => r.kind === 'verification'));
    });

    it('approves a foreign customer whose passport MRZ verifies and whose card is in her name', async () => {
      const documents = [
        { type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2031-01-01', mrz: annaMrz },
      ];
      const response = await submit(anna({ documents }));
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json<ApplicationBody>();
      assert.equal(body.decision.status, 'approved');
      assert.equal(body.decision.rule, 'cip.verified');
    });

    it('determines a US citizen signing up from a US IP as a US person and approves on status alone', async () => {
      const body = (await submit(usCustomer())).json<ApplicationBody>();
      assert.equal(body.determination.status, 'us_person');
      assert.equal(body.decision.status, 'approved');
      assert.equal(body.decision.rule, 'us_person.status_determination');
      assert.ok(
        body.determination.signals.some(
          (s) => s.kind === 'ip_country' && s.value === 'US' && s.points === 'us',
        ),
      );
    });

    it('flags suspicious but valid data as warnings', async () => {
      const body = (await submit(anna({ emails: ['anna@mailinator.com'] }))).json<ApplicationBody>();
      assert.ok(
        body.warnings.some((w) => w.path === 'emails[0]' && w.code === 'EMAIL_DISPOSABLE_DOMAIN'),
        JSON.stringify(body.warnings),
      );
    });
  });

  describe('special measures', () => {
    it('denies new applications from a prohibited jurisdiction, and conditions those under a condition measure', async () => {
      // Determined 200 days ago: in force since 20 days (180 days' notice), for 365 days.
      const determinationDate = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
      const measure = (kind: string, countries: string[], extra: Record<string, unknown> = {}) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/special-measures',
          headers: bearer(t.adminKey),
          payload: {
            kind,
            target: { type: 'jurisdiction', countries },
            determinationDate,
            citation: '89 FR 0000 (test)',
            ...extra,
          },
        });
      const created = await measure('prohibit', ['RU']);
      assert.equal(created.statusCode, 201, created.body);
      const effective = new Date(Date.parse(determinationDate) + 180 * 86_400_000).toISOString().slice(0, 10);
      assert.equal(created.json<{ effectiveDate: string }>().effectiveDate, effective);
      const conditioned = await measure('condition', ['BY'], {
        conditions: [{ type: 'enhanced_monitoring' }],
      });
      assert.equal(conditioned.statusCode, 201, conditioned.body);

      const denied = (
        await submit(anna({ citizenship: ['RU'], signup: { ip: '95.173.136.70' } }))
      ).json<ApplicationBody>();
      assert.equal(denied.decision.status, 'denied');
      assert.equal(denied.decision.rule, 'special_measure.prohibit');
      assert.ok(
        denied.decision.reasons.some((r) => r.code === 'special_measure.deny' && r.message.includes('RU')),
      );

      const documents = [
        { type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2031-01-01', mrz: annaMrz },
      ];
      const restricted = (
        await submit(anna({ documents, citizenship: ['SE', 'BY'] }))
      ).json<ApplicationBody>();
      assert.equal(restricted.decision.status, 'restricted');
      assert.equal(restricted.decision.rule, 'special_measure.condition');

      const unaffected = (await submit(anna())).json<ApplicationBody>();
      assert.notEqual(unaffected.decision.status, 'denied');
    });

    it('extends a measure only to a later expiry, keeping the history, and refuses another tenant', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/special-measures',
        headers: bearer(t.adminKey),
        payload: {
          kind: 'prohibit',
          target: { type: 'jurisdiction', countries: ['KP'] },
          determinationDate: '2026-01-01',
          citation: 'test',
        },
      });
      const measure = created.json<{ id: string; expiryDate: string }>();
      assert.equal(measure.expiryDate, '2027-06-30');
      const extend = (payload: object, key = t.adminKey) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/special-measures/${measure.id}/extensions`,
          headers: bearer(key),
          payload,
        });
      const earlier = problemOf(await extend({ determinationDate: '2026-06-01', expiryDate: '2027-01-01' }));
      assert.equal(earlier.field, 'body.expiryDate');
      const other = await addOtherProvider(t);
      assert.equal(
        problemOf(await extend({ determinationDate: '2026-06-01' }, other.adminKey)).code,
        'MEASURE_NOT_FOUND',
      );
      const extended = await extend({ determinationDate: '2026-06-01' });
      assert.equal(extended.statusCode, 200, extended.body);
      const body = extended.json<{ expiryDate: string; extensions: Array<{ expiryDate: string }> }>();
      assert.equal(body.expiryDate, '2027-06-30');
      assert.deepEqual(
        body.extensions.map((e) => e.expiryDate),
        ['2028-06-29'],
      );
    });

    it('sweeps existing accounts when a measure is added: each touched account gets the action due and its deadline', async () => {
      const touched = (await submit(anna({ citizenship: ['IR'] }))).json<ApplicationBody>();
      const untouched = (await submit(anna())).json<ApplicationBody>();
      const determinationDate = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/special-measures',
        headers: bearer(t.adminKey),
        payload: {
          kind: 'prohibit',
          target: { type: 'jurisdiction', countries: ['IR'] },
          determinationDate,
          citation: 'test',
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const measure = created.json<{ id: string; effectiveDate: string; sweep: { found: number } }>();
      assert.equal(measure.sweep.found, 1);
      const actions = (
        await t.app.inject({
          method: 'GET',
          url: `/v1/special-measures/${measure.id}/actions`,
          headers: bearer(t.adminKey),
        })
      ).json<{
        items: Array<{
          accountId: string;
          action: string;
          dueBy: string;
          matchedOn: Array<{ attribute: string; value: string }>;
        }>;
      }>().items;
      assert.deepEqual(
        actions.map((a) => [a.accountId, a.action, a.dueBy]),
        [[touched.accountId, 'close', measure.effectiveDate]],
      );
      assert.ok(actions[0]?.matchedOn.some((m) => m.attribute === 'nationality' && m.value === 'IR'));
      assert.ok(!actions.some((a) => a.accountId === untouched.accountId));
      const again = await t.app.inject({
        method: 'POST',
        url: `/v1/special-measures/${measure.id}/sweep`,
        headers: bearer(t.adminKey),
      });
      assert.equal(again.json<{ found: number; actions: unknown[] }>().found, 0);
      assert.equal(again.json<{ found: number; actions: unknown[] }>().actions.length, 1);
    });
  });

  describe('records', () => {
    it('keeps one account per external id and a new party version per application, never overwriting', async () => {
      const externalId = `acct-${randomUUID()}`;
      const first = (await submit(anna({ account: { externalId } }))).json<ApplicationBody>();
      const second = (
        await submit(anna({ account: { externalId }, emails: ['anna.eriksson@example.se'] }))
      ).json<ApplicationBody>();
      assert.equal(second.accountId, first.accountId);
      assert.equal(second.partyId, first.partyId);
      assert.equal(second.partyVersion, 2);
      const party = await t.app.inject({
        method: 'GET',
        url: `/v1/parties/${first.partyId}`,
        headers: bearer(t.adminKey),
      });
      const view = party.json<{
        currentVersion: number;
        history: Array<{ version: number; data: { emails: Array<{ address: string }> } }>;
      }>();
      assert.equal(view.currentVersion, 2);
      assert.deepEqual(
        view.history.map((h) => [h.version, h.data.emails[0]?.address]),
        [
          [2, 'anna.eriksson@example.se'],
          [1, 'anna@example.se'],
        ],
      );
    });

    it('never stores the full card number: the party keeps a keyed fingerprint and the last four digits', async () => {
      const body = (await submit(anna())).json<ApplicationBody>();
      const party = await t.app.inject({
        method: 'GET',
        url: `/v1/parties/${body.partyId}`,
        headers: bearer(t.adminKey),
      });
      assert.ok(!party.body.includes('4111111111111111'));
      assert.match(party.body, /"last4":"1111"/);
      assert.match(party.body, /"fingerprint":"[0-9a-f]{64}"/);
    });

    it('audits every read of a party', async () => {
      const body = (await submit(anna())).json<ApplicationBody>();
      await t.app.inject({
        method: 'GET',
        url: `/v1/parties/${body.partyId}`,
        headers: { ...bearer(t.adminKey), 'x-request-id': 'read-party-1' },
      });
      const audit = await t.app.inject({
        method: 'GET',
        url: '/v1/audit-events?action=party.read',
        headers: bearer(t.adminKey),
      });
      const events = audit.json<{ items: Array<{ target: { id: string }; requestId: string }> }>().items;
      assert.ok(events.some((e) => e.target.id === body.partyId && e.requestId === 'read-party-1'));
    });

    it('returns the application with its decisions, and replays an idempotent submission', async () => {
      const idem = randomUUID();
      const body = anna();
      const first = await submit(body, t.adminKey, { 'idempotency-key': idem });
      const replay = await submit(body, t.adminKey, { 'idempotency-key': idem });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.json<ApplicationBody>().id, first.json<ApplicationBody>().id);
      const read = await t.app.inject({
        method: 'GET',
        url: `/v1/applications/${first.json<ApplicationBody>().id}`,
        headers: bearer(t.adminKey),
      });
      assert.equal(read.statusCode, 200);
      assert.equal(read.json<{ decisions: unknown[] }>().decisions.length, 1);
    });

    it('stores an entity with its beneficial owners as linked parties', async () => {
      const response = await submit({
        type: 'entity',
        legalName: 'Nordic Compute AB',
        incorporation: { country: 'SE', number: '556677-8899' },
        address: { line1: 'Kungsgatan 2', city: 'Stockholm', country: 'SE' },
        emails: ['ops@nordic-compute.example'],
        beneficialOwners: [
          {
            name: { full: 'Anna Maria Eriksson', given: 'Anna Maria', family: 'Eriksson' },
            citizenship: ['SE'],
            ownershipPercent: 60,
          },
        ],
        signup: { ip: '193.10.0.1' },
      });
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json<ApplicationBody>();
      assert.equal(body.determination.status, 'foreign');
      const party = (
        await t.app.inject({ method: 'GET', url: `/v1/parties/${body.partyId}`, headers: bearer(t.adminKey) })
      ).json<{
        type: string;
        links: Array<{ role: string; ownershipPercent: number }>;
      }>();
      assert.equal(party.type, 'entity');
      assert.deepEqual(
        party.links.map((l) => [l.role, l.ownershipPercent]),
        [['beneficial_owner', 60]],
      );
    });
  });

  describe('sign-up addresses', () => {
    it('warns when the sign-up IP is private, loopback or reserved, and not when it is public', async () => {
      const warningsOf = async (ip: string) => {
        const response = await submit(anna({ signup: { ip } }));
        assert.equal(response.statusCode, 201, response.body);
        return response.json<{ warnings: Array<{ path: string; code: string }> }>().warnings;
      };
      for (const ip of ['10.0.0.1', '::1', '192.168.1.20']) {
        assert.deepEqual(
          (await warningsOf(ip)).map((w) => [w.path, w.code]),
          [['signup.ip', 'IP_NOT_PUBLIC']],
          ip,
        );
      }
      assert.deepEqual(await warningsOf('81.2.69.142'), []);
    });
  });

  describe('entity names', () => {
    it('refuses an entity, or an owner, whose name has no letter, naming each path', async () => {
      const response = await submit({
        type: 'entity',
        legalName: '— 42 —',
        otherNames: ['Nordic Compute', '...'],
        incorporation: { country: 'SE' },
        beneficialOwners: [{ name: { full: '\u200b' }, citizenship: ['SE'], ownershipPercent: 60 }],
      });
      assert.equal(response.statusCode, 422, response.body);
      assert.deepEqual(
        (problemOf(response).errors ?? []).map((e) => [e.path, e.code]),
        [
          ['legalName', 'NAME_NO_LETTERS'],
          ['otherNames[1]', 'NAME_NO_LETTERS'],
          ['beneficialOwners[0].name.full', 'NAME_NO_LETTERS'],
        ],
      );
    });
  });

  describe('manual review', () => {
    const decide = (id: string, key: string, status: string, reason = 'checked the documents') =>
      t.app.inject({
        method: 'POST',
        url: `/v1/applications/${id}/decision`,
        headers: bearer(key),
        payload: { status, reason },
      });

    it('refuses an analyst, a decision on another tenant’s application, and a repeated status', async () => {
      const analyst = await createKey(t, 'analyst');
      const body = (await submit(anna())).json<ApplicationBody>();
      assert.equal((await decide(body.id, analyst.key, 'approved')).statusCode, 403);
      const other = await addOtherProvider(t);
      assert.equal(
        problemOf(await decide(body.id, other.adminKey, 'approved')).code,
        'APPLICATION_NOT_FOUND',
      );
      const same = await decide(body.id, t.adminKey, 'pending');
      assert.equal(same.statusCode, 400);
    });

    it('lets a reviewer approve an ordinary pending case at once, recorded with the reviewer and reason', async () => {
      const reviewer = await createKey(t, 'reviewer');
      const body = (await submit(anna())).json<ApplicationBody>();
      const response = await decide(body.id, reviewer.key, 'approved', 'verified by video call');
      assert.equal(response.statusCode, 201, response.body);
      const decision = response.json<{
        state: string;
        decision: { status: string; rule: string; actor: { id: string } };
      }>();
      assert.equal(decision.state, 'decided');
      assert.deepEqual(
        [decision.decision.status, decision.decision.rule, decision.decision.actor.id],
        ['approved', 'review.manual', reviewer.id],
      );
      const read = (
        await t.app.inject({ method: 'GET', url: `/v1/applications/${body.id}`, headers: bearer(t.adminKey) })
      ).json<{
        account: { status: string };
        decisions: Array<{ rule: string }>;
      }>();
      assert.equal(read.account.status, 'approved');
      assert.deepEqual(
        read.decisions.map((d) => d.rule),
        ['review.manual', 'cip.verification_pending'],
      );
      const closed = await decide(body.id, reviewer.key, 'closed');
      assert.equal(closed.statusCode, 201);
      assert.equal(problemOf(await decide(body.id, reviewer.key, 'approved')).code, 'INVALID_TRANSITION');
    });

    it('needs a second, different reviewer who agrees to approve a denied (high-risk) case', async () => {
      const first = await createKey(t, 'reviewer');
      const second = await createKey(t, 'reviewer');
      const denied = (
        await submit(anna({ citizenship: ['RU'], signup: { ip: '95.173.136.70' } }))
      ).json<ApplicationBody>();
      assert.equal(denied.decision.status, 'denied');

      const proposed = await decide(denied.id, first.key, 'approved', 'dual national, lives in SE');
      assert.equal(proposed.statusCode, 202, proposed.body);
      assert.equal(proposed.json<{ state: string }>().state, 'awaiting_second_approval');
      const stillDenied = (
        await t.app.inject({
          method: 'GET',
          url: `/v1/applications/${denied.id}`,
          headers: bearer(t.adminKey),
        })
      ).json<{ account: { status: string } }>();
      assert.equal(stillDenied.account.status, 'denied');

      assert.equal(
        problemOf(await decide(denied.id, first.key, 'approved')).code,
        'SECOND_REVIEWER_REQUIRED',
      );
      assert.equal(problemOf(await decide(denied.id, second.key, 'restricted')).code, 'PROPOSAL_CONFLICT');
      const confirmed = await decide(denied.id, second.key, 'approved', 'agree');
      assert.equal(confirmed.statusCode, 201, confirmed.body);
      const decision = confirmed.json<{ decision: { rule: string; reasons: Array<{ code: string }> } }>()
        .decision;
      assert.equal(decision.rule, 'review.four_eyes');
      assert.deepEqual(
        decision.reasons.map((r) => r.code),
        ['review.first_reviewer', 'review.manual'],
      );
    });

    it('lets a reviewer who disagrees decline a proposal, and its proposer withdraw one; the case is decided anew', async () => {
      const first = await createKey(t, 'reviewer');
      const second = await createKey(t, 'reviewer');
      const analyst = await createKey(t, 'analyst');
      const withdraw = (id: string, key: string, payload: Record<string, unknown> = { reason: 'disagree' }) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/applications/${id}/proposal/withdraw`,
          headers: bearer(key),
          payload,
        });
      const denied = (
        await submit(anna({ citizenship: ['RU'], signup: { ip: '95.173.136.70' } }))
      ).json<ApplicationBody>();
      assert.equal(denied.decision.status, 'denied');
      assert.equal(problemOf(await withdraw(denied.id, second.key)).code, 'PROPOSAL_NOT_FOUND');

      const proposed = await decide(denied.id, first.key, 'approved', 'dual national, lives in SE');
      assert.equal(proposed.statusCode, 202, proposed.body);
      const pendingOf = async () =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/v1/applications/${denied.id}`,
            headers: bearer(t.adminKey),
          })
        ).json<{
          pendingProposal: {
            id: string;
            status: string;
            proposedBy: string;
            reason: string;
            proposedAt: string;
          } | null;
        }>().pendingProposal;
      const seenByAnalyst = await t.app.inject({
        method: 'GET',
        url: `/v1/applications/${denied.id}`,
        headers: bearer(analyst.key),
      });
      assert.equal(seenByAnalyst.statusCode, 200, seenByAnalyst.body);
      assert.equal(
        seenByAnalyst.json<{ pendingProposal: { reason: string } }>().pendingProposal.reason,
        '•••',
        'a reviewer’s words are masked for a role without personal-data rights',
      );
      const { proposedAt, ...pending } = (await pendingOf()) ?? { proposedAt: '' };
      assert.deepEqual(pending, {
        id: proposed.json<{ proposal: { id: string } }>().proposal.id,
        status: 'approved',
        reason: 'dual national, lives in SE',
        proposedBy: `api_key:${first.id}`,
      });
      assert.match(proposedAt, /^\d{4}-\d\d-\d\dT/);
      // The other tenant's reviewer finds no such application; an analyst may not; a reason is required.
      const other = await addOtherProvider(t);
      const foreign = await withdraw(denied.id, other.adminKey);
      assert.equal(foreign.statusCode, 404);
      assert.equal(problemOf(foreign).code, 'APPLICATION_NOT_FOUND');
      assert.equal(problemOf(await withdraw(denied.id, analyst.key)).code, 'FORBIDDEN');
      const noReason = await withdraw(denied.id, second.key, { reason: '  ' });
      assert.equal(noReason.statusCode, 400);
      assert.equal(problemOf(noReason).field, 'body.reason');

      // The second reviewer disagrees: restricting conflicts, so they decline the proposal first.
      assert.equal(problemOf(await decide(denied.id, second.key, 'restricted')).code, 'PROPOSAL_CONFLICT');
      const declined = await withdraw(denied.id, second.key, { reason: 'sanctions nexus not cleared' });
      assert.equal(declined.statusCode, 200, declined.body);
      assert.deepEqual(
        (({ outcome, resolvedBy, reason, status }) => ({ outcome, resolvedBy, reason, status }))(
          declined.json<{ outcome: string; resolvedBy: string; reason: string; status: string }>(),
        ),
        {
          outcome: 'declined',
          resolvedBy: `api_key:${second.id}`,
          reason: 'sanctions nexus not cleared',
          status: 'approved',
        },
      );
      assert.equal(problemOf(await withdraw(denied.id, second.key)).code, 'PROPOSAL_NOT_FOUND', 'once only');
      assert.equal(await pendingOf(), null, 'nothing awaits a second reviewer now');

      // The proposer tries again, then withdraws: a new proposal, ended by its own author.
      const again = await decide(denied.id, first.key, 'approved', 'new evidence of residence');
      assert.equal(again.json<{ state: string }>().state, 'awaiting_second_approval');
      const withdrawn = await withdraw(denied.id, first.key, { reason: 'evidence was forged' });
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      assert.equal(withdrawn.json<{ outcome: string }>().outcome, 'withdrawn');
      assert.notEqual(withdrawn.json<{ id: string }>().id, declined.json<{ id: string }>().id);

      // With no proposal pending, the second reviewer's restriction (not high-risk) decides the case.
      const restricted = await decide(denied.id, second.key, 'restricted', 'limits until documents arrive');
      assert.equal(restricted.statusCode, 201, restricted.body);
      assert.equal(restricted.json<{ decision: { rule: string } }>().decision.rule, 'review.manual');

      const audit = (
        await t.services.store.audit.list(
          t.tenantId,
          { action: 'decision.proposal_declined' },
          { limit: 10, after: undefined },
        )
      ).items;
      assert.deepEqual(
        audit.map((a) => [a.targetId, a.details.status]),
        [[denied.id, 'approved']],
      );
      const events = (
        await t.app.inject({ method: 'GET', url: '/v1/events?limit=200', headers: bearer(t.adminKey) })
      ).json<{ items: Array<{ type: string; data: { outcome?: string; status?: string } }> }>().items;
      assert.ok(
        events.some((e) => e.type === 'decision.proposal_withdrawn' && e.data.outcome === 'declined'),
        JSON.stringify(events.map((e) => e.type)),
      );
    });
  });

  describe('tenancy and profiles', () => {
    it('does not show tenant A’s application or party to tenant B', async () => {
      const other = await addOtherProvider(t);
      const body = (await submit(anna())).json<ApplicationBody>();
      const app = await t.app.inject({
        method: 'GET',
        url: `/v1/applications/${body.id}`,
        headers: bearer(other.adminKey),
      });
      assert.equal(app.statusCode, 404);
      assert.equal(problemOf(app).code, 'APPLICATION_NOT_FOUND');
      const party = await t.app.inject({
        method: 'GET',
        url: `/v1/parties/${body.partyId}`,
        headers: bearer(other.adminKey),
      });
      assert.equal(problemOf(party).code, 'PARTY_NOT_FOUND');
    });

    it('lists the built-in profiles, switches the default, and records the profile in each decision', async () => {
      const other = await addOtherProvider(t);
      const list = (
        await t.app.inject({ method: 'GET', url: '/v1/profiles', headers: bearer(other.adminKey) })
      ).json<{
        items: Array<{ profile: { id: string }; isDefault: boolean }>;
      }>();
      assert.deepEqual(
        list.items.map((p) => [p.profile.id, p.isDefault]),
        [
          ['us-iaas-2024', true],
          ['us-bank-cip', false],
        ],
      );
      const unknown = await t.app.inject({
        method: 'PUT',
        url: '/v1/profiles/default',
        headers: bearer(other.adminKey),
        payload: { profileId: 'nope' },
      });
      assert.equal(problemOf(unknown).code, 'PROFILE_NOT_FOUND');
      const set = await t.app.inject({
        method: 'PUT',
        url: '/v1/profiles/default',
        headers: bearer(other.adminKey),
        payload: { profileId: 'us-bank-cip' },
      });
      assert.equal(set.statusCode, 200);
      const body = (await submit(anna(), other.adminKey)).json<ApplicationBody>();
      assert.equal(body.decision.profile.id, 'us-bank-cip');
    });
  });
});
