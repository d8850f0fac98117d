import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, issuesOf, namesOf } from './real-lists.ts';

const A_PERSON = {
  name: ['Ivan Petrovich Testov'],
  alias: ['Иван Петрович Тестов', 'TESTOV, Ivan'],
  weakAlias: ['Vanya'],
  birthDate: ['1961-05-04', '1962'],
  nationality: ['ru'],
  citizenship: ['cy'],
  gender: ['male'],
  passportNumber: ['753000001'],
  idNumber: ['770000000001'],
  address: ['Lenina 1, Moscow'],
  programId: ['EU-UKR', 'US-RUSHARMFUL'],
  topics: ['sanction'],
};

/** One FollowTheMoney entity line, as OpenSanctions exports it in entities.ftm.json (fictional data). */
const anEntity = (
  overrides: Record<string, unknown> = {},
  properties: Record<string, unknown> = A_PERSON,
): string =>
  JSON.stringify({
    id: 'NK-fictional0001',
    caption: 'Ivan Testov',
    schema: 'Person',
    properties,
    datasets: ['eu_fsf', 'us_ofac_sdn'],
    first_seen: '2022-03-01T00:00:00',
    target: true,
    ...overrides,
  });

const ftm = (...lines: string[]) =>
  parseListFiles('opensanctions', [{ name: 'entities.ftm.json', content: lines.join('\n') }]);

describe('OpenSanctions FollowTheMoney JSON lines', () => {
  it('rejects a line that is not JSON, naming the line (a file cut off mid-entity)', () => {
    const cut = anEntity().slice(0, 60);
    assert.deepEqual(issuesOf(ftm(anEntity(), cut)), [
      { file: 'entities.ftm.json', line: 2, reason: 'the line is not JSON (the file may be truncated)' },
    ]);
  });

  it('rejects a line that is not an entity, and a target with no name', () => {
    assert.deepEqual(issuesOf(ftm('{"schema":"Person"}')), [
      {
        file: 'entities.ftm.json',
        line: 1,
        reason: 'the line is not an entity (needs id, schema and properties)',
      },
    ]);
    assert.deepEqual(issuesOf(ftm(anEntity({}, { ...A_PERSON, name: [], alias: [], weakAlias: [] }))), [
      { file: 'entities.ftm.json', line: 1, reason: 'entity NK-fictional0001 has no name' },
    ]);
  });

  it('rejects an empty file and a property of absurd size', () => {
    assert.deepEqual(issuesOf(ftm('')), [{ file: 'entities.ftm.json', reason: 'the file is empty' }]);
    assert.match(
      issuesOf(ftm(anEntity({}, { ...A_PERSON, notes: ['x'.repeat(70_000)] })))[0]?.reason ?? '',
      /property notes is longer/,
    );
  });

  it('skips the graph around the targets: addresses, sanctions and non-target persons', () => {
    const entries = entriesOf(
      ftm(
        anEntity(),
        JSON.stringify({ id: 'addr-1', schema: 'Address', properties: { full: ['Lenina 1'] } }),
        JSON.stringify({ id: 'sanc-1', schema: 'Sanction', properties: { program: ['X'] } }),
        anEntity({ id: 'NK-director', target: false }),
        '',
      ),
    );
    assert.deepEqual(
      entries.map((entry) => entry.entryId),
      ['NK-fictional0001'],
    );
  });

  it('reads a person: names by strength, dates, countries as upper-case codes, documents, programs', () => {
    const [person] = entriesOf(ftm(anEntity()));
    assert.equal(person?.type, 'person');
    assert.deepEqual(person?.names[0], { full: 'Ivan Petrovich Testov', quality: 'strong', primary: true });
    assert.deepEqual(namesOf(person, 'strong').slice(1), ['Иван Петрович Тестов', 'TESTOV, Ivan']);
    assert.deepEqual(namesOf(person, 'weak'), ['Vanya']);
    assert.deepEqual(person?.datesOfBirth, [
      { kind: 'date', value: '1961-05-04' },
      { kind: 'date', value: '1962' },
    ]);
    assert.deepEqual(person?.countries, ['RU', 'CY']);
    assert.deepEqual(person?.identifiers, [
      { type: 'passport', number: '753000001' },
      { type: 'id_number', number: '770000000001' },
    ]);
    assert.deepEqual(
      [person?.addresses, person?.programs, person?.gender],
      [[{ text: 'Lenina 1, Moscow' }], ['EU-UKR', 'US-RUSHARMFUL'], 'male'],
    );
  });

  it('reads companies and vessels, ignoring country codes that are not ISO ("suhh" for the USSR)', () => {
    const company = anEntity(
      { id: 'co-1', schema: 'Company' },
      { name: ['Testov Holdings LLC'], jurisdiction: ['suhh', 'cy'], registrationNumber: ['HE 000001'] },
    );
    const vessel = anEntity(
      { id: 'v-1', schema: 'Vessel' },
      { name: ['SEA TEST'], imoNumber: ['9000001'], flag: ['pa'] },
    );
    const [co, ship] = entriesOf(ftm(company, vessel));
    assert.deepEqual(
      [co?.type, co?.countries, co?.identifiers],
      ['entity', ['CY'], [{ type: 'registration_number', number: 'HE 000001' }]],
    );
    assert.deepEqual(
      [ship?.type, ship?.identifiers, ship?.countries],
      ['vessel', [{ type: 'imo', number: '9000001' }], ['PA']],
    );
  });
});
