import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIST_SOURCES } from '../../../../src/domain/screening/entry.ts';
import { expectedFiles, parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, issuesOf } from './real-lists.ts';

const SDN_ROW = '1,"DOE, John","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."\r\n';
const A_UN_LIST =
  '<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><ENTITIES><ENTITY><DATAID>1</DATAID><FIRST_NAME>ACME</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>';

describe('list import dispatch', () => {
  it('rejects an OFAC set without its main file, or with a file that is not part of it', () => {
    assert.deepEqual(
      issuesOf(parseListFiles('ofac-sdn', [{ name: 'alt.csv', content: '1,2,"aka","X",-0-' }])),
      [{ file: 'sdn.csv', reason: 'the required file is missing' }],
    );
    const [issue] = issuesOf(
      parseListFiles('ofac-sdn', [
        { name: 'sdn.csv', content: SDN_ROW },
        { name: 'cons_alt.csv', content: '' },
      ]),
    );
    assert.deepEqual(
      [issue?.file, issue?.reason],
      ['cons_alt.csv', 'not a file of ofac-sdn (expected sdn.csv, add.csv, alt.csv, sdn_comments.csv)'],
    );
  });

  it('rejects the same file given twice and two files for a single-file list', () => {
    const sdn = { name: 'sdn.csv', content: SDN_ROW };
    assert.deepEqual(issuesOf(parseListFiles('ofac-sdn', [sdn, { ...sdn, name: 'other/SDN.csv' }])), [
      { file: 'other/SDN.csv', reason: 'the same file is given twice' },
    ]);
    const un = { name: 'UN_consolidated.xml', content: A_UN_LIST };
    assert.deepEqual(issuesOf(parseListFiles('un', [un, { name: 'extra.xml', content: A_UN_LIST }])), [
      { file: 'UN_consolidated.xml', reason: 'un is read from exactly one file' },
    ]);
    assert.deepEqual(issuesOf(parseListFiles('uk', [])), [
      { file: 'ConList.csv', reason: 'the required file is missing' },
    ]);
  });

  it('matches file names without regard to case or folder, and takes a lone file of a single-file list by any name', () => {
    const [doe] = entriesOf(parseListFiles('ofac-sdn', [{ name: 'downloads/SDN.CSV', content: SDN_ROW }]));
    assert.deepEqual([doe?.entryId, doe?.datesOfBirth], ['1', [{ kind: 'date', value: '1970' }]]);
    const result = parseListFiles('un', [{ name: '/tmp/un-2026-01-01.xml', content: A_UN_LIST }]);
    assert.deepEqual(
      [entriesOf(result).length, result.ok && result.publishedAt],
      [1, '2026-01-01T00:00:00Z'],
    );
  });

  it('never throws on garbage: every source answers with issues', () => {
    const garbage = [
      '',
      '\u0000\u0001\u0002',
      '{',
      '<',
      '"',
      '<<<>>>',
      '[1,2',
      'a,b\n"c',
      '\uFEFF\u001a',
      'x'.repeat(300_000),
    ];
    for (const source of LIST_SOURCES) {
      for (const content of garbage) {
        const name = expectedFiles(source)[0]?.name ?? 'file';
        const result = parseListFiles(source, [{ name, content }]);
        assert.equal(result.ok, false, `${source} accepted ${JSON.stringify(content.slice(0, 20))}`);
      }
    }
  });

  it('describes the files of each source: exactly one required, the OFAC companions optional', () => {
    for (const source of LIST_SOURCES) {
      assert.equal(expectedFiles(source).filter((file) => file.required).length, 1, source);
    }
    assert.deepEqual(
      expectedFiles('ofac-sdn').map((file) => [file.name, file.required]),
      [
        ['sdn.csv', true],
        ['add.csv', false],
        ['alt.csv', false],
        ['sdn_comments.csv', false],
      ],
    );
    assert.deepEqual(
      expectedFiles('ofac-consolidated').map((file) => file.name),
      ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'],
    );
  });
});
