import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ListEntry } from '../../../../src/domain/screening/entry.ts';
import {
  diffEntries,
  entryContentHash,
  parseListFiles,
} from '../../../../src/domain/screening/lists/index.ts';
import { entriesOf, entryById, readListFiles, SDN_FILES } from './real-lists.ts';

const anEntry = (overrides: Partial<ListEntry> = {}): ListEntry => ({
  source: 'deny-list',
  entryId: 'e-1',
  type: 'person',
  names: [{ full: 'DOE, John', quality: 'strong', primary: true }],
  datesOfBirth: [],
  countries: ['GB'],
  addresses: [],
  identifiers: [],
  programs: [],
  ...overrides,
});

/** The same value with every object's keys in reverse order. */
const reverseKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, member]) => [key, reverseKeys(member)]),
  );
};

describe('list diff', () => {
  it('finds no difference between a list and itself, or a copy with its keys reordered', () => {
    const entry = anEntry();
    const reordered = reverseKeys(entry) as ListEntry;
    assert.deepEqual(diffEntries([entry], [reordered]), { added: [], changed: [], removed: [] });
    assert.equal(entryContentHash(entry), entryContentHash(reordered));
    assert.match(entryContentHash(entry), /^[0-9a-f]{64}$/);
  });

  it('reports an entry whose content changed, with both versions', () => {
    const before = anEntry();
    const after = anEntry({ countries: ['GB', 'IE'] });
    assert.deepEqual(diffEntries([before], [after]), {
      added: [],
      changed: [{ previous: before, next: after }],
      removed: [],
    });
  });

  describe('the older and the newer SDN snapshot', () => {
    let older: readonly ListEntry[] = [];
    let newer: readonly ListEntry[] = [];
    before(() => {
      older = entriesOf(parseListFiles('ofac-sdn', readListFiles('ofac-sdn-older', SDN_FILES)));
      newer = entriesOf(parseListFiles('ofac-sdn', readListFiles('ofac-sdn', SDN_FILES)));
    });

    it('counts the ids only one side lists as added or removed', () => {
      assert.equal(older.length, 7379);
      const diff = diffEntries(older, newer);
      // Checked with comm(1) over the ent_num columns: 1858 new ids, 261 gone (7379 - 261 + 1858 = 8976).
      assert.equal(diff.added.length, 1858);
      assert.equal(diff.removed.length, 261);
      assert.ok(
        diff.removed.some(
          (entry) => entry.entryId === '10096' && entry.names[0]?.full === 'PLAZA REAL LTDA.',
        ),
      );
      assert.ok(
        diff.added.some(
          (entry) => entry.entryId === '32391' && entry.names[0]?.full === 'DJIBO, Ousmane Illiassou',
        ),
      );
    });

    it('marks an entry whose programs and remarks were amended as changed, and an untouched one as not', () => {
      const diff = diffEntries(older, newer);
      const malkevich = diff.changed.find((change) => change.next.entryId === '26235');
      assert.deepEqual(malkevich?.previous.programs, ['CYBER2']);
      assert.deepEqual(malkevich?.next.programs, ['UKRAINE-EO13661', 'CYBER2', 'ELECTION-EO13848']);
      assert.ok(!diff.changed.some((change) => change.next.entryId === '36'));
      assert.equal(entryContentHash(entryById(older, '36')), entryContentHash(entryById(newer, '36')));
    });
  });
});
