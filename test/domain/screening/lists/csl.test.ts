import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ListEntry } from '../../../../src/domain/screening/entry.ts';
import { parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, entryById, issuesOf, namesOf, readListFile } from './real-lists.ts';

const HEADER = 'source,entity_number,type,programs,name,alt_names,dates_of_birth,ids';
const csl = (...rows: string[]) =>
  parseListFiles('csl', [{ name: 'csl.csv', content: [HEADER, ...rows].join('\n') }]);

describe('US Consolidated Screening List CSV', () => {
  it('rejects a row with the wrong column count, and one without a name', () => {
    assert.deepEqual(issuesOf(csl('Specially Designated Nationals (SDN),1,Entity,X,NAME')), [
      { file: 'csl.csv', line: 2, reason: 'expected 8 columns, found 5' },
    ]);
    assert.deepEqual(issuesOf(csl('Specially Designated Nationals (SDN),1,Entity,X,,,,')), [
      { file: 'csl.csv', line: 2, reason: 'a row has no name' },
    ]);
  });

  it('rejects a truncated file and one listing the same entity number twice', () => {
    const real = readListFile('csl', 'csl.csv').content;
    const cut = real.slice(0, real.indexOf('"2904977 CANADA') + 8);
    const [issue] = issuesOf(parseListFiles('csl', [{ name: 'csl.csv', content: cut }]));
    assert.deepEqual(
      [issue?.line, issue?.reason],
      [6, 'a quoted field is never closed (the file is truncated or a quote is stray)'],
    );
    const twice = 'Specially Designated Nationals (SDN),7,Entity,X,A,,,';
    assert.deepEqual(issuesOf(csl(twice, twice)), [
      { file: 'csl.csv', line: 3, reason: 'entry sdn-7 is listed twice' },
    ]);
  });

  describe('the real sample', () => {
    let entries: readonly ListEntry[] = [];
    before(() => {
      entries = entriesOf(parseListFiles('csl', [readListFile('csl', 'csl.csv')]));
    });

    it('reads 115 rows as 113 entries: two listings repeat for another address', () => {
      assert.equal(entries.length, 113);
      const wings = entries.filter((entry) => entry.names[0]?.full === 'AL NASER WINGS AIRLINES');
      assert.equal(wings.length, 1);
      assert.ok(wings[0]!.entryId.startsWith('dpl-'));
      assert.deepEqual(
        wings[0]!.addresses.map((a) => a.country),
        ['IQ', 'IQ', 'AE'],
      );
    });

    it('keeps the SDN entity number as the id and reads "CC, number, label" identifiers', () => {
      const holdings = entryById(entries, 'sdn-20264');
      assert.deepEqual(holdings.identifiers, [{ type: 'tax_id', number: '80-0890696', country: 'US' }]);
      assert.deepEqual(holdings.addresses, [
        { text: '80 SW 8th Street Suite 2000, Miami, FL, 33130, US', country: 'US' },
      ]);
      assert.deepEqual(entryById(entries, 'sdn-23156').identifiers, [{ type: 'imo', number: '8898831' }]);
      assert.equal(entryById(entries, 'sdn-23156').type, 'vessel');
    });

    it('reads alternate names, dates of birth and programs', () => {
      const jawad = entryById(entries, 'plc-9696');
      assert.deepEqual(namesOf(jawad, 'strong'), ['ABDUL JAWAD, Naser', 'ABDEL JAWAD, Nasir Abdullah Odeh']);
      assert.deepEqual(
        [jawad.type, jawad.datesOfBirth, jawad.programs],
        ['person', [{ kind: 'date', value: '1965' }], ['NS-PLC']],
      );
      assert.deepEqual(entryById(entries, 'sdn-27271').datesOfBirth, [{ kind: 'date', value: '1967-10-31' }]);
    });
  });
});
