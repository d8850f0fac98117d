import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildScreeningIndex } from '../../../src/domain/screening/candidate-index.ts';
import {
  DEFAULT_BLOCK_THRESHOLD,
  DEFAULT_REVIEW_THRESHOLD,
  screenName,
  type ScreeningMatch,
} from '../../../src/domain/screening/matcher.ts';
import type { ScreeningQuery } from '../../../src/domain/screening/query.ts';
import { aName, anAlias, anEntry } from './builders.ts';

const putin = anEntry({
  entryId: 'putin',
  names: [aName('PUTIN, Vladimir Vladimirovich'), anAlias('VLADIMIR', 'weak')],
  datesOfBirth: [{ kind: 'date', value: '1952-10-07' }],
  countries: ['RU'],
  identifiers: [{ type: 'passport', number: 'RU-123456789' }],
});
const rosneft = anEntry({
  entryId: 'rosneft',
  type: 'entity',
  names: [aName('ROSNEFT OIL COMPANY'), anAlias('OPEN JOINT STOCK COMPANY ROSNEFT'), anAlias('OAO ROSNEFT')],
  countries: ['RU'],
});
const alAssad = anEntry({
  entryId: 'assad',
  names: [aName('AL-ASSAD, Bashar'), anAlias('ASSAD, Bashar Hafez', 'weak')],
  datesOfBirth: [{ kind: 'range', fromYear: 1964, toYear: 1966 }],
  countries: ['SY'],
});
const vessel = anEntry({ entryId: 'vessel', type: 'vessel', names: [aName('VLADIMIR PUTIN')] });
const index = buildScreeningIndex([putin, rosneft, alAssad, vessel]);

function matches(query: ScreeningQuery, options = {}): readonly ScreeningMatch[] {
  const result = screenName(index, query, options);
  assert.ok(result.ok, `query ${JSON.stringify(query)} should be valid`);
  return result.matches;
}

const matchOf = (query: ScreeningQuery, entryId: string): ScreeningMatch | undefined =>
  matches(query, { threshold: 0.3 }).find((match) => match.entryId === entryId);

function scoreOf(query: ScreeningQuery, entryId: string): number {
  const match = matchOf(query, entryId);
  assert.ok(match !== undefined, `${entryId} should be found for ${query.name}`);
  return match.score;
}

const feature = (match: ScreeningMatch | undefined, name: string) =>
  match?.explanation.features.find((f) => f.feature === name);

describe('screenName: bad queries', () => {
  it('answers an empty or punctuation-only name with a coded result naming the field', () => {
    for (const name of ['', '   ', '.,-;', '\u0000\u0001']) {
      assert.deepEqual(screenName(index, { name }), {
        ok: false,
        code: 'SCREENING_QUERY_INVALID',
        field: 'name',
        reason: 'empty',
      });
    }
  });

  it('refuses a name longer than 1,000 characters rather than screening part of it', () => {
    const result = screenName(index, { name: 'Putin '.repeat(200) });
    assert.equal(result.ok ? undefined : result.reason, 'too_long');
  });

  it('names the field of a malformed date, country, identifier or type', () => {
    const reasonFor = (query: ScreeningQuery) => {
      const result = screenName(index, query);
      return result.ok ? undefined : [result.field, result.reason];
    };
    assert.deepEqual(reasonFor({ name: 'Putin', dateOfBirth: '1952-13-01' }), [
      'dateOfBirth',
      'invalid_date',
    ]);
    assert.deepEqual(reasonFor({ name: 'Putin', dateOfBirth: '1952-02-30' }), [
      'dateOfBirth',
      'invalid_date',
    ]);
    assert.deepEqual(reasonFor({ name: 'Putin', dateOfBirth: '07/10/1952' }), [
      'dateOfBirth',
      'invalid_date',
    ]);
    assert.deepEqual(reasonFor({ name: 'Putin', countries: ['RU', 'Russia'] }), [
      'countries[1]',
      'invalid_country',
    ]);
    assert.deepEqual(reasonFor({ name: 'Putin', identifiers: [{ number: ' - ' }] }), [
      'identifiers[0].number',
      'invalid_identifier',
    ]);
    assert.deepEqual(reasonFor({ name: 'Putin', type: 'robot' as never }), ['type', 'invalid_type']);
  });

  it('screens a name with control characters and mixed scripts', () => {
    assert.equal(matches({ name: 'Vladimir\u0007 Путин', type: 'person' })[0]?.entryId, 'putin');
  });
});

