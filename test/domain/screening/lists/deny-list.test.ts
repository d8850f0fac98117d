import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, issuesOf } from './real-lists.ts';

const HEADER = 'name,type,dob,country,id,id_type,reason';
const csv = (...rows: string[]) =>
  parseListFiles('deny-list', [{ name: 'deny-list.csv', content: [HEADER, ...rows].join('\n') }]);
const json = (value: unknown, content = JSON.stringify(value, null, 2)) =>
  parseListFiles('deny-list', [{ name: 'deny-list.json', content }]);

describe('the provider deny list', () => {
  it('rejects a CSV without a name column, or a row without a name or with no letter in it', () => {
    const [issue] = issuesOf(
      parseListFiles('deny-list', [{ name: 'deny.csv', content: 'full_name,dob\nX,1970\n' }]),
    );
    assert.deepEqual(issue, { file: 'deny.csv', line: 1, reason: 'the header has no "name" column' });
    assert.deepEqual(issuesOf(csv(',person,,,,,fraud', '"1, 2, 3",person,,,,,fraud')), [
      { file: 'deny-list.csv', line: 2, reason: 'line 2: the name is empty' },
      { file: 'deny-list.csv', line: 3, reason: 'line 3: the name has no letter: it could never match' },
    ]);
  });

  it('reports values the provider must fix rather than guessing: type, date, country, a lone id_type', () => {
    const issues = issuesOf(
      csv(
        'A,robot,,,,,',
        'B,person,1970-02-30,,,,',
        'C,person,,Narnia,,,',
        'D,person,,,,passport,',
        'E,person,1970,GB,X1,passport,x,extra',
      ),
    );
    assert.deepEqual(
      issues.map((issue) => [issue.line, issue.reason]).sort(([a], [b]) => Number(a) - Number(b)),
      [
        [2, 'line 2: type "robot" is not person, entity, vessel or aircraft'],
        [3, 'line 3: dob "1970-02-30" is not YYYY, YYYY-MM or YYYY-MM-DD'],
        [4, 'line 4: country "Narnia" is not a known country name or code'],
        [5, 'line 5: id_type is given without an id'],
        [6, 'expected 7 columns, found 8'],
      ],
    );
  });

  it('rejects JSON that does not parse, naming the line, and JSON of the wrong shape', () => {
    const [issue] = issuesOf(json(undefined, '[\n  {"name": "A"},\n  {"name": "B"\n'));
    assert.deepEqual(
      [issue?.file, issue?.reason],
      ['deny-list.json', 'not valid JSON (the file may be truncated)'],
    );
    assert.equal(typeof issue?.line, 'number');
    assert.deepEqual(issuesOf(json({ rows: [] })), [
      { file: 'deny-list.json', reason: 'expected an array of entries or { "entries": [...] }' },
    ]);
    assert.deepEqual(issuesOf(json([{ name: { first: 'A' } }])), [
      { file: 'deny-list.json', reason: 'entry 1 is not an object of strings' },
    ]);
  });

  it('rejects an empty file and two rows with the same id', () => {
    assert.deepEqual(issuesOf(parseListFiles('deny-list', [{ name: 'deny-list.csv', content: '' }])), [
      { file: 'deny-list.csv', reason: 'the file is empty' },
    ]);
    assert.deepEqual(issuesOf(csv('A,,,,P1,passport,', 'B,,,,P1,passport,')), [
      { file: 'deny-list.csv', line: 3, reason: 'line 3 repeats entry P1' },
    ]);
  });

  it('accepts a deny list with a header and no rows: the provider may have cleared it', () => {
    assert.deepEqual(entriesOf(csv()), []);
  });

  it('reads a CSV row into an entry, its id column as the entry id and as a document', () => {
    const [entry] = entriesOf(
      csv('"DOE, John",person,1970-01-15;1971,United Kingdom,X1234567,Passport,chargeback fraud 2024'),
    );
    assert.deepEqual(entry, {
      source: 'deny-list',
      entryId: 'X1234567',
      type: 'person',
      names: [{ full: 'DOE, John', quality: 'strong', primary: true }],
      datesOfBirth: [
        { kind: 'date', value: '1970-01-15' },
        { kind: 'date', value: '1971' },
      ],
      countries: ['GB'],
      addresses: [],
      identifiers: [{ type: 'passport', number: 'X1234567' }],
      programs: [],
      remarks: 'chargeback fraud 2024',
    });
  });

  it('hashes a row without id or ref into a stable id, the same from CSV and JSON', () => {
    const [fromCsv] = entriesOf(csv('Acme Shell Ltd,entity,,PA,,,'));
    const [fromJson] = entriesOf(
      json({ entries: [{ name: 'ACME SHELL LTD', type: 'entity', country: 'PA' }] }),
    );
    assert.match(fromCsv?.entryId ?? '', /^deny-[0-9a-f]{16}$/);
    assert.equal(fromJson?.entryId, fromCsv?.entryId);
    assert.deepEqual([fromJson?.type, fromJson?.countries], ['entity', ['PA']]);
  });

  it('reads a JSON array with refs and aliases', () => {
    const [entry] = entriesOf(
      json([{ ref: 'case-42', name: 'Jane Roe', aliases: ['J. Roe', 'Janet Roe'], country: 'us' }]),
    );
    assert.deepEqual(
      [entry?.entryId, entry?.names.map((name) => name.full), entry?.countries],
      ['case-42', ['Jane Roe', 'J. Roe', 'Janet Roe'], ['US']],
    );
  });
});
