import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildScreeningIndex } from '../../../src/domain/screening/candidate-index.ts';
import { findCandidates, MAX_CANDIDATES } from '../../../src/domain/screening/candidates.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../../../src/domain/screening/matcher.ts';
import { normalizeName } from '../../../src/domain/screening/normalize.ts';
import { aName, anAlias, anEntry } from './builders.ts';

const entries = [
  anEntry({
    entryId: 'sechin',
    names: [aName('SECHIN, Igor Ivanovich')],
    identifiers: [{ type: 'passport', number: '12 3456789' }],
  }),
  anEntry({ entryId: 'patrushev', names: [aName('PATRUSHEV, Nikolai Platonovich')] }),
  anEntry({ entryId: 'assad', names: [aName('AL-ASSAD, Bashar'), anAlias('بشار الأسد')] }),
  anEntry({ entryId: 'siemens', type: 'entity', names: [aName('SIEMENSAG HOLDING')] }),
  ...Array.from({ length: 300 }, (_, i) =>
    anEntry({ entryId: `filler-${i}`, names: [aName(`MOHAMMED, Ali ${i}`)] }),
  ),
];
const index = buildScreeningIndex(entries);

function candidateEntries(name: string): string[] {
  const ids = findCandidates(index, normalizeName(name), DEFAULT_REVIEW_THRESHOLD);
  return ids.map((id) => entries[index.names[id]?.entry ?? -1]?.entryId ?? '?');
}

describe('buildScreeningIndex', () => {
  it('indexes nothing for no entries, and finds nothing in it', () => {
    const empty = buildScreeningIndex([]);
    assert.equal(empty.names.length, 0);
    assert.deepEqual(findCandidates(empty, normalizeName('Igor Sechin'), DEFAULT_REVIEW_THRESHOLD), []);
  });

  it('indexes every name of every entry and each distinct word once', () => {
    assert.equal(
      index.names.length,
      entries.reduce((sum, entry) => sum + entry.names.length, 0),
    );
    assert.equal(index.wordTokens.filter((token) => token.key === 'mohammed').length, 1);
    assert.deepEqual(index.identifiers.get('123456789'), [0]);
  });
});

describe('findCandidates', () => {
  it('does not return names that share only a common word with the query', () => {
    assert.deepEqual(candidateEntries('Ali Sechenov'), []);
  });

  it('finds a name through a typo, a swapped letter, a missing letter or a romanisation variant', () => {
    for (const name of ['Igor Sehcin', 'Igor Sechn', 'Igor Setchin', 'Igor Sechinn', 'Nikolay Patrushev']) {
      assert.ok(
        candidateEntries(name).some((id) => id === 'sechin' || id === 'patrushev'),
        name,
      );
    }
  });

  it('finds a name split or run together, or written in Arabic script', () => {
    assert.ok(candidateEntries('Nikolai Patr Ushev').includes('patrushev'));
    assert.ok(candidateEntries('IgorSechin').includes('sechin'));
    assert.ok(candidateEntries('Siemens AG Holding').includes('siemens'));
    assert.ok(candidateEntries('بشار الاسد').includes('assad'));
  });

  it('bounds the names scored for a query of very common words', () => {
    assert.ok(candidateEntries('Mohammed Ali').length <= MAX_CANDIDATES);
  });
});
