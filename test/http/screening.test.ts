import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../src/services/context.ts';
import { partySubject } from '../../src/domain/screening/party-subject.ts';
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

const LISTS = path.resolve('../shared/data/lists');
const sdnFiles = (folder: string) =>
  ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'].map((name) => ({
    name,
    content: readFileSync(path.join(LISTS, folder, name), 'utf8'),
  }));

interface ApplicationBody {
  id: string;
  accountId: string;
  decision: { status: string; rule: string; reasons: Array<{ code: string; message: string }> };
}

describe('sanctions screening: lists, ad hoc searches, applications, reviews, re-screening', () => {
  let t: TestApp;
  let operator: Actor;
  before(async () => {
    t = await createTestApp();
    operator = { tenantId: t.tenantId, type: 'cli', id: 'test', role: 'admin', requestId: null };
    const imported = await t.services.lists.importFiles(operator, 'ofac-sdn', sdnFiles('ofac-sdn-older'));
    assert.equal(imported.status, 'imported');
  });
  after(() => t.close());

  const post = (url: string, payload: Record<string, unknown>, key = t.adminKey) =>
    t.app.inject({ method: 'POST', url, headers: bearer(key), payload });
  const get = (url: string, key = t.adminKey) => t.app.inject({ method: 'GET', url, headers: bearer(key) });
  const submit = async (body: Record<string, unknown>) => {
    const response = await post('/v1/applications', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<ApplicationBody>();
  };
  const usama = (externalId: string) =>
    anna({
      name: { full: 'Usama bin Ladin', given: 'Usama', family: 'bin Ladin' },
      dateOfBirth: '1957-07-30',
      citizenship: ['SA'],
      documents: [],
      account: { externalId },
    });

  it('refuses a truncated list file with its file and line, and keeps the active version', async () => {
    const [sdn, ...rest] = sdnFiles('ofac-sdn');
    const truncated = {
      name: 'sdn.csv',
      content: sdn!.content.slice(0, 5000).replace(/"[^"\n]*$/, '"unclosed'),
    };
    await assert.rejects(
      t.services.lists.importFiles(operator, 'ofac-sdn', [truncated, ...rest]),
      (error: unknown) => {
        const e = error as { code: string; problems: Array<{ field: string }> };
        assert.equal(e.code, 'LIST_IMPORT_FAILED');
        assert.match(String(e.problems[0]?.field), /^sdn\.csv(:\d+)?$/);
        return true;
      },
    );
    const lists = (await get('/v1/lists')).json<{ items: Array<{ source: string; entryCount: number }> }>()
      .items;
    assert.deepEqual(
      lists.map((l) => [l.source, l.entryCount]),
      [['ofac-sdn', 7379]],
    );
    await assert.rejects(t.services.lists.importFiles(operator, 'ofac-xyz', rest), /Unknown list/);
  });

  it('refuses an empty name and an ingest key, and explains an ad hoc match', async () => {
    const empty = await post('/v1/screenings', { name: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.equal(problemOf(empty).field, 'body.name');
    const ingest = await createKey(t, 'ingest');
    assert.equal(problemOf(await post('/v1/screenings', { name: 'x' }, ingest.key)).code, 'FORBIDDEN');

    const analyst = await createKey(t, 'analyst');
    const response = await post(
      '/v1/screenings',
      { name: 'Usama bin Ladin', dateOfBirth: '1957-07-30', type: 'person' },
      analyst.key,
    );
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<{
      matches: Array<{
        entryId: string;
        score: number;
        explanation: { features: Array<{ feature: string }>; summary: string };
      }>;
      lists: Array<{ source: string }>;
    }>();
    assert.equal(body.matches[0]?.entryId, '6365');
    assert.ok(
      (body.matches[0]?.explanation.features ?? []).some((f) => f.feature === 'date_of_birth'),
      body.matches[0]?.explanation.summary,
    );
    assert.deepEqual(
      body.lists.map((l) => l.source),
      ['ofac-sdn'],
    );
  });

  it('holds an application whose customer matches a listed person, and remembers a false-positive verdict', async () => {
    const first = await submit(usama('acct-usama'));
    assert.match(first.decision.rule, /^screening\.(block|review)$/);
    assert.ok(first.decision.reasons.some((r) => r.message.includes('ofac-sdn entry 6365')));
    const hits = (await get('/v1/screening-hits?status=open')).json<{
      items: Array<{ id: string; entryId: string; partyId: string }>;
    }>().items;
    const hit = hits.find((h) => h.entryId === '6365');
    assert.ok(hit, JSON.stringify(hits));

    const other = await addOtherProvider(t);
    assert.equal(problemOf(await get(`/v1/screening-hits/${hit.id}`, other.adminKey)).code, 'HIT_NOT_FOUND');
    const analyst = await createKey(t, 'analyst');
    const forbidden = await post(
      `/v1/screening-hits/${hit.id}/review`,
      { outcome: 'false_positive', reason: 'x' },
      analyst.key,
    );
    assert.equal(problemOf(forbidden).code, 'FORBIDDEN');

    const reviewer = await createKey(t, 'reviewer');
    const reviewed = await post(
      `/v1/screening-hits/${hit.id}/review`,
      {
        outcome: 'false_positive',
        reason: 'Different person: born in Riyadh, 1990 passport photo compared.',
      },
      reviewer.key,
    );
    assert.equal(reviewed.statusCode, 200, reviewed.body);
    const again = await post(
      `/v1/screening-hits/${hit.id}/review`,
      { outcome: 'true_match', reason: 'x' },
      reviewer.key,
    );
    assert.equal(problemOf(again).code, 'HIT_ALREADY_REVIEWED');
    const application = (await get(`/v1/applications/${first.id}`)).json<ApplicationBody>();
    assert.doesNotMatch(application.decision.rule, /^screening\./, 'decided again without the cleared hit');

    const resubmitted = await submit(usama('acct-usama'));
    assert.doesNotMatch(resubmitted.decision.rule, /^screening\./, 'a cleared hit is not raised again');
    // The same name retyped (surname first, in capitals) is the same subject to the matcher: the
    // verdict holds. A new date of birth is new data: the entry is raised again.
    const retyped = await submit({
      ...usama('acct-usama'),
      name: { full: 'BIN LADIN,  Usama', given: 'Usama', family: 'bin Ladin' },
    });
    assert.doesNotMatch(retyped.decision.rule, /^screening\./, 'a retyped name is not new data');

    // A verdict stored by a version before 2026-12-02 carries the digest of the data as typed: it holds.
    const { partyId } = hit;
    const [party] = (await t.services.store.screening.partiesForScreeningUnscoped(undefined, 10_000)).filter(
      (p) => p.partyId === partyId,
    );
    assert.ok(party?.data);
    const legacy = partySubject('individual', party.data).legacyHash;
    const keyedLegacy = await t.services.store.screening.subjectHashOf(t.tenantId, partyId, legacy);
    await rawSql(
      t.services.store,
      `UPDATE screening_hits SET party_hash = '${keyedLegacy}' WHERE id = '${hit.id}'`,
    );
    const afterUpgrade = await submit({
      ...usama('acct-usama'),
      name: { full: 'BIN LADIN,  Usama', given: 'Usama', family: 'bin Ladin' },
    });
    assert.doesNotMatch(
      afterUpgrade.decision.rule,
      /^screening\./,
      'a verdict under the former digest holds',
    );

    const reborn = await submit({ ...usama('acct-usama'), dateOfBirth: '1957-07-31' });
    assert.match(reborn.decision.rule, /^screening\./, 'new data is screened afresh');
  });

  it('screens the reseller an application came through, by its name', async () => {
    const reseller = await post('/v1/tenants', { name: 'Banco Nacional de Cuba' });
    assert.equal(reseller.statusCode, 201, reseller.body);
    const application = await submit(
      anna({ resellerId: reseller.json<{ id: string }>().id, account: { externalId: 'acct-via-reseller' } }),
    );
    assert.match(application.decision.rule, /^screening\./);
    assert.ok(
      application.decision.reasons.some((r) =>
        r.message.startsWith('The reseller may be ofac-sdn entry 306'),
      ),
      JSON.stringify(application.decision.reasons),
    );
  });

  it('screens an entity’s signatories, keeps the hit on the signatory, and weighs it in every decision', async () => {
    const entity = await submit({
      type: 'entity',
      legalName: 'Example Desert Logistics Ltd',
      incorporation: { country: 'GB' },
      address: { line1: '1 Example Street', city: 'London', country: 'GB' },
      emails: ['ops@example.co.uk'],
      beneficialOwners: [
        { name: { full: 'Jane Example Owner' }, dateOfBirth: '1980-05-06', ownershipPercent: 60 },
      ],
      signatories: [
        { name: { full: 'Hanna Example Clerk' }, dateOfBirth: '1991-02-03' },
        { name: { full: 'Usama bin Ladin' }, dateOfBirth: '1957-07-30', citizenship: ['SA'] },
      ],
      account: { externalId: 'acct-signatory' },
    });
    assert.match(entity.decision.rule, /^screening\.(block|review)$/);
    assert.ok(
      entity.decision.reasons.some((r) => r.message.startsWith('A signatory may be ofac-sdn entry 6365')),
      JSON.stringify(entity.decision.reasons),
    );
    const application = (await get(`/v1/applications/${entity.id}`)).json<{ partyId: string }>();
    const links = await t.services.store.parties.listLinks(t.tenantId, application.partyId);
    assert.deepEqual(links.map((l) => l.role).sort(), ['beneficial_owner', 'signatory', 'signatory']);
    const withHits = [];
    for (const link of links) {
      const hits = await t.services.store.screening.listHitsOfParty(t.tenantId, link.personPartyId);
      if (hits.length > 0) withHits.push({ link, hits });
    }
    assert.equal(withHits.length, 1, 'one party has hits: the signatory who matches');
    const [{ link: signatory, hits }] = withHits as [(typeof withHits)[number]];
    assert.equal(signatory.role, 'signatory');
    assert.deepEqual(
      hits.map((h) => h.entryId),
      ['6365'],
    );
    const [version] = await t.services.store.parties.listVersions(t.tenantId, signatory.personPartyId);
    assert.equal((version?.data.name as { full: string }).full, 'Usama bin Ladin');
    const hit = hits[0]!;

    // A reviewer's verdict on the signatory's hit decides the entity's account again.
    const reviewer = await createKey(t, 'reviewer');
    const reviewed = await post(
      `/v1/screening-hits/${hit.id}/review`,
      { outcome: 'true_match', reason: 'Same person: date of birth and photograph.' },
      reviewer.key,
    );
    assert.equal(reviewed.statusCode, 200, reviewed.body);
    const decided = (await get(`/v1/applications/${entity.id}`)).json<ApplicationBody>();
    assert.equal(decided.decision.status, 'denied');
    assert.equal(decided.decision.rule, 'screening.true_match');
    assert.ok(decided.decision.reasons.some((r) => r.message.startsWith('A signatory may be')));
  });

  it('remembers a false-positive verdict on an owner when the entity applies again, the owner found on record', async () => {
    const entity = (owners: Array<Record<string, unknown>>) => ({
      type: 'entity',
      legalName: 'Example Sahel Trading SARL',
      incorporation: { country: 'FR' },
      address: { line1: '2 Rue Exemple', city: 'Lyon', country: 'FR' },
      emails: ['ops@example.fr'],
      beneficialOwners: owners,
      account: { externalId: 'acct-owner-memory' },
    });
    const usamaOwner = { name: { full: 'Usama bin Ladin' }, dateOfBirth: '1957-07-30', ownershipPercent: 30 };
    const other = { name: { full: 'Marie Exemple' }, dateOfBirth: '1970-01-02', ownershipPercent: 70 };
    const first = await submit(entity([usamaOwner, other]));
    assert.match(first.decision.rule, /^screening\./);
    const partyId = (await get(`/v1/applications/${first.id}`)).json<{ partyId: string }>().partyId;
    const ownersOf = async () =>
      (await t.services.store.parties.listLinks(t.tenantId, partyId)).filter(
        (l) => l.role === 'beneficial_owner',
      );
    assert.equal((await ownersOf()).length, 2);
    const ownerHits = async () => {
      const all = [];
      for (const link of await ownersOf())
        all.push(...(await t.services.store.screening.listHitsOfParty(t.tenantId, link.personPartyId)));
      return all;
    };
    const [hit] = await ownerHits();
    assert.ok(hit);
    const reviewer = await createKey(t, 'reviewer');
    const cleared = await post(
      `/v1/screening-hits/${hit.id}/review`,
      { outcome: 'false_positive', reason: 'Different person: other date of birth on the register' },
      reviewer.key,
    );
    assert.equal(cleared.statusCode, 200, cleared.body);

    // Again, the same people (one with a new share): the same parties, no hit raised again.
    const again = await submit(entity([{ ...usamaOwner, ownershipPercent: 35 }, other]));
    assert.doesNotMatch(again.decision.rule, /^screening\./, JSON.stringify(again.decision));
    const owners = await ownersOf();
    assert.equal(owners.length, 2, 'no new parties for people on record');
    assert.deepEqual(
      owners.map((o) => Number(o.ownershipPercent)).sort((a, b) => a - b),
      [35, 70],
    );
    assert.equal((await ownerHits()).length, 1, 'the cleared hit, not a new one');

    // A change to what is screened (a citizenship) is a new version of the same party, and screened anew.
    const changed = await submit(entity([{ ...usamaOwner, citizenship: ['SA'] }, other]));
    assert.match(changed.decision.rule, /^screening\./);
    assert.equal((await ownersOf()).length, 2);
    const owner = (await ownersOf()).find((o) => o.personPartyId === hit.partyId);
    assert.ok(owner, 'the owner keeps their party');
    const party = await t.services.store.parties.get(t.tenantId, hit.partyId);
    assert.equal(party?.currentVersion, 2, 'unchanged data made no version; the citizenship did');
    assert.equal((await ownerHits()).length, 2);

    // The entity no longer lists the owner: a former owner, whose open hit no longer counts against it.
    const without = await submit(entity([other]));
    assert.doesNotMatch(without.decision.rule, /^screening\./, JSON.stringify(without.decision));
    const former = (await ownersOf()).find((o) => o.personPartyId === hit.partyId);
    assert.ok(former?.endedAt instanceof Date, 'the link is kept, ended');
    const read = (await get(`/v1/parties/${partyId}`)).json<{
      links: Array<{ personPartyId: string; endedAt: string | null }>;
    }>();
    assert.deepEqual(read.links.map((l) => [l.personPartyId === hit.partyId, l.endedAt === null]).sort(), [
      [false, true],
      [true, false],
    ]);
    // Listed again: the same party, the link current again, and the hit counts again.
    const back = await submit(entity([{ ...usamaOwner, citizenship: ['SA'] }, other]));
    assert.match(back.decision.rule, /^screening\./);
    assert.equal((await ownersOf()).find((o) => o.personPartyId === hit.partyId)?.endedAt, null);
    assert.equal((await ownersOf()).length, 2);
  });

  it('ends the links of duplicate parties an older version made for the same owner', async () => {
    const body = {
      type: 'entity',
      legalName: 'Example Duplicate Holdings AB',
      incorporation: { country: 'SE' },
      address: { line1: 'Exempelvägen 3', city: 'Malmö', country: 'SE' },
      emails: ['ops@example.se'],
      beneficialOwners: [
        { name: { full: 'Karin Exempel' }, dateOfBirth: '1966-06-06', ownershipPercent: 100 },
      ],
      account: { externalId: 'acct-owner-duplicates' },
    };
    const first = await submit(body);
    const partyId = (await get(`/v1/applications/${first.id}`)).json<{ partyId: string }>().partyId;
    const { store } = t.services;
    const [original] = await store.parties.listLinks(t.tenantId, partyId);
    assert.ok(original);
    // What an application before 2026-12-02 left: a second party for the same owner, linked too.
    const [version] = await store.parties.listVersions(t.tenantId, original.personPartyId);
    const duplicate = randomUUID();
    const at = new Date();
    await store.parties.insert(
      { id: duplicate, tenantId: t.tenantId, type: 'individual', currentVersion: 1, createdAt: at },
      {
        partyId: duplicate,
        tenantId: t.tenantId,
        version: 1,
        data: version!.data,
        createdAt: at,
        createdBy: 'test',
      },
    );
    await store.parties.link({ ...original, personPartyId: duplicate });

    await submit(body);
    const links = await store.parties.listLinks(t.tenantId, partyId);
    assert.deepEqual(
      links.map((l) => [l.personPartyId === duplicate, l.endedAt === null]).sort(),
      [
        [false, true],
        [true, false],
      ],
      'one current owner, the duplicate a former one',
    );
  });

  it('denies an account whose hit a reviewer confirms', async () => {
    const held = await submit(usama('acct-usama-2'));
    const hit = (await get('/v1/screening-hits?status=open'))
      .json<{ items: Array<{ id: string; partyId: string }> }>()
      .items.at(-1);
    const reviewer = await createKey(t, 'reviewer');
    await post(
      `/v1/screening-hits/${hit!.id}/review`,
      { outcome: 'true_match', reason: 'Confirmed.' },
      reviewer.key,
    );
    const application = (await get(`/v1/applications/${held.id}`)).json<ApplicationBody>();
    assert.equal(application.decision.status, 'denied');
    assert.equal(application.decision.rule, 'screening.true_match');
  });

  it('re-screens stored parties against the entries a new list version adds', async () => {
    const djibo = await submit(
      anna({
        name: { full: 'Ousmane Illiassou Djibo' },
        dateOfBirth: '1984-01-01',
        citizenship: ['NE'],
        documents: [],
        account: { externalId: 'acct-djibo' },
      }),
    );
    assert.doesNotMatch(djibo.decision.rule, /^screening\./, 'not on the older list');
    const imported = await t.services.lists.importFiles(operator, 'ofac-sdn', sdnFiles('ofac-sdn'));
    assert.equal(imported.status, 'imported');
    if (imported.status !== 'imported') return;
    assert.equal(imported.version.delta.added.length, 1858);
    assert.equal(imported.version.delta.removed.length, 261);
    assert.ok(imported.version.delta.added.includes('32391'));
    const result = await t.services.rescreening.rescreenDelta(imported.version);
    assert.ok(result.hitsRaised >= 1, JSON.stringify(result));
    assert.equal(result.entriesScreened, 1858 + imported.version.delta.changed.length);
    const application = (await get(`/v1/applications/${djibo.id}`)).json<ApplicationBody>();
    assert.match(application.decision.rule, /^screening\./);
    const delta = (await get(`/v1/list-versions/${imported.version.id}/delta`)).json<{ added: string[] }>();
    assert.ok(delta.added.includes('32391'));
    const events = (await get('/v1/events?limit=200')).json<{
      items: Array<{ type: string; data: { entryId?: string } }>;
    }>();
    assert.ok(events.items.some((e) => e.type === 'screening.hit' && e.data.entryId === '32391'));
    const same = await t.services.lists.importFiles(operator, 'ofac-sdn', sdnFiles('ofac-sdn').reverse());
    assert.equal(same.status, 'unchanged');
  });
});
