import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ListEntry } from '../../../../src/domain/screening/entry.ts';
import { parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, entryById, issuesOf, namesOf, readListFile, readListFiles } from './real-lists.ts';

const CONS_FILES = ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'];

describe('OFAC consolidated (non-SDN) CSV', () => {
  it('rejects the set when cons_prim.csv is missing', () => {
    const issues = issuesOf(
      parseListFiles('ofac-consolidated', [readListFile('ofac-consolidated', 'cons_alt.csv')]),
    );
    assert.deepEqual(issues, [{ file: 'cons_prim.csv', reason: 'the required file is missing' }]);
  });

  it('rejects a truncated cons_alt.csv, naming the file and line', () => {
    const [prim, alt] = readListFiles('ofac-consolidated', ['cons_prim.csv', 'cons_alt.csv']);
    const cut = alt!.content.slice(0, alt!.content.indexOf('"GAZPROMBANK OPEN JOINT') + 12);
    const [issue] = issuesOf(
      parseListFiles('ofac-consolidated', [prim!, { name: 'cons_alt.csv', content: cut }]),
    );
    assert.equal(issue?.file, 'cons_alt.csv');
    assert.equal(issue?.line, cut.split('\n').length);
  });

  describe('the real files', () => {
    let entries: readonly ListEntry[] = [];
    before(() => {
      entries = entriesOf(
        parseListFiles('ofac-consolidated', readListFiles('ofac-consolidated', CONS_FILES)),
      );
    });

    it('reads every row of cons_prim.csv as one entry of the consolidated list', () => {
      assert.equal(entries.length, 442);
      assert.ok(entries.every((entry) => entry.source === 'ofac-consolidated'));
    });

    it('reads an identifier that only the comments file completes', () => {
      const gazprombank = entryById(entries, '17016');
      assert.equal(gazprombank.names[0]?.full, 'GAZPROMBANK JOINT STOCK COMPANY');
      assert.ok(
        gazprombank.identifiers.some(
          (id) => id.type === 'tax_id' && id.number === '7744001497' && id.country === 'RU',
        ),
      );
      assert.ok(namesOf(gazprombank, 'strong').includes('GAZPROMBANK OPEN JOINT STOCK COMPANY'));
      assert.ok(
        gazprombank.addresses.some(
          (a) => a.text === '6 Enh-Taivan St., Ulaanbaatar 14250, Mongolia' && a.country === 'MN',
        ),
      );
    });

    it('reads a person of the Palestinian Legislative Council list', () => {
      const haniya = entryById(entries, '9639');
      assert.deepEqual(
        [haniya.type, haniya.names[0]?.full, haniya.datesOfBirth, haniya.programs],
        ['person', 'HANIYA, Ismail Abdul Salah', [{ kind: 'date', value: '1962' }], ['NS-PLC']],
      );
    });
  });
});
