import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, issuesOf, namesOf } from './real-lists.ts';

// Hand-written to the FSF "export" schema 1.1 (xmlFullSanctionsList_1_1); people and values are fictional.
const A_PERSON = `
  <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.9001.01" logicalId="9001">
    <remark>Fictional person for tests.</remark>
    <regulation regulationType="amendment" organisationType="council" publicationDate="2022-02-23" entryIntoForceDate="2022-02-23" numberTitle="2022/261 (OJ L42I)" programme="UKR" logicalId="8001">
      <publicationUrl>https://eur-lex.europa.eu/example</publicationUrl>
    </regulation>
    <subjectType code="person" classificationCode="P"/>
    <nameAlias firstName="Ivan" middleName="Petrovich" lastName="Testov" wholeName="Ivan Petrovich Testov" function="Minister" gender="M" title="" nameLanguage="" strong="true" regulationLanguage="en" logicalId="7001"/>
    <nameAlias firstName="" middleName="" lastName="" wholeName="Иван Петрович Тестов" gender="M" nameLanguage="RU" strong="true" regulationLanguage="en" logicalId="7002"/>
    <nameAlias firstName="" middleName="" lastName="" wholeName="Vanya" gender="M" strong="false" regulationLanguage="en" logicalId="7003"/>
    <citizenship region="" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" regulationLanguage="en" logicalId="6001"/>
    <citizenship region="" countryIso2Code="00" countryDescription="UNKNOWN" regulationLanguage="en" logicalId="6002"/>
    <birthdate circa="false" calendarType="GREGORIAN" city="Moscow" birthdate="1961-05-04" dayOfMonth="4" monthOfYear="5" year="1961" countryIso2Code="RU" regulationLanguage="en" logicalId="5001"/>
    <birthdate circa="true" calendarType="GREGORIAN" year="1962" countryIso2Code="00" regulationLanguage="en" logicalId="5002"/>
    <birthdate circa="false" calendarType="GREGORIAN" yearRangeFrom="1958" yearRangeTo="1960" regulationLanguage="en" logicalId="5003"/>
    <identification diplomatic="false" knownExpired="false" knownFalse="false" number="753000001" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" identificationTypeCode="passport" identificationTypeDescription="National passport" regulationLanguage="en" logicalId="4001"/>
    <identification number="770000000001" countryIso2Code="RU" identificationTypeCode="fiscalcode" identificationTypeDescription="Fiscal Code" regulationLanguage="en" logicalId="4002"/>
    <address city="Moscow" street="Lenina 1" poBox="" zipCode="101000" region="" place="" asAtListingTime="false" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" regulationLanguage="en" logicalId="3001"/>
  </sanctionEntity>`;

const AN_ENTERPRISE = `
  <sanctionEntity euReferenceNumber="EU.9002.02" logicalId="9002">
    <regulation programme="IRN" logicalId="8002"/>
    <regulation programme="UKR" logicalId="8003"/>
    <subjectType code="enterprise" classificationCode="E"/>
    <nameAlias wholeName="Testov Holdings LLC" strong="true" logicalId="7004"/>
    <address city="Limassol" countryIso2Code="CY" countryDescription="CYPRUS" logicalId="3002"/>
  </sanctionEntity>`;

const anExport = (...entities: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2024-01-15T10:00:00.000+01:00" globalFileId="1">${entities.join('')}\n</export>\n`;

const eu = (content: string) => parseListFiles('eu', [{ name: 'xmlFullSanctionsList_1_1.xml', content }]);

describe('EU consolidated financial sanctions XML', () => {
  it('rejects a truncated file', () => {
    const content = anExport(A_PERSON, AN_ENTERPRISE);
    const [issue] = issuesOf(eu(content.slice(0, content.indexOf('<subjectType code="enterprise"'))));
    assert.equal(issue?.file, 'xmlFullSanctionsList_1_1.xml');
    assert.match(issue?.reason ?? '', /not well-formed XML/);
  });

  it('rejects an entity without a logicalId or without a name, naming its line', () => {
    const unnamed =
      '\n  <sanctionEntity logicalId="9003"><subjectType code="person"/><nameAlias wholeName="" strong="true"/></sanctionEntity>';
    const anonymous = '\n  <sanctionEntity><nameAlias wholeName="X" strong="true"/></sanctionEntity>';
    assert.deepEqual(issuesOf(eu(anExport(unnamed, anonymous))), [
      { file: 'xmlFullSanctionsList_1_1.xml', line: 3, reason: 'sanctionEntity 9003 has no name' },
      { file: 'xmlFullSanctionsList_1_1.xml', line: 4, reason: 'sanctionEntity has no usable logicalId' },
    ]);
  });

  it('rejects an export with no entities at all', () => {
    assert.deepEqual(issuesOf(eu(anExport())), [
      { file: 'xmlFullSanctionsList_1_1.xml', reason: 'the file lists no entries' },
    ]);
  });

  it('reads a person: strong and weak names, dates, citizenship, documents, address, programme', () => {
    const result = eu(anExport(A_PERSON, AN_ENTERPRISE));
    const [person] = entriesOf(result);
    assert.equal(result.ok && result.publishedAt, '2024-01-15T10:00:00.000+01:00');
    assert.deepEqual([person?.entryId, person?.type, person?.gender], ['9001', 'person', 'male']);
    assert.deepEqual(person?.names[0], { full: 'Ivan Petrovich Testov', quality: 'strong', primary: true });
    assert.deepEqual(namesOf(person, 'weak'), ['Vanya']);
    assert.deepEqual(person?.datesOfBirth, [
      { kind: 'date', value: '1961-05-04' },
      { kind: 'date', value: '1962', approximate: true },
      { kind: 'range', fromYear: 1958, toYear: 1960 },
    ]);
    assert.deepEqual(person?.countries, ['RU']);
    assert.deepEqual(person?.identifiers, [
      { type: 'passport', number: '753000001', country: 'RU' },
      { type: 'tax_id', number: '770000000001', country: 'RU' },
      { type: 'eu_reference', number: 'EU.9001.01' },
    ]);
    assert.deepEqual(person?.addresses, [
      { text: 'Lenina 1, Moscow, 101000, RUSSIAN FEDERATION', country: 'RU' },
    ]);
    assert.deepEqual([person?.programs, person?.remarks], [['UKR'], 'Fictional person for tests.']);
  });

  it('reads an enterprise with several programmes', () => {
    const [, enterprise] = entriesOf(eu(anExport(A_PERSON, AN_ENTERPRISE)));
    assert.deepEqual(
      [
        enterprise?.type,
        enterprise?.names.map((name) => name.full),
        enterprise?.programs,
        enterprise?.addresses,
      ],
      ['entity', ['Testov Holdings LLC'], ['IRN', 'UKR'], [{ text: 'Limassol, CYPRUS', country: 'CY' }]],
    );
  });
});
