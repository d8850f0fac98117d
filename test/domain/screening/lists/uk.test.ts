import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, issuesOf } from './real-lists.ts';

// Hand-written to the OFSI ConList.csv layout (row 1 "Last Updated", row 2 the header); fictional people.
const HEADER = [
  'Name 6',
  'Name 1',
  'Name 2',
  'Name 3',
  'Name 4',
  'Name 5',
  'Title',
  'Name Non-Latin Script',
  'Non-Latin Script Type',
  'Non-Latin Script Language',
  'DOB',
  'Town of Birth',
  'Country of Birth',
  'Nationality',
  'Passport Number',
  'Passport Details',
  'National Identification Number',
  'National Identification Details',
  'Position',
  'Address 1',
  'Address 2',
  'Address 3',
  'Address 4',
  'Address 5',
  'Address 6',
  'Post/Zip Code',
  'Country',
  'Other Information',
  'Group Type',
  'Alias Type',
  'Alias Quality',
  'Regime',
  'Listed On',
  'UK Sanctions List Date Designated',
  'Last Updated',
  'Group ID',
];

type Row = Partial<Record<(typeof HEADER)[number], string>>;
const aRow = (values: Row): string =>
  HEADER.map((column) => {
    const value = values[column] ?? '';
    return /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }).join(',');

const TESTOV: Row = {
  'Name 6': 'TESTOV',
  'Name 1': 'Ivan',
  'Name 2': 'Petrovich',
  DOB: '04/05/1961',
  Nationality: 'Russia',
  'Passport Number': '753000001',
  'National Identification Number': '770000000001',
  'Address 1': 'Lenina 1',
  'Address 6': 'Moscow',
  Country: 'Russia',
  'Other Information': 'Fictional.',
  'Group Type': 'Individual',
  'Alias Type': 'Primary name',
  Regime: 'Russia',
  'Group ID': '90001',
};

const conList = (...rows: string[]) =>
  parseListFiles('uk', [
    { name: 'ConList.csv', content: ['Last Updated,20/01/2024', HEADER.join(','), ...rows].join('\r\n') },
  ]);

describe('UK OFSI consolidated list CSV', () => {
  it('rejects a row with the wrong column count, naming its line', () => {
    assert.deepEqual(issuesOf(conList(aRow(TESTOV), 'TESTOV,Ivan')), [
      { file: 'ConList.csv', line: 4, reason: `expected ${HEADER.length} columns, found 2` },
    ]);
  });

  it('rejects a Group ID that is not a number and a row with no name', () => {
    assert.deepEqual(
      issuesOf(
        conList(
          aRow({ ...TESTOV, 'Group ID': 'G-1' }),
          aRow({ ...TESTOV, 'Name 6': '', 'Name 1': '', 'Name 2': '' }),
        ),
      ),
      [
        { file: 'ConList.csv', line: 3, reason: 'Group ID "G-1" is missing or not a number' },
        { file: 'ConList.csv', line: 4, reason: 'a row of group 90001 has no name' },
      ],
    );
  });

  it('rejects a file without the header row, and one cut off inside a quoted field', () => {
    assert.deepEqual(
      issuesOf(parseListFiles('uk', [{ name: 'ConList.csv', content: 'Last Updated,20/01/2024\nA,B\n' }])),
      [{ file: 'ConList.csv', reason: 'no header row with a "Group ID" column' }],
    );
    const [issue] = issuesOf(conList(aRow(TESTOV), 'TESTOV,"Ivan'));
    assert.deepEqual(
      [issue?.line, issue?.reason],
      [4, 'a quoted field is never closed (the file is truncated or a quote is stray)'],
    );
  });

  it('joins the rows of a Group ID into one target: primary name, variations, weak AKAs, non-Latin script', () => {
    const result = conList(
      aRow({
        ...TESTOV,
        'Name 1': 'Ivan',
        'Name 2': '',
        'Alias Type': 'AKA',
        'Alias Quality': 'Low quality',
        DOB: '00/00/1962',
      }),
      aRow(TESTOV),
      aRow({
        ...TESTOV,
        'Name 6': 'TESTOFF',
        'Alias Type': 'Primary name variation',
        'Name Non-Latin Script': 'Иван Тестов',
        'Non-Latin Script Type': 'Cyrillic',
      }),
    );
    const [testov] = entriesOf(result);
    assert.equal(result.ok && result.publishedAt, '2024-01-20');
    assert.deepEqual([testov?.entryId, testov?.type], ['90001', 'person']);
    assert.deepEqual(testov?.names, [
      { full: 'Ivan Petrovich TESTOV', quality: 'strong', primary: true },
      { full: 'Ivan Petrovich TESTOFF', quality: 'strong', primary: false },
      { full: 'Иван Тестов', quality: 'strong', primary: false, script: 'Cyrillic' },
      { full: 'Ivan TESTOV', quality: 'weak', primary: false },
    ]);
    assert.deepEqual(testov?.datesOfBirth, [
      { kind: 'date', value: '1962' },
      { kind: 'date', value: '1961-05-04' },
    ]);
    assert.deepEqual(
      [testov?.countries, testov?.programs, testov?.remarks],
      [['RU'], ['Russia'], 'Fictional.'],
    );
    assert.deepEqual(testov?.identifiers, [
      { type: 'passport', number: '753000001' },
      { type: 'national_id', number: '770000000001' },
    ]);
    assert.deepEqual(testov?.addresses, [{ text: 'Lenina 1, Moscow, Russia', country: 'RU' }]);
  });

  it('reads entities and ships', () => {
    const primary = { 'Alias Type': 'Primary name', Regime: 'Russia' };
    const [company, ship] = entriesOf(
      conList(
        aRow({
          ...primary,
          'Name 6': 'TESTOV HOLDINGS LLC',
          'Group Type': 'Entity',
          'Group ID': '90002',
          Country: 'Cyprus',
        }),
        aRow({ ...primary, 'Name 6': 'SEA TEST', 'Group Type': 'Ship', 'Group ID': '90003' }),
      ),
    );
    assert.deepEqual(
      [company?.type, company?.names[0]?.full, company?.addresses],
      ['entity', 'TESTOV HOLDINGS LLC', [{ text: 'Cyprus', country: 'CY' }]],
    );
    assert.deepEqual([ship?.type, ship?.names[0]?.full], ['vessel', 'SEA TEST']);
  });

  it('reads numbered values in one cell, and 00 for an unknown day', () => {
    const [testov] = entriesOf(
      conList(aRow({ ...TESTOV, 'Passport Number': '(1) A1 (2) B2', DOB: '(1) 00/03/1970 (2) 12/01/1971' })),
    );
    assert.deepEqual(
      testov?.identifiers.map((id) => id.number),
      ['A1', 'B2', '770000000001'],
    );
    assert.deepEqual(testov?.datesOfBirth, [
      { kind: 'date', value: '1970-03' },
      { kind: 'date', value: '1971-01-12' },
    ]);
  });
});
