import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareNames, type NameComparison } from '../../../src/domain/screening/compare.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../../../src/domain/screening/matcher.ts';
import { DIFFERENT_NAMES, SAME_NAMES } from './name-cases.ts';

function compared(a: string, b: string, type?: 'person' | 'entity'): NameComparison {
  const result = compareNames(a, b, type === undefined ? {} : { type });
  assert.ok(result.ok, `${a} / ${b} should be comparable`);
  return result;
}

const lineFor = (comparison: NameComparison, query: string | null) =>
  comparison.tokens.find((token) => token.query === query);

describe('compareNames: different people and organisations stay apart', () => {
  for (const group of DIFFERENT_NAMES) {
    it(`does not match ${group.label}`, () => {
      for (const [query, listed] of group.pairs) {
        const { score } = compared(query, listed, group.type === 'person' ? 'person' : 'entity');
        assert.ok(score < DEFAULT_REVIEW_THRESHOLD, `${query} / ${listed} scored ${score}`);
      }
    });
  }

  it('scores a father-and-son swap around "bin" below the same words in order, and says why', () => {
    const swapped = compared('Salman bin Muhammad al-Rawi', 'Muhammad bin Salman al-Rawi', 'person');
    assert.ok(
      swapped.penalties.some((penalty) => penalty.reason === 'patronym_swapped' && penalty.delta < 0),
    );
  });

  it('names a legal-form conflict (AG against GmbH) as a penalty', () => {
    const conflict = compared('Deutsche Bank GmbH', 'Deutsche Bank AG', 'entity');
    assert.ok(conflict.penalties.some((penalty) => penalty.reason === 'legal_form_conflict'));
  });

  it('caps a name of initials alone well below review', () => {
    const initials = compared('N.N.', 'Nursultan Nazarbayev', 'person');
    assert.ok(initials.score <= 0.5);
    assert.ok(initials.penalties.some((penalty) => penalty.reason === 'no_distinctive_word'));
  });
});

describe('compareNames: one name written differently still matches', () => {
  for (const group of SAME_NAMES) {
    it(`matches ${group.label}`, () => {
      for (const [query, listed] of group.pairs) {
        const { score } = compared(query, listed, group.type === 'person' ? 'person' : 'entity');
        assert.ok(score >= DEFAULT_REVIEW_THRESHOLD, `${query} / ${listed} scored ${score}`);
      }
    });
  }

  it('scores identical names 1 and keeps every score in [0, 1]', () => {
    assert.equal(compared('Vladimir Putin', 'Vladimir Putin').score, 1);
    for (const group of [...SAME_NAMES, ...DIFFERENT_NAMES]) {
      for (const [query, listed] of group.pairs) {
        const { score } = compared(query, listed);
        assert.ok(score >= 0 && score <= 1, `${query} / ${listed} scored ${score}`);
      }
    }
  });

  it('is order-insensitive: a reordered name scores as the name', () => {
    assert.equal(compared('Putin Vladimir', 'Vladimir Putin').score, 1);
  });

  it('penalises a missing middle name lightly and a different one heavily', () => {
    const missing = compared('Sergey Lavrov', 'Sergey Viktorovich Lavrov', 'person').score;
    const different = compared('Sergey Borisovich Lavrov', 'Sergey Viktorovich Lavrov', 'person').score;
    assert.ok(missing >= DEFAULT_REVIEW_THRESHOLD);
    assert.ok(different < missing - 0.2, `missing ${missing}, different ${different}`);
  });
});

describe('compareNames: the explanation says which words met and how', () => {
  it('marks exact, initial and missing words', () => {
    const comparison = compared('V. Putin', 'Vladimir Vladimirovich Putin', 'person');
    assert.equal(lineFor(comparison, 'putin')?.kind, 'exact');
    assert.equal(lineFor(comparison, 'v')?.kind, 'initial');
    assert.equal(lineFor(comparison, 'v')?.candidate, 'vladimir');
    assert.ok(
      comparison.tokens.some((token) => token.kind === 'missing' && token.candidate === 'vladimirovich'),
    );
  });

  it('marks romanisation variants, sound-alikes and typos', () => {
    assert.equal(lineFor(compared('Wolodymyr', 'Volodymyr'), 'wolodymyr')?.kind, 'transliteration');
    assert.equal(lineFor(compared('Mohamed', 'Muhammad'), 'mohamed')?.kind, 'phonetic');
    assert.equal(lineFor(compared('Vladimir Putn', 'Vladimir Putin'), 'putn')?.kind, 'fuzzy');
    assert.equal(lineFor(compared('Bill Clinton', 'William Clinton'), 'bill')?.kind, 'equivalent');
  });

  it('marks words run together, acronyms and words only the query has', () => {
    assert.equal(lineFor(compared('VladimirPutin', 'Vladimir Putin'), 'vladimirputin')?.kind, 'joined');
    assert.equal(
      lineFor(compared('IRGC', 'Islamic Revolutionary Guard Corps', 'entity'), 'irgc')?.kind,
      'acronym',
    );
    const extra = compared('Vladimir Ilyich Putin', 'Vladimir Putin', 'person');
    assert.equal(lineFor(extra, 'ilyich')?.kind, 'extra');
  });

  it('weighs a title and a particle less than a name word', () => {
    const comparison = compared('Sheikh Ahmad al-Tayyib', 'Ahmad Tayyib', 'person');
    assert.ok((lineFor(comparison, 'sheikh')?.weight ?? 1) < 0.5);
    assert.ok((lineFor(comparison, 'al')?.weight ?? 1) < 0.5);
    assert.equal(lineFor(comparison, 'ahmad')?.weight, 1);
  });
});

describe('compareNames: bad input is an answer, not an exception', () => {
  it('refuses an empty name, naming the side', () => {
    assert.deepEqual(compareNames('', 'Vladimir Putin'), {
      ok: false,
      code: 'SCREENING_QUERY_INVALID',
      field: 'a',
      reason: 'empty',
    });
    assert.deepEqual(compareNames('Vladimir Putin', ' ,.-'), {
      ok: false,
      code: 'SCREENING_QUERY_INVALID',
      field: 'b',
      reason: 'empty',
    });
  });

  it('refuses a name over 1,000 characters, and reads a name of nothing but titles as the name', () => {
    const tooLong = compareNames('a'.repeat(1001), 'Vladimir Putin');
    assert.equal(tooLong.ok ? undefined : tooLong.reason, 'too_long');
    const titles = compareNames('Vladimir Putin', 'Mr. al', { type: 'person' });
    assert.equal(titles.ok, true);
    const legalOnly = compareNames('LLC Ltd', 'Rosneft', { type: 'entity' });
    assert.equal(legalOnly.ok, true);
  });

  it('compares names with control characters and mixed scripts without throwing', () => {
    const mixed = compared('Vladimir\u0000 Путин', 'Vladimir Putin');
    assert.ok(mixed.score >= DEFAULT_REVIEW_THRESHOLD);
    const long = compared('Ab '.repeat(300), 'Vladimir Putin');
    assert.ok(long.score < DEFAULT_REVIEW_THRESHOLD);
  });

  it('refuses a value that is not text', () => {
    const result = compareNames(42 as unknown as string, 'Vladimir Putin');
    assert.equal(result.ok ? undefined : result.reason, 'not_text');
  });
});
