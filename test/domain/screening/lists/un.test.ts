import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ListEntry } from '../../../../src/domain/screening/entry.ts';
import { parseListFiles } from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, entryById, issuesOf, namesOf, readListFile } from './real-lists.ts';

const un = (content: string) => parseListFiles('un', [{ name: 'UN_consolidated.xml', content }]);

const aList = (individuals: string): string =>
  `<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">\n<INDIVIDUALS>\n${individuals}\n</INDIVIDUALS>\n</CONSOLIDATED_LIST>`;

describe('UN consolidated XML: bad input', () => {
  it('rejects a file cut off halfway, naming the file', () => {
    const real = readListFile('un', 'UN_consolidated.xml').content;
    const [issue] = issuesOf(un(real.slice(0, real.length / 2)));
    assert.equal(issue?.file, 'UN_consolidated.xml');
    assert.match(issue?.reason ?? '', /not well-formed XML \(the file may be truncated\)/);
  });

  it('rejects text that is not XML, and a DOCTYPE (entity expansion is never needed)', () => {
    assert.match(issuesOf(un('DATAID,NAME\n1,X'))[0]?.reason ?? '', /not well-formed XML/);
    const doctype = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<CONSOLIDATED_LIST/>';
    assert.deepEqual(issuesOf(un(doctype)), [
      { file: 'UN_consolidated.xml', line: 2, reason: 'a DOCTYPE declaration is not accepted' },
    ]);
  });

  it('rejects an individual with no name or no DATAID, naming the line', () => {
    const issues = issuesOf(
      un(
        aList(
          '<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME/></INDIVIDUAL>\n<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>',
        ),
      ),
    );
    assert.deepEqual(issues, [
      { file: 'UN_consolidated.xml', line: 4, reason: 'DATAID 1 has no name' },
      { file: 'UN_consolidated.xml', line: 5, reason: 'DATAID "" is missing or not a number' },
    ]);
  });

  it('refuses XML nested deeper than the parser allows, or naming __proto__', () => {
    const deep = `<CONSOLIDATED_LIST>${'<a>'.repeat(300)}${'</a>'.repeat(300)}</CONSOLIDATED_LIST>`;
    assert.deepEqual(issuesOf(un(deep)), [
      { file: 'UN_consolidated.xml', reason: 'the XML is refused: Maximum nested tags exceeded' },
    ]);
    assert.match(
      issuesOf(un(aList('<__proto__><x>1</x></__proto__>')))[0]?.reason ?? '',
      /^the XML is refused: .*__proto__/,
    );
  });

  it('rejects a well-formed file of another kind, and an empty one', () => {
    assert.match(issuesOf(un('<export/>'))[0]?.reason ?? '', /not a UN consolidated list/);
    assert.deepEqual(issuesOf(un(' \n')), [{ file: 'UN_consolidated.xml', reason: 'the file is empty' }]);
  });
});

describe('UN consolidated XML: the 2026-02-27 list', () => {
  let entries: readonly ListEntry[] = [];
  let publishedAt: string | undefined;
  before(() => {
    const result = parseListFiles('un', [readListFile('un', 'UN_consolidated.xml')]);
    entries = entriesOf(result);
    publishedAt = result.ok ? result.publishedAt : undefined;
  });

  it('reads every INDIVIDUAL and ENTITY, dated by the root dateGenerated', () => {
    assert.equal(entries.filter((entry) => entry.type === 'person').length, 730);
    assert.equal(entries.filter((entry) => entry.type === 'entity').length, 273);
    assert.equal(publishedAt, '2026-02-27T00:00:09.554Z');
  });

  it('reads names, Good and Low aliases, both exact dates of birth and the nationality', () => {
    const nkunda = entryById(entries, '6908013');
    assert.equal(nkunda.names[0]?.full, 'LAURENT NKUNDA');
    assert.ok(namesOf(nkunda, 'strong').includes('Laurent Nkundabatware'));
    assert.deepEqual(namesOf(nkunda, 'weak'), ['Chairman', 'General Nkunda', 'Papa Six']);
    assert.deepEqual(nkunda.datesOfBirth, [
      { kind: 'date', value: '1967-02-06' },
      { kind: 'date', value: '1967-02-02' },
    ]);
    assert.deepEqual([nkunda.countries, nkunda.programs, nkunda.gender], [['CD'], ['DRC'], 'male']);
  });

  it('reads passports with their issuing country and a year-only date of birth', () => {
    const hassan = entryById(entries, '6908994');
    assert.deepEqual(
      hassan.identifiers.filter((id) => id.type === 'passport'),
      [
        { type: 'passport', number: 'AB850901', country: 'TZ' },
        { type: 'passport', number: 'AB187304', country: 'TZ' },
      ],
    );
    assert.deepEqual(hassan.datesOfBirth, [
      { kind: 'date', value: '1997-07-21' },
      { kind: 'date', value: '1993' },
    ]);
    assert.deepEqual(hassan.countries, ['TZ']);
  });

  it('keeps APPROXIMATELY as an approximate date and BETWEEN as a range', () => {
    assert.deepEqual(entryById(entries, '6908006').datesOfBirth, [
      { kind: 'date', value: '1962-03-17' },
      { kind: 'date', value: '1966', approximate: true },
    ]);
    assert.deepEqual(entryById(entries, '6908021').datesOfBirth, [
      { kind: 'range', fromYear: 1973, toYear: 1974 },
    ]);
  });

  it('reads the name in original script and an entity with a.k.a. and f.k.a. aliases', () => {
    assert.ok(namesOf(entryById(entries, '6908072'), 'strong').includes('طارق عزيز'));
    const adf = entryById(entries, '6908402');
    assert.deepEqual(namesOf(adf, 'strong'), [
      'ADF',
      'Allied Democratic Forces',
      'Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda',
      'ADF/NALU',
      'NALU',
    ]);
    assert.deepEqual(adf.identifiers, [{ type: 'un_reference', number: 'CDe.001' }]);
  });
});
