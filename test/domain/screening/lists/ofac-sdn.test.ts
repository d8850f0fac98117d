import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ListEntry } from '../../../../src/domain/screening/entry.ts';
import { parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, entryById, issuesOf, namesOf, readListFiles, SDN_FILES } from './real-lists.ts';

const row = (entNum: string, name: string, remarks = '-0- '): string =>
  `${entNum},"${name}","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,${remarks}`;

const sdn = (...rows: string[]) => ({ name: 'sdn.csv', content: `${rows.join('\r\n')}\r\n\u001a` });

describe('OFAC SDN legacy CSV: bad input', () => {
  it('rejects a row with the wrong column count, naming the file and line', () => {
    const result = parseListFiles('ofac-sdn', [sdn(row('1', 'DOE, John'), '2,"SHORT ROW","individual"')]);
    assert.deepEqual(issuesOf(result), [
      { file: 'sdn.csv', line: 2, reason: 'expected 12 columns, found 3' },
    ]);
  });

  it('rejects an ent_num that is not a number', () => {
    const [issue] = issuesOf(parseListFiles('ofac-sdn', [sdn(row('1', 'A'), row('X7', 'B'))]));
    assert.equal(issue?.line, 2);
    assert.match(issue?.reason ?? '', /ent_num "X7" is not a number/);
  });

  it('rejects a file cut off inside a quoted field', () => {
    const content = `${row('1', 'A')}\r\n2,"TRUNCATED ENTRY`;
    const [issue] = issuesOf(parseListFiles('ofac-sdn', [{ name: 'sdn.csv', content }]));
    assert.deepEqual([issue?.file, issue?.line], ['sdn.csv', 2]);
    assert.match(issue?.reason ?? '', /never closed/);
  });

  it('rejects an entry with no name', () => {
    const [issue] = issuesOf(
      parseListFiles('ofac-sdn', [
        sdn(row('1', 'A'), '2,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '),
      ]),
    );
    assert.deepEqual(issue, { file: 'sdn.csv', line: 2, reason: 'entry 2 has no name' });
  });

  it('rejects an alias of an entry that sdn.csv does not list (a truncated or mismatched set)', () => {
    const alt = { name: 'alt.csv', content: '1,10,"aka","ALIAS",-0- \r\n99,11,"aka","ORPHAN",-0- \r\n' };
    const issues = issuesOf(parseListFiles('ofac-sdn', [sdn(row('1', 'A')), alt]));
    assert.deepEqual(issues, [{ file: 'alt.csv', line: 2, reason: 'ent_num 99 is not in sdn.csv' }]);
  });

  it('rejects an empty file, even an optional one', () => {
    assert.deepEqual(
      issuesOf(parseListFiles('ofac-sdn', [sdn(row('1', 'A')), { name: 'add.csv', content: '\u001a' }])),
      [{ file: 'add.csv', reason: 'the file is empty' }],
    );
  });

  it('reads an SDN_Type it does not know, "constructor" included, as unknown', () => {
    const odd = '1,"X",constructor,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ';
    assert.equal(entriesOf(parseListFiles('ofac-sdn', [sdn(odd)]))[0]?.type, 'unknown');
  });

  it('rejects a field of absurd size', () => {
    const [issue] = issuesOf(
      parseListFiles('ofac-sdn', [sdn(row('1', 'A', `"${'DOB 1960; '.repeat(8000)}"`))]),
    );
    assert.match(issue?.reason ?? '', /field 12 is longer than 65536 characters/);
  });
});

describe('OFAC SDN legacy CSV: the 2021 snapshot', () => {
  let entries: readonly ListEntry[] = [];
  before(() => {
    entries = entriesOf(parseListFiles('ofac-sdn', readListFiles('ofac-sdn', SDN_FILES)));
  });

  it('reads every row of sdn.csv as one entry, typed by SDN_Type', () => {
    assert.equal(entries.length, 8976);
    const count = (type: string) => entries.filter((entry) => entry.type === type).length;
    assert.deepEqual(
      [count('person'), count('entity'), count('vessel'), count('aircraft')],
      [4620, 3673, 406, 277],
    );
  });

  it("reads an individual's date of birth, nationality, passport and gender from Remarks", () => {
    const malkevich = entryById(entries, '26235');
    assert.equal(malkevich.names[0]?.full, 'MALKEVICH, Alexander Aleksandrovich');
    assert.deepEqual(malkevich.datesOfBirth, [{ kind: 'date', value: '1975-06-14' }]);
    assert.deepEqual(malkevich.countries, ['RU']);
    assert.equal(malkevich.gender, 'male');
    assert.deepEqual(malkevich.identifiers, [
      { type: 'passport', number: '717637093', country: 'RU' },
      { type: 'national_id', number: '781005202108', country: 'RU' },
    ]);
    assert.deepEqual(malkevich.programs, ['UKRAINE-EO13661', 'CYBER2', 'ELECTION-EO13848']);
    assert.deepEqual(malkevich.addresses, [{ text: 'St. Petersburg, Russia', country: 'RU' }]);
  });

  it('keeps alt.csv aliases as strong and the quoted Remarks a.k.a. as weak', () => {
    const bank = entryById(entries, '306');
    assert.deepEqual(bank.names[0], { full: 'BANCO NACIONAL DE CUBA', quality: 'strong', primary: true });
    assert.deepEqual(namesOf(bank, 'strong'), ['BANCO NACIONAL DE CUBA', 'NATIONAL BANK OF CUBA']);
    assert.deepEqual(namesOf(bank, 'weak'), ['BNC']);
    assert.equal(bank.type, 'entity');
    assert.ok(
      bank.addresses.some(
        (a) => a.text === 'Zweierstrasse 35, Zurich CH-8022, Switzerland' && a.country === 'CH',
      ),
    );
  });

  it('continues Remarks from sdn_comments.csv before reading them', () => {
    const li = entryById(entries, '28264');
    assert.match(li.remarks ?? '', /Phone Number 8613314257947; .*Linked To: LAZARUS GROUP\.$/);
    assert.deepEqual(namesOf(li, 'weak'), ['blackjack1987', 'khaleesi']);
    assert.ok(li.identifiers.some((id) => id.number === '210302198701102136' && id.country === 'CN'));
  });

  it('reads a vessel with its IMO number and flag', () => {
    const dune = entryById(entries, '25736');
    assert.equal(dune.type, 'vessel');
    assert.deepEqual(dune.identifiers, [{ type: 'imo', number: '9569712' }]);
    assert.deepEqual(dune.countries, ['PA']);
  });

  it('keeps circa dates approximate and "to" dates as ranges', () => {
    assert.deepEqual(entryById(entries, '7782').datesOfBirth, [
      { kind: 'date', value: '1951', approximate: true },
    ]);
    assert.deepEqual(entryById(entries, '12057').datesOfBirth, [
      { kind: 'range', fromYear: 1951, toYear: 1953 },
      { kind: 'range', fromYear: 1960, toYear: 1962 },
      { kind: 'date', value: '1961-04' },
      { kind: 'date', value: '1953' },
    ]);
    assert.deepEqual(entryById(entries, '11648').countries, ['KP']);
  });
});