describe('screenName: what is not on the list', () => {
  it('returns nothing for an ordinary name that shares only a given name', () => {
    assert.deepEqual(matches({ name: 'Vladimir Smirnov', type: 'person' }), []);
    assert.deepEqual(matches({ name: 'John Smith' }), []);
  });

  it('does not return a weak one-word alias for a fuller name that does not fit it', () => {
    assert.deepEqual(matches({ name: 'Vladimir Kononov', type: 'person' }), []);
  });
});

describe('screenName: finding listed names', () => {
  it('finds the entry under its primary name written differently, best first, with a band', () => {
    const [best] = matches({ name: 'Vladimir Putin', type: 'person' });
    assert.equal(best?.entryId, 'putin');
    assert.equal(best?.source, 'ofac-sdn');
    assert.equal(best?.matchedName, 'PUTIN, Vladimir Vladimirovich');
    assert.equal(best?.band, 'review');
    const [full] = matches({ name: 'Vladimir Vladimirovich Putin', type: 'person' });
    assert.equal(full?.band, 'block');
    assert.ok((full?.score ?? 0) >= DEFAULT_BLOCK_THRESHOLD);
  });

  it('finds a name in Cyrillic, with a typo, run together or with digits for letters', () => {
    for (const name of ['Владимир Путин', 'Vladimir Ptuin', 'VladimirPutin', 'Vlad1mir Put1n', 'Putin, V.']) {
      assert.equal(matches({ name, type: 'person' })[0]?.entryId, 'putin', name);
    }
  });

  it('finds an organisation under an alias with its legal form written another way', () => {
    const [best] = matches({ name: 'Rosneft OJSC', type: 'entity' });
    assert.equal(best?.entryId, 'rosneft');
    assert.equal(best?.explanation.alias, true);
  });

  it('keeps the best name per entry, sorts best first and honours limit and threshold', () => {
    const all = matches({ name: 'Vladimir Putin' }, { threshold: 0.3 });
    assert.equal(new Set(all.map((match) => match.entryId)).size, all.length);
    assert.deepEqual(
      all.map((match) => match.score),
      [...all.map((match) => match.score)].sort((a, b) => b - a),
    );
    assert.equal(matches({ name: 'Vladimir Putin' }, { threshold: 0.3, limit: 1 }).length, 1);
    assert.ok(matches({ name: 'Vladimir Putin' }).every((match) => match.score >= DEFAULT_REVIEW_THRESHOLD));
  });
});

