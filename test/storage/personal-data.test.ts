/**
 * Personal data at rest (issue #5, points 5 and 7), on PGlite and PostgreSQL: what a stolen database
 * shows (no plaintext anywhere), what an insider moving ciphertext gets (nothing that opens), blind-index
 * search, KEK rotation, and crypto-shredding at the end of retention with a fake clock: the expired
 * party is unreadable, the ledger still verifies, the certificate lists what went, and a held party stays.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { buildApp } from '../../src/http/app.ts';
import { LocalKeyring } from '../../src/domain/records/keyring.ts';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import type { Actor } from '../../src/services/context.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { openStore } from '../../src/storage/open.ts';
import { createProviderTenant } from '../../src/services/operator.ts';
import type { Store } from '../../src/storage/port.ts';
import { FixedGeoLookup } from '../../src/providers/geoip/fixed-geo-lookup.ts';
import { partySubject } from '../../src/domain/screening/party-subject.ts';
import { bearer, TEST_GEO } from '../support/app.ts';
import { anna } from '../support/applicants.ts';
import { engines, type TestDatabase } from '../support/databases.ts';
import { rawSql } from '../support/raw-sql.ts';
import { isSealedColumn, isShreddedColumn } from '../../src/domain/records/envelope.ts';

const EMAIL = 'zebulon.quux@example.se';
const PHONE = '+46701239876';
/** Values of the application that must never appear in the clear in any table. */
const SECRETS = [
  'Eriksson',
  'zebulon.quux',
  '701239876',
  'AA1234567',
  'Storgatan',
  '1974-08-12',
  'company funds',
];

const key32 = (byte: number) => Buffer.alloc(32, byte);

