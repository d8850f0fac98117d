import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ListEntry } from '../../../../src/domain/screening/entry.ts';
import { guessEntryType } from '../../../../src/domain/screening/lists/guess-entry-type.ts';
import { parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, issuesOf, readListFile } from './real-lists.ts';

const HEADER =
  '"Name"\t"Street_Address"\t"City"\t"State"\t"Country"\t"Postal_Code"\t"Effective_Date"\t"Expiration_Date"\t"Standard_Order"\t"Last_Update"\t"Action"\t"FR_Citation"';
const dpl = (...rows: string[]) =>
  parseListFiles('bis-dpl', [{ name: 'dpl.txt', content: [HEADER, ...rows].join('\n') }]);

describe('BIS Denied Persons List', () => {
  it('rejects a file whose header is not the DPL layout', () => {
    const [issue] = issuesOf(parseListFiles('bis-dpl', [{ name: 'dpl.txt', content: 'Name\tCity\nX\tY\n' }]));
    assert.deepEqual(
      [issue?.line, issue?.reason],
      [1, 'the header lacks Street_Address, State, Country, Postal_Code, Effective_Date'],
    );
  });

  it('rejects a row with a missing column or no name, naming the line', () => {
    assert.deepEqual(issuesOf(dpl('"A"\t"B"')), [
      { file: 'dpl.txt', line: 2, reason: 'expected 12 columns, found 2' },
    ]);
    const unnamed = '" "\t""\t""\t""\t"US"\t""\t"01/01/2020"\t""\t"Y"\t""\t""\t""';
    assert.deepEqual(issuesOf(dpl(unnamed)), [{ file: 'dpl.txt', line: 2, reason: 'a row has no name' }]);
  });

  describe('the real file', () => {
    let entries: readonly ListEntry[] = [];
    before(() => {
      entries = entriesOf(parseListFiles('bis-dpl', [readListFile('bis-dpl', 'dpl.txt')]));
    });

    it('joins the rows of one denial (name and effective date) into one entry: 546 rows, 417 entries', () => {
      assert.equal(entries.length, 417);
      const airline = entries.find((entry) => entry.names[0]?.full === 'AL NASER AIRLINES');
      assert.equal(airline?.type, 'entity');
      assert.deepEqual(
        airline?.addresses.map((a) => a.country),
        ['IQ', 'IQ', 'AE', 'JO'],
      );
      assert.match(airline?.remarks ?? '', /^Effective 06\/05\/2019, expires 12\/03\/2019\n80 F\.R\. 30435/);
    });

    it('trims the name as written and leaves a person it cannot tell from a company unknown', () => {
      const hernandez = entries.find((entry) => entry.names[0]?.full === 'ADRIAN MANUEL HERNANDEZ');
      assert.equal(hernandez?.type, 'unknown');
      assert.deepEqual(hernandez?.addresses, [{ text: '3037 S. 69TH DRIVE, PHONEIX, AZ, 85043' }]);
    });

    it('calls an entry an organisation only on a legal-form or trade word', () => {
      assert.equal(guessEntryType('AQUA-LOOP COOLING TOWERS, CO.'), 'entity');
      assert.equal(guessEntryType('COTRICOM S.A.'), 'entity');
      assert.equal(guessEntryType('CO VAN THANH'), 'unknown');
      const count = (type: string) => entries.filter((entry) => entry.type === type).length;
      assert.deepEqual([count('entity'), count('unknown')], [87, 330]);
    });

    it('gives each entry an id that survives a re-parse and a reformatted name', () => {
      const again = entriesOf(parseListFiles('bis-dpl', [readListFile('bis-dpl', 'dpl.txt')]));
      assert.deepEqual(
        again.map((entry) => entry.entryId),
        entries.map((entry) => entry.entryId),
      );
      const row = (name: string) =>
        `"${name}"\t""\t"TRIPOLI"\t""\t"LY"\t""\t"09/01/1981"\t""\t"Y"\t""\t""\t""`;
      const [spaced] = entriesOf(dpl(row('  ali m  hijazi ')));
      const hijazi = entries.find((entry) => entry.names[0]?.full === 'ALI M HIJAZI');
      assert.equal(spaced?.entryId, hijazi?.entryId);
      assert.equal(new Set(entries.map((entry) => entry.entryId)).size, entries.length);
    });
  });
});