describe('screenName: evidence beside the name', () => {
  it('lowers the score for a contradicting date of birth, and says so', () => {
    const plain = scoreOf({ name: 'Vladimir Putin', type: 'person' }, 'putin');
    const contradicted = matchOf(
      { name: 'Vladimir Putin', type: 'person', dateOfBirth: '1980-01-01' },
      'putin',
    );
    assert.ok((contradicted?.score ?? 1) < plain - 0.1);
    assert.ok((feature(contradicted, 'date_of_birth')?.delta ?? 0) < 0);
  });

  it('raises it for an equal date, a little for a consistent year or a year within a range', () => {
    const plain = scoreOf({ name: 'Vladimir Putn', type: 'person' }, 'putin');
    const exact = scoreOf({ name: 'Vladimir Putn', type: 'person', dateOfBirth: '1952-10-07' }, 'putin');
    const year = scoreOf({ name: 'Vladimir Putn', type: 'person', dateOfBirth: '1952' }, 'putin');
    assert.ok(exact > year && year > plain, `${exact} > ${year} > ${plain}`);
    const inRange = matchOf({ name: 'Bashar al-Assad', dateOfBirth: '1965-09-11' }, 'assad');
    assert.ok((feature(inRange, 'date_of_birth')?.delta ?? 0) > 0);
    const outOfRange = matchOf({ name: 'Bashar al-Assad', dateOfBirth: '1990' }, 'assad');
    assert.ok((feature(outOfRange, 'date_of_birth')?.delta ?? 0) < 0);
  });

  it('lowers a little for a month or day that differs within the right year', () => {
    const match = matchOf({ name: 'Vladimir Putin', dateOfBirth: '1952-11-07' }, 'putin');
    const delta = feature(match, 'date_of_birth')?.delta ?? 0;
    assert.ok(delta < 0 && delta > -0.1);
  });

  it('raises strongly for an equal identifier, however it is written, and finds the entry by it', () => {
    const plain = scoreOf({ name: 'V. Putin', type: 'person' }, 'putin');
    const identified = matchOf(
      { name: 'V. Putin', type: 'person', identifiers: [{ number: 'ru 123456789' }] },
      'putin',
    );
    assert.ok((identified?.score ?? 0) > plain + 0.05);
    assert.ok((feature(identified, 'identifier')?.delta ?? 0) >= 0.25);
    const byNumber = matches({
      name: 'Volodya Pupkin',
      identifiers: [{ type: 'passport', number: 'RU123456789' }],
    });
    assert.equal(byNumber[0]?.entryId, 'putin');
  });

  it('raises for a shared country and lowers for a different one', () => {
    const shared = matchOf({ name: 'Vladimir Putin', countries: ['ru'] }, 'putin');
    const other = matchOf({ name: 'Vladimir Putin', countries: ['FR'] }, 'putin');
    assert.ok((feature(shared, 'country')?.delta ?? 0) > 0);
    assert.ok((feature(other, 'country')?.delta ?? 0) < 0);
  });

  it('lowers the score when a person is screened against a vessel, and says so', () => {
    const asPerson = matchOf({ name: 'Vladimir Putin', type: 'person' }, 'vessel');
    const asVessel = matchOf({ name: 'Vladimir Putin', type: 'vessel' }, 'vessel');
    assert.ok((asPerson?.score ?? 1) < (asVessel?.score ?? 0));
    assert.ok((feature(asPerson, 'type')?.delta ?? 0) < 0);
  });

  it('lowers the score of a match on a weak alias, and names the alias and its quality', () => {
    const match = matchOf({ name: 'Bashar Hafez Assad', type: 'person' }, 'assad');
    assert.equal(match?.explanation.alias, true);
    if (match?.explanation.matchedName === 'ASSAD, Bashar Hafez') {
      assert.equal(match.explanation.aliasQuality, 'weak');
      assert.ok((feature(match, 'alias_quality')?.delta ?? 0) < 0);
    }
  });

  it('explains each match word by word with every feature and its delta in the summary', () => {
    const match = matchOf({ name: 'Vladimir Putin', dateOfBirth: '1952-10-07', countries: ['RU'] }, 'putin');
    const summary = match?.explanation.summary ?? '';
    assert.match(summary, /PUTIN, Vladimir Vladimirovich/);
    assert.match(summary, /vladimirovich missing from query/);
    assert.match(summary, /date of birth 1952-10-07 equals listed 1952-10-07 \(\+0\.06\)/);
    assert.match(summary, /country RU is listed \(\+0\.03\)/);
    const total =
      (match?.explanation.nameScore ?? 0) +
      (match?.explanation.features ?? []).reduce((s, f) => s + f.delta, 0);
    assert.equal(match?.score, Math.min(1, Math.round(total * 1000) / 1000));
  });
});
