import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countryFromCode, countryFromName } from '../../../../src/domain/screening/lists/countries.ts';

describe('publisher country spellings', () => {
  it('keeps nothing for a value that is not a country or could be two', () => {
    for (const value of [
      '',
      'undetermined',
      'former Soviet Union',
      'Region: Crimea',
      'Medellin',
      'Congo',
      'Netherlands Antilles',
      'possibly Palestinian',
      'XX',
    ]) {
      assert.equal(countryFromName(value), undefined, value);
    }
    assert.equal(countryFromCode('00'), undefined);
    assert.equal(countryFromCode('suhh'), undefined);
  });

  it("maps the publishers' own spellings", () => {
    const cases: [string, string][] = [
      ['Korea, North', 'KP'],
      ["Democratic People's Republic of Korea", 'KP'],
      ['Iran', 'IR'],
      ['Iran (Islamic Republic of)', 'IR'],
      ['Russia', 'RU'],
      ['Russian Federation', 'RU'],
      ['Burma', 'MM'],
      ['Congo, Democratic Republic of the', 'CD'],
      ['Syria', 'SY'],
      ['Venezuela', 'VE'],
      ["Cote d'Ivoire", 'CI'],
      ['Cote d Ivoire', 'CI'],
      ['Palestinian', 'PS'],
      ['Gaza', 'PS'],
      ['West Bank', 'PS'],
      ['Bahamas, The', 'BS'],
      ['Türkiye', 'TR'],
      ['United Kingdom of Great Britain and Northern Ireland', 'GB'],
      ['PRC', 'CN'],
    ];
    for (const [spelling, code] of cases) assert.equal(countryFromName(spelling), code, spelling);
  });

  it('reads upper-case alpha-2 and alpha-3 codes, and lower-case codes only where codes are expected', () => {
    assert.deepEqual(
      [countryFromName('IQ'), countryFromName('IRN'), countryFromName('XK')],
      ['IQ', 'IR', 'XK'],
    );
    assert.equal(countryFromName('in'), undefined);
    assert.deepEqual([countryFromCode('ru'), countryFromCode('deu')], ['RU', 'DE']);
  });
});