for (const engine of engines()) {
  describe(`personal data at rest on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: Store;
    let services: Services;
    let app: FastifyInstance;
    let adminKey: string;
    let operator: Actor;
    let clock = new Date('2026-11-30T12:00:00Z');
    let partyId: string;
    let accountId: string;
    let applicationId: string;
    const ring = new LocalKeyring([{ id: 'kek-a', key: key32(1) }], 'kek-a', key32(9));

    const post = (url: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url,
        headers: bearer(adminKey),
        payload: payload as Record<string, unknown>,
      });
    const get = (url: string) => app.inject({ method: 'GET', url, headers: bearer(adminKey) });
    const submit = async (body: Record<string, unknown>) => {
      const response = await post('/v1/applications', body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json<{ id: string; partyId: string; accountId: string }>();
    };
    const kysely = () => (store as unknown as { kysely: Kysely<unknown> }).kysely;

    before(async () => {
      db = await engine.create();
      store = await openStore(db.config);
      await store.migrate();
      store.usePersonalDataKeys(ring);
      services = createServices(store, { geo: new FixedGeoLookup(TEST_GEO), now: () => clock });
      const boot = await bootstrapProvider(services.deps, 'Acme Cloud');
      adminKey = boot.adminKey ?? '';
      operator = { tenantId: boot.tenant.id, type: 'cli', id: 'test', role: 'admin', requestId: null };
      app = await buildApp({ services, rateLimitPerMinute: 100_000 });
      // The list side is public data; only the customer's side ("Eriksson") must be sealed.
      const deny = 'name,type,dob,country\nAnna Maria Eriksen,person,1974,SE\n';
      const imported = await services.lists.importFiles(operator, 'deny-list', [
        { name: 'deny.csv', content: deny },
      ]);
      assert.equal(imported.status, 'imported');
      const created = await submit(anna({ emails: [EMAIL], phones: [PHONE] }));
      partyId = created.partyId;
      accountId = created.accountId;
      applicationId = created.id;
    });
    after(async () => {
      await app.close();
      await store.close();
      await db.drop();
    });

    it('stores no personal value in the clear in any table, and reads it back decrypted', async () => {
      const hits = await services.store.screening.listHitsOfParty(operator.tenantId, partyId);
      assert.ok(hits.length > 0, 'the deny list raised a hit, whose explanation quotes the customer');
      const { rows: tables } = await sql<{ name: string }>`
        SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`.execute(kysely());
      for (const { name } of tables) {
        const { rows } = await sql<{
          j: string;
        }>`SELECT row_to_json(t)::text AS j FROM ${sql.table(name)} t`.execute(kysely());
        for (const row of rows) {
          for (const secret of SECRETS)
            assert.ok(!row.j.includes(secret), `${secret} is in the clear in ${name}`);
        }
      }
      const party = await get(`/v1/parties/${partyId}`);
      assert.equal(party.statusCode, 200, party.body);
      assert.match(party.body, /Eriksson/);
      assert.match(party.body, /zebulon\.quux@example\.se/);
      const hit = hits[0];
      assert.match(JSON.stringify(hit?.explanation), /eriksson/i, 'the explanation opens for the service');
    });

    it('seals what reviewers and the customer write about the customer; reads are audited, masked for analysts', async () => {
      const [hit] = await services.store.screening.listHitsOfParty(operator.tenantId, partyId);
      assert.ok(hit);
      // The account is pending review (the deny list's hit): the customer may contest it.
      const statement = 'I am Anna Eriksson of Vasastan, not the listed person; my passport is AA1234567.';
      const contested = await post(`/v1/applications/${applicationId}/redress`, {
        statement,
        evidence: [
          {
            type: 'letter',
            description: 'Letter from the Lillholmen parish office',
            reference: 's3://kyc/lillholmen.pdf',
          },
        ],
      });
      assert.equal(contested.statusCode, 201, contested.body);
      const redressId = contested.json<{ id: string }>().id;
      const reason = 'Eriksson lives in Vasastan; the listed Eriksen was born elsewhere.';
      const reviewed = await post(`/v1/screening-hits/${hit.id}/review`, { outcome: 'true_match', reason });
      assert.equal(reviewed.statusCode, 200, reviewed.body);
      assert.equal(reviewed.json<{ reviewReason: string }>().reviewReason, reason);

      // A reviewer's words in a decision and in a four-eyes proposal are sealed the same way.
      const proposed = await post(`/v1/applications/${applicationId}/decision`, {
        status: 'approved',
        reason: 'Met her in Södermalm: a different person',
      });
      assert.equal(proposed.statusCode, 202, proposed.body);
      const withdrawn = await post(`/v1/applications/${applicationId}/proposal/withdraw`, {
        reason: 'Södermalm notes were for another case',
      });
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      const restricted = await post(`/v1/applications/${applicationId}/decision`, {
        status: 'restricted',
        reason: 'Restricted until the Södermalm visit is on file',
      });
      assert.ok([200, 201, 202].includes(restricted.statusCode), restricted.body);

      // A special measure naming her (published surname-first, in capitals): the sweep's action keeps
      // the value that matched, her name as stored, sealed like the rest.
      const measure = await post('/v1/special-measures', {
        kind: 'condition',
        conditions: [{ type: 'enhanced_monitoring' }],
        target: { type: 'person', names: ['ERIKSSON, Anna Maria'] },
        determinationDate: '2027-06-01',
        citation: '89 FR 0008 (test)',
      });
      assert.equal(measure.statusCode, 201, measure.body);
      const measureId = measure.json<{ id: string }>().id;
      const [matched] = await store.measures.listActions(operator.tenantId, measureId);
      assert.deepEqual(
        (matched?.matchedOn as Array<{ value: string }>).map((m) => m.value),
        ['Anna Maria Eriksson'],
      );

      const words = ['Vasastan', 'Lillholmen', 'listed Eriksen was born', 'Södermalm'];
      const { rows: tables } = await sql<{ name: string }>`
        SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`.execute(kysely());
      for (const { name } of tables) {
        const { rows } = await sql<{ j: string }>`
          SELECT row_to_json(t)::text AS j FROM ${sql.table(name)} t`.execute(kysely());
        for (const row of rows)
          for (const word of [...SECRETS, ...words])
            assert.ok(!row.j.includes(word), `${word} is in the clear in ${name}`);
      }
      const [sealed] = await rawSql<{ statement: unknown; evidence: unknown }>(
        store,
        `SELECT statement, evidence FROM redress_requests WHERE id = '${redressId}'`,
      );
      assert.ok(isSealedColumn(sealed?.statement) && isSealedColumn(sealed.evidence));

      // Read back decrypted, each read audited with its purpose.
      const purpose = { ...bearer(adminKey), 'x-gatehouse-purpose': 'case 4411' };
      const decided = await app.inject({
        method: 'GET',
        url: `/v1/applications/${applicationId}`,
        headers: purpose,
      });
      assert.equal(decided.statusCode, 200, decided.body);
      assert.match(decided.body, /Restricted until the Södermalm visit is on file/);
      const read = await app.inject({ method: 'GET', url: `/v1/redress/${redressId}`, headers: purpose });
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.json<{ statement: string }>().statement, statement);
      assert.match(read.body, /Lillholmen parish/);
      const readHit = await app.inject({
        method: 'GET',
        url: `/v1/screening-hits/${hit.id}`,
        headers: purpose,
      });
      assert.equal(readHit.json<{ reviewReason: string }>().reviewReason, reason);
      const listed = await get('/v1/screening-hits?status=true_match');
      assert.ok(listed.json<{ items: Array<{ id: string }> }>().items.some((h) => h.id === hit.id));
      assert.equal((await get('/v1/redress')).statusCode, 200);
      const action = async (name: string) =>
        (await store.audit.list(operator.tenantId, { action: name }, { limit: 100, after: undefined })).items;
      assert.deepEqual(
        (await action('redress.read')).map((a) => [a.targetId, a.details.purpose, a.details.masked]),
        [[redressId, 'case 4411', false]],
      );
      assert.deepEqual(
        (await action('screening_hit.read')).map((a) => [a.targetId, a.details.purpose, a.details.partyId]),
        [[hit.id, 'case 4411', partyId]],
      );
      assert.ok(((await action('screening_hits.listed'))[0]?.details.hits as string[]).includes(hit.id));
      assert.deepEqual((await action('redress.listed'))[0]?.details.requests, [redressId]);

      // An analyst (no personal-data rights) sees the verdict and the evidence's kind, not the words.
      const analyst = await services.apiKeys.createKey(operator, { role: 'analyst', name: 'analyst' });
      const asAnalyst = (url: string) => app.inject({ method: 'GET', url, headers: bearer(analyst.token) });
      const maskedRedress = await asAnalyst(`/v1/redress/${redressId}`);
      assert.equal(maskedRedress.statusCode, 200, maskedRedress.body);
      assert.doesNotMatch(maskedRedress.body, /Vasastan|Lillholmen|AA1234567/);
      assert.equal(maskedRedress.json<{ evidence: Array<{ type: string }> }>().evidence[0]?.type, 'letter');
      const maskedHit = await asAnalyst(`/v1/screening-hits/${hit.id}`);
      assert.equal(maskedHit.json<{ status: string }>().status, 'true_match');
      assert.doesNotMatch(maskedHit.body, /Vasastan|Eriksson/);
      const maskedList = await asAnalyst('/v1/redress');
      assert.doesNotMatch(maskedList.body, /Vasastan/);
      const analystReads = (await action('redress.read')).filter((a) => a.actorId === analyst.record.id);
      assert.deepEqual(
        analystReads.map((a) => a.details.masked),
        [true],
      );

      // Another tenant's admin finds neither (its id first, then ours).
      const other = await createProviderTenant(services.deps, 'test', 'Third Cloud');
      const otherAdmin = { ...operator, tenantId: other.id };
      await assert.rejects(services.redress.get(otherAdmin, redressId), /REDRESS_NOT_FOUND|No such redress/);
      assert.deepEqual(await services.redress.list(otherAdmin, undefined), []);
      await assert.rejects(services.screening.getHit(otherAdmin, hit.id), /No such screening hit/);
    });

    it('finds the party by email, phone, document number and a misspelt name, never another tenant’s', async () => {
      const search = async (q: string, tenantId = operator.tenantId) =>
        (await services.consoleQueries.searchParties({ ...operator, tenantId }, q)).items.map(
          (i) => i.partyId,
        );
      assert.deepEqual(await search(EMAIL.toUpperCase()), [partyId]);
      assert.deepEqual(await search('+46 70 123 98 76'), [partyId]);
      assert.deepEqual(await search('aa1234567'), [partyId]);
      assert.deepEqual(await search('Ana Erikson'), [partyId]);
      assert.deepEqual(await search('Maria Johansson'), []);
      const other = await createProviderTenant(services.deps, 'test', 'Other Cloud');
      assert.deepEqual(await search(EMAIL, other.id), []);
    });

    it('keeps the digest of the screened data keyed per party: no plain SHA-256 to confirm a guess against', async () => {
      const hits = await rawSql<{ id: string; party_id: string; party_hash: string }>(
        store,
        `SELECT id, party_id, party_hash FROM screening_hits ORDER BY created_at`,
      );
      const own = hits.find((h) => h.party_id === partyId);
      assert.ok(own, 'the deny list raised a hit for the customer');
      const screened = (await store.screening.partiesForScreeningUnscoped(undefined, 1000)).find(
        (p) => p.partyId === partyId,
      );
      assert.ok(screened);
      assert.ok(screened.data);
      const plain = partySubject('individual', screened.data).hash;
      assert.match(own.party_hash, /^hmac-sha256:[0-9a-f]{64}$/);
      assert.ok(
        hits.every((h) => h.party_hash !== plain),
        'the plain digest of name, date of birth and documents is stored nowhere',
      );
      assert.equal(await store.screening.subjectHashOf(operator.tenantId, partyId, plain), own.party_hash);
      // Two customers with the same screened data (another Anna, other contacts) do not look alike.
      const twin = await submit(anna({ emails: ['twin@example.se'], phones: ['+46701233333'] }));
      const [twinHit] = await rawSql<{ party_hash: string }>(
        store,
        `SELECT party_hash FROM screening_hits WHERE party_id = '${twin.partyId}'`,
      );
      assert.match(String(twinHit?.party_hash), /^hmac-sha256:/);
      assert.notEqual(twinHit?.party_hash, own.party_hash);

      // A verdict stored by a version before the digest was keyed carries it plain. Re-screening meets
      // it (and keys it) instead of raising the hit again.
      await rawSql(
        store,
        `UPDATE screening_hits SET party_hash = '${plain}', status = 'false_positive', reviewed_by = 'key:r',
           review_reason = to_jsonb('Different person'::text), reviewed_at = now() WHERE id = '${own.id}'`,
      );
      const [version] = (await services.lists.activeVersions(operator)).filter(
        (v) => v.source === 'deny-list',
      );
      assert.ok(version);
      const rescreened = await services.rescreening.rescreenDelta(version);
      assert.ok(rescreened.partiesScreened >= 2);
      assert.equal(rescreened.hitsRaised, 0, 'no hit raised twice');
      const [after] = await rawSql<{ party_hash: string; status: string }>(
        store,
        `SELECT party_hash, status FROM screening_hits WHERE id = '${own.id}'`,
      );
      assert.deepEqual(after, { party_hash: own.party_hash, status: 'false_positive' });

      // One stored before 2026-12-02 carries the digest of the data as typed, plain or keyed:
      // re-screening meets it too, and moves it to the digest of the data as the matcher sees it.
      const subject = partySubject('individual', screened.data);
      assert.notEqual(subject.legacyHash, subject.hash);
      const formerDigests: string[] = [
        subject.legacyHash,
        await store.screening.subjectHashOf(operator.tenantId, partyId, subject.legacyHash),
      ];
      for (const former of formerDigests) {
        await rawSql(store, `UPDATE screening_hits SET party_hash = '${former}' WHERE id = '${own.id}'`);
        const again = await services.rescreening.rescreenDelta(version);
        assert.equal(again.hitsRaised, 0, 'no hit raised twice');
        const moved: Array<{ party_hash: string; status: string }> = await rawSql(
          store,
          `SELECT party_hash, status FROM screening_hits WHERE id = '${own.id}'`,
        );
        assert.deepEqual(moved, [{ party_hash: own.party_hash, status: 'false_positive' }]);
      }
    });

    it('refuses ciphertext moved to another party (an insider copying rows)', async () => {
      const other = await submit(anna({ emails: ['someone.else@example.se'], phones: ['+46701230000'] }));
      await rawSql(
        store,
        `UPDATE party_versions SET data = (SELECT data FROM party_versions WHERE party_id = '${partyId}' AND version = 1)
         WHERE party_id = '${other.partyId}' AND version = 1`,
      );
      const moved = await get(`/v1/parties/${other.partyId}`);
      assert.equal(moved.statusCode, 503, moved.body);
      assert.equal(moved.json<{ code: string }>().code, 'KEY_UNAVAILABLE');

      // A re-screening does not stop at it: the others are screened, it is named and audited.
      const imported = await services.lists.importFiles(operator, 'deny-list', [
        {
          name: 'deny.csv',
          content: 'name,type,dob,country\nAnna Maria Eriksen,person,1974,SE\nIvan Sidorov,person,1960,RU\n',
        },
      ]);
      assert.equal(imported.status, 'imported');
      const parties = await rawSql<{ n: number }>(store, `SELECT count(*)::int AS n FROM parties`);
      const run = await services.rescreening.rescreenDelta(imported.version);
      assert.deepEqual(
        [run.partiesScreened, run.partiesUnreadable, run.unreadablePartyIds],
        [(parties[0]?.n ?? 0) - 1, 1, [other.partyId]],
      );
      const audits = await rawSql<{ tenant_id: string; actor_id: string; details: { code: string } }>(
        store,
        `SELECT tenant_id, actor_id, details FROM audit_events
         WHERE action = 'party.rescreen_skipped' AND target_id = '${other.partyId}'`,
      );
      assert.deepEqual(
        audits.map((a) => [a.tenant_id, a.actor_id, a.details.code]),
        [[operator.tenantId, 'rescreening', 'KEY_UNAVAILABLE']],
      );
    });

    it('seals a party version stored in the clear by an older version, with a ledger entry for it', async () => {
      const legacy = await submit(anna({ emails: ['legacy.person@example.se'], phones: ['+46701232222'] }));
      const [before] = await rawSql<{ data: unknown }>(
        store,
        `SELECT data FROM party_versions WHERE party_id = '${legacy.partyId}' AND version = 1`,
      );
      const clear = (await store.parties.listVersions(operator.tenantId, legacy.partyId))[0]?.data;
      // What an older Gatehouse wrote: plain JSON, no key row, no search terms.
      await rawSql(store, `DELETE FROM party_search_terms WHERE party_id = '${legacy.partyId}'`);
      await rawSql(
        store,
        `UPDATE party_versions SET data = '${JSON.stringify(clear)}'::jsonb WHERE party_id = '${legacy.partyId}'`,
      );
      assert.ok(before !== undefined);
      const read = await get(`/v1/parties/${legacy.partyId}`);
      assert.match(read.body, /legacy\.person@example\.se/, 'plain rows stay readable before sealing');
      // And before migration 0016: a hit's explanation and reason, a redress request's words, all plain.
      const [legacyHit] = await store.screening.listHitsOfParty(operator.tenantId, legacy.partyId);
      assert.ok(legacyHit);
      const contested = await post(`/v1/applications/${legacy.id}/redress`, {
        statement: 'Legacy statement from Tallkrogen',
        evidence: [{ type: 'other', description: 'Tallkrogen lease' }],
      });
      assert.equal(contested.statusCode, 201, contested.body);
      const legacyRedress = contested.json<{ id: string }>().id;
      const explanation = JSON.stringify(legacyHit.explanation).replaceAll("'", "''");
      await rawSql(
        store,
        `UPDATE screening_hits SET explanation = '${explanation}'::jsonb,
           review_reason = to_jsonb('Tallkrogen reviewer note'::text) WHERE id = '${legacyHit.id}'`,
      );
      await rawSql(
        store,
        `UPDATE redress_requests SET statement = to_jsonb('Legacy statement from Tallkrogen'::text),
           evidence = '[{"type":"other","description":"Tallkrogen lease"}]'::jsonb WHERE id = '${legacyRedress}'`,
      );
      // Before migration 0020, a decision's reasons were plain too.
      const [legacyDecision] = await store.accounts.listDecisions(operator.tenantId, legacy.id);
      assert.ok(legacyDecision);
      const plainReasons = JSON.stringify([{ code: 'review.manual', message: 'Tallkrogen decision note' }]);
      await rawSql(
        store,
        `UPDATE decisions SET reasons = '${plainReasons}'::jsonb WHERE id = '${legacyDecision.id}'`,
      );
      // And an application's special-measure hits, and a sweep's action (the test above made one).
      const plainHits = JSON.stringify([
        {
          measureId: 'm-legacy',
          kind: 'prohibit',
          action: 'deny',
          conditions: [],
          matchedOn: [{ attribute: 'name', value: 'Tallkrogen Person' }],
          status: 'in_force',
          citation: 'test',
        },
      ]);
      await rawSql(
        store,
        `UPDATE applications SET measure_hits = '${plainHits}'::jsonb WHERE id = '${legacy.id}'`,
      );
      const [action] = await rawSql<{ id: string }>(
        store,
        `SELECT id FROM measure_actions WHERE account_id = '${accountId}'`,
      );
      assert.ok(action);
      await rawSql(
        store,
        `UPDATE measure_actions SET matched_on = '[{"attribute":"name","value":"Tallkrogen Anna"}]'::jsonb
         WHERE id = '${action.id}'`,
      );
      const plainHit = await get(`/v1/screening-hits/${legacyHit.id}`);
      assert.equal(plainHit.json<{ reviewReason: string }>().reviewReason, 'Tallkrogen reviewer note');

      const sealed = await services.encryption.sealExisting();
      // Two hits: this one, and the customer's, given a plain reason by the test of the keyed digest.
      assert.deepEqual(sealed, {
        versions: 1,
        screeningHits: 2,
        redressRequests: 1,
        decisions: 1,
        decisionProposals: 0,
        applications: 1,
        measureActions: 1,
      });
      const rows = await rawSql<{ j: string }>(
        store,
        `SELECT row_to_json(h)::text AS j FROM screening_hits h WHERE id = '${legacyHit.id}'
         UNION ALL SELECT row_to_json(r)::text FROM redress_requests r WHERE id = '${legacyRedress}'
         UNION ALL SELECT row_to_json(d)::text FROM decisions d WHERE id = '${legacyDecision.id}'
         UNION ALL SELECT row_to_json(a)::text FROM applications a WHERE id = '${legacy.id}'
         UNION ALL SELECT row_to_json(m)::text FROM measure_actions m WHERE id = '${action.id}'`,
      );
      assert.equal(rows.length, 5);
      const reopened = await store.accounts.getApplication(operator.tenantId, legacy.id);
      assert.deepEqual(reopened?.measureHits, JSON.parse(plainHits));
      assert.deepEqual(
        (await store.accounts.listDecisions(operator.tenantId, legacy.id)).find(
          (d) => d.id === legacyDecision.id,
        )?.reasons,
        [{ code: 'review.manual', message: 'Tallkrogen decision note' }],
      );
      for (const row of rows) assert.doesNotMatch(row.j, /Tallkrogen|Eriksson/);
      const reread = await get(`/v1/screening-hits/${legacyHit.id}`);
      assert.equal(reread.json<{ reviewReason: string }>().reviewReason, 'Tallkrogen reviewer note');
      assert.deepEqual(reread.json<{ explanation: unknown }>().explanation, legacyHit.explanation);
      const redress = (await get(`/v1/redress/${legacyRedress}`)).json<{
        statement: string;
        evidence: unknown;
      }>();
      assert.deepEqual(
        [redress.statement, redress.evidence],
        ['Legacy statement from Tallkrogen', [{ type: 'other', description: 'Tallkrogen lease' }]],
      );
      const [after] = await rawSql<{ j: string }>(
        store,
        `SELECT data::text AS j FROM party_versions WHERE party_id = '${legacy.partyId}' AND version = 1`,
      );
      assert.match(after?.j ?? '', /\$sealed/);
      assert.doesNotMatch(after?.j ?? '', /legacy/);
      assert.match((await get(`/v1/parties/${legacy.partyId}`)).body, /legacy\.person@example\.se/);
      const found = await services.consoleQueries.searchParties(operator, 'legacy.person@example.se');
      assert.deepEqual(
        found.items.map((i) => i.partyId),
        [legacy.partyId],
      );
      await services.ledger.runSequencer();
      const verification = await services.ledger.verify(operator);
      assert.deepEqual(
        verification.divergences.filter(
          (d) =>
            d.recordId?.startsWith(legacy.partyId) ||
            [legacyDecision.id, legacy.id, action.id].includes(d.recordId ?? ''),
        ),
        [],
      );
      assert.deepEqual(
        await services.encryption.sealExisting(),
        {
          versions: 0,
          screeningHits: 0,
          redressRequests: 0,
          decisions: 0,
          decisionProposals: 0,
          applications: 0,
          measureActions: 0,
        },
        'nothing left to seal',
      );
    });

    it('rotates the key-encryption key: data keys re-wrapped, data still readable, the old KEK retirable', async () => {
      const rotated = new LocalKeyring(
        [
          { id: 'kek-a', key: key32(1) },
          { id: 'kek-b', key: key32(2) },
        ],
        'kek-b',
        key32(9),
      );
      store.usePersonalDataKeys(rotated);
      const before = await services.encryption.status(operator, rotated);
      assert.ok((before.keks.find((k) => k.id === 'kek-a')?.liveDataKeys ?? 0) > 0);
      await assert.rejects(services.encryption.assertRetirable(operator, rotated, 'kek-a'), {
        code: 'KEY_IN_USE',
      });
      const report = await services.encryption.rewrapAll(operator, rotated);
      assert.ok(report.rewrapped >= 2);
      await services.encryption.assertRetirable(operator, rotated, 'kek-a');
      // Only kek-b is left: everything must still open.
      store.usePersonalDataKeys(new LocalKeyring([{ id: 'kek-b', key: key32(2) }], 'kek-b', key32(9)));
      const party = await get(`/v1/parties/${partyId}`);
      assert.equal(party.statusCode, 200, party.body);
      assert.match(party.body, /Eriksson/);
    });

    it('shreds an expired party (unreadable, ledger verifies, certificate) and keeps one under legal hold', async () => {
      const held = await submit(anna({ emails: ['held@example.se'], phones: ['+46701231111'] }));
      const ingested = await post('/v1/access-events', [
        { account: accountId, ip: '81.2.69.142', at: '2026-11-30T11:00:00.000Z', action: 'login' },
      ]);
      assert.equal(ingested.statusCode, 202, ingested.body);
      // Words about the customer in what is decided on her: a measure's match (her name), a
      // reviewer's reason. They stay with the record until the party is shredded.
      const measure = await post('/v1/special-measures', {
        kind: 'condition',
        conditions: [{ type: 'enhanced_monitoring' }],
        target: { type: 'person', names: ['Anna Maria Eriksson'] },
        determinationDate: '2027-06-01',
        citation: '89 FR 0009 (test)',
      });
      assert.equal(measure.statusCode, 201, measure.body);
      const reviewed = await post(`/v1/applications/${applicationId}/decision`, {
        status: 'approved',
        reason: 'Called Anna Eriksson; passport L898902C3 seen on video',
      });
      assert.ok([200, 201, 202].includes(reviewed.statusCode), reviewed.body);
      const wordsOf = async () =>
        JSON.stringify([
          await rawSql(store, `SELECT reasons FROM decisions WHERE application_id = '${applicationId}'`),
          await rawSql(
            store,
            `SELECT reason, resolution_reason FROM decision_proposals WHERE application_id = '${applicationId}'`,
          ),
          await rawSql(store, `SELECT matched_on FROM measure_actions WHERE account_id = '${accountId}'`),
          await rawSql(store, `SELECT payload FROM events WHERE subject_id = '${applicationId}'`),
        ]);
      // Sealed, they read back through the store until the party is shredded.
      const measureId = measure.json<{ id: string }>().id;
      const wordsRead = async () => {
        const actions = await store.measures.listActions(operator.tenantId, measureId);
        const decisions = await store.accounts.listDecisions(operator.tenantId, applicationId);
        const proposal = await store.accounts.openProposal(operator.tenantId, applicationId);
        return {
          matched: actions
            .filter((a) => a.accountId === accountId)
            .flatMap((a) => (a.matchedOn as Array<{ value: string }>).map((m) => m.value)),
          reviewer: [
            ...decisions.flatMap((d) =>
              (d.reasons as Array<{ code: string; message: string }>)
                .filter((r) => r.message.includes('L898902C3') || r.message.startsWith('Deleted'))
                .map((r) => r.message),
            ),
            ...(proposal === undefined ? [] : [proposal.reason]),
          ].filter((m) => m.includes('L898902C3') || m.startsWith('Deleted')),
        };
      };
      const before = await wordsRead();
      assert.deepEqual(before.matched, ['Anna Maria Eriksson']);
      assert.deepEqual(before.reviewer, ['Called Anna Eriksson; passport L898902C3 seen on video']);
      const closedAt = '2026-12-01T00:00:00Z';
      await rawSql(
        store,
        `UPDATE accounts SET status = 'closed', closed_at = '${closedAt}' WHERE id IN ('${accountId}', '${held.accountId}')`,
      );
      const hold = await post('/v1/legal-holds', {
        subject: { type: 'party', id: held.partyId },
        reason: 'Preservation letter 2029-17',
      });
      assert.equal(hold.statusCode, 201, hold.body);
      const [sealedBefore] = await rawSql<{ data: unknown }>(
        store,
        `SELECT data FROM party_versions WHERE party_id = '${partyId}' AND version = 1`,
      );

      // One day short of two years after closure (the us-iaas-2024 period): nothing is due.
      clock = new Date('2028-11-30T00:00:00Z');
      const early = await services.partyRetention.shredExpired();
      assert.equal(early.partiesShredded, 0);

      clock = new Date('2028-12-02T00:00:00Z');
      const dry = await services.partyRetention.shredExpired({ dryRun: true });
      assert.equal(dry.partiesShredded, 1);
      assert.equal(dry.partiesHeld, 1);
      assert.equal((await get(`/v1/parties/${partyId}`)).statusCode, 200, 'a dry run removes nothing');

      const run = await services.partyRetention.shredExpired();
      assert.equal(run.partiesShredded, 1);
      assert.equal(run.partiesHeld, 1);
      assert.equal(run.accessEventsDeleted, 1);
      assert.equal(run.certificates.length, 1);

      const gone = await get(`/v1/parties/${partyId}`);
      assert.equal(gone.statusCode, 410, gone.body);
      assert.equal(gone.json<{ code: string }>().code, 'PARTY_SHREDDED');
      const [key] = await rawSql<{ wrapped_key: unknown; destroyed_at: unknown }>(
        store,
        `SELECT wrapped_key, destroyed_at FROM party_keys WHERE party_id = '${partyId}'`,
      );
      assert.equal(key?.wrapped_key, null);
      assert.notEqual(key?.destroyed_at, null);
      // A copy of the sealed row taken before (a backup) no longer opens: its data key is gone.
      await rawSql(
        store,
        `UPDATE party_versions SET data = '${JSON.stringify(sealedBefore?.data)}'::jsonb WHERE party_id = '${partyId}' AND version = 1`,
      );
      assert.equal((await get(`/v1/parties/${partyId}`)).statusCode, 410);
      await rawSql(
        store,
        `UPDATE party_versions SET data = jsonb_build_object('$shredded', '${clock.toISOString()}') WHERE party_id = '${partyId}' AND version = 1`,
      );

      const hits = await rawSql<{ id: string; party_hash: string; review_reason: unknown }>(
        store,
        `SELECT id, party_hash, review_reason FROM screening_hits WHERE party_id = '${partyId}'`,
      );
      assert.ok(hits.length > 0);
      for (const hit of hits) {
        assert.equal(hit.party_hash, `shredded:${hit.id}`);
        // Reviewed as a false positive by the test of the keyed digest (a plain reason, as before 0016).
        assert.ok(isShreddedColumn(hit.review_reason), JSON.stringify(hit.review_reason));
        const served = await get(`/v1/screening-hits/${hit.id}`);
        assert.equal(served.statusCode, 200, served.body);
        assert.equal(
          served.json<{ reviewReason: string }>().reviewReason,
          '[deleted at the end of retention]',
        );
      }
      const redress = await rawSql<{ id: string; statement: unknown; evidence: unknown }>(
        store,
        `SELECT id, statement, evidence FROM redress_requests WHERE application_id = '${applicationId}'`,
      );
      assert.equal(redress.length, 1, 'the redress request of the earlier test');
      assert.ok(isShreddedColumn(redress[0]?.statement) && isShreddedColumn(redress[0].evidence));
      const contested = await get(`/v1/redress/${redress[0].id}`);
      assert.equal(contested.statusCode, 200, contested.body);
      assert.deepEqual(
        [
          contested.json<{ statement: string }>().statement,
          contested.json<{ evidence: unknown[] }>().evidence,
        ],
        ['[deleted at the end of retention]', []],
      );

      assert.doesNotMatch(await wordsOf(), /Eriksson|L898902C3/);
      const deleted = 'Deleted at the end of the retention period.';
      const after = await wordsRead();
      assert.deepEqual(after.matched, [deleted]);
      assert.ok(
        after.reviewer.length > 0 && after.reviewer.every((m) => m === deleted),
        JSON.stringify(after),
      );
      const decisions = await rawSql<{ id: string; reasons: Array<{ code: string; message: string }> }>(
        store,
        `SELECT id, reasons FROM decisions WHERE application_id = '${applicationId}'`,
      );
      assert.ok(decisions.length >= 2);
      assert.ok(
        decisions.every((d) =>
          d.reasons.every(
            (r) => /^[a-z_.]+$/.test(r.code) && r.message === 'Deleted at the end of the retention period.',
          ),
        ),
        JSON.stringify(decisions),
      );
      const actions = await rawSql<{ id: string }>(
        store,
        `SELECT id FROM measure_actions WHERE account_id = '${accountId}'`,
      );
      assert.equal(actions.length, 2, 'this test’s measure and the one of the test of sealed words');

      const certificate = await store.parties.getCertificate(operator.tenantId, run.certificates[0] ?? '');
      const removedOfParty = (certificate?.removed.parties as Array<Record<string, string[]>>)[0];
      assert.deepEqual(removedOfParty?.decisions?.toSorted(), decisions.map((d) => d.id).toSorted());
      assert.deepEqual(removedOfParty?.measureActions?.toSorted(), actions.map((a) => a.id).toSorted());
      assert.equal(certificate?.partyId, partyId);
      assert.deepEqual(certificate?.removed.accounts, [accountId]);
      assert.equal(certificate?.removed.accessEvents, 1);
      assert.deepEqual(
        (certificate?.removed.parties as Array<{ screeningHits: string[] }>)[0]?.screeningHits,
        hits.map((h) => h.id),
      );
      assert.deepEqual(
        (certificate?.removed.parties as Array<{ redressRequests: string[] }>)[0]?.redressRequests,
        redress.map((r) => r.id),
      );

      const served = await get(`/v1/deletion-certificates/${run.certificates[0] ?? ''}`);
      assert.equal(served.statusCode, 200, served.body);
      assert.equal(served.json<{ partyId: string }>().partyId, partyId);
      const unknown = await get(`/v1/deletion-certificates/${held.partyId}`);
      assert.equal(unknown.json<{ code: string }>().code, 'CERTIFICATE_NOT_FOUND');
      // The application stays (its decision is not personal), scrubbed of the sign-up IP and signals.
      const application = await get(`/v1/applications/${applicationId}`);
      assert.equal(application.statusCode, 200, application.body);
      assert.doesNotMatch(application.body, /81\.2\.69\.142/);

      const keptParty = await get(`/v1/parties/${held.partyId}`);
      assert.equal(keptParty.statusCode, 200, 'the party under legal hold survives');

      await services.ledger.runSequencer();
      const verification = await services.ledger.verify(operator);
      assert.deepEqual(
        verification.divergences.filter(
          (d) => d.recordId?.startsWith(partyId) || d.recordId === run.certificates[0],
        ),
        [],
      );
      const scrubbed = new Set([...decisions, ...actions].map((r) => r.id));
      assert.deepEqual(
        verification.divergences.filter((d) => d.recordId !== undefined && scrubbed.has(d.recordId)),
        [],
        'each scrubbed decision and action was ledgered again',
      );
      const remaining = verification.divergences.filter((d) => !d.recordId?.includes(partyId));
      // The ciphertext moved by the earlier test is the only other divergence: tampering is still seen.
      assert.ok(
        remaining.every((d) => d.kind === 'record_changed'),
        JSON.stringify(remaining),
      );
    });
  });
}
