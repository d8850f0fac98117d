import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOfacDob, parseOfacRemarks } from '../../../../src/domain/screening/lists/ofac-remarks.ts';

describe('OFAC Remarks', () => {
  it('reads nothing from text that states no fact it knows', () => {
    const facts = parseOfacRemarks(
      'Linked To: USA REALLY; POB Kabul, Afghanistan; nationality Atlantis; DOB 31 Feb 1970.',
    );
    assert.deepEqual(facts, { datesOfBirth: [], countries: [], identifiers: [], weakAliases: [] });
  });

  it('reads dates of birth as precise as written, alt. ones too', () => {
    assert.deepEqual(parseOfacRemarks('DOB 12 Jan 1965; alt. DOB Jan 1966; alt. DOB 1967.').datesOfBirth, [
      { kind: 'date', value: '1965-01-12' },
      { kind: 'date', value: '1966-01' },
      { kind: 'date', value: '1967' },
    ]);
  });

  it('keeps circa as an approximate date and spans as ranges', () => {
    assert.deepEqual(parseOfacDob('circa 1960'), { kind: 'date', value: '1960', approximate: true });
    assert.deepEqual(parseOfacDob('1960 to 1965'), { kind: 'range', fromYear: 1960, toYear: 1965 });
    assert.deepEqual(parseOfacDob('circa 1979-1982'), { kind: 'range', fromYear: 1979, toYear: 1982 });
    assert.deepEqual(parseOfacDob('01 Jan 1946 to 31 Dec 1948'), {
      kind: 'range',
      fromYear: 1946,
      toYear: 1948,
    });
  });

  it('reads a day span that covers a whole month or year as that month or year', () => {
    assert.deepEqual(parseOfacDob('01 Mar 1965 to 31 Mar 1965'), { kind: 'date', value: '1965-03' });
    assert.deepEqual(parseOfacDob('01 Jan 1965 to 31 Dec 1965'), { kind: 'date', value: '1965' });
    assert.deepEqual(parseOfacDob('Mar 1962 to Feb 1963'), { kind: 'range', fromYear: 1962, toYear: 1963 });
  });

  it('maps nationality and citizenship spellings to ISO codes', () => {
    const facts = parseOfacRemarks(
      "nationality Korea, North; citizen Iran; alt. nationality Burma; nationality Congo, Democratic Republic of the; citizen Cote d'Ivoire; nationality Palestinian.",
    );
    assert.deepEqual(facts.countries, ['KP', 'IR', 'MM', 'CD', 'CI', 'PS']);
  });

  it('reads identifiers with their issuing country, dropping issue and expiry dates', () => {
    const facts = parseOfacRemarks(
      'Passport RL 2101602 (Lebanon) issued 14 Aug 1995 expires 13 Aug 2000; National ID No. 781005202108; ' +
        'Tax ID No. 7704140399 (Russia); Cedula No. 11734796 (Venezuela); Vessel Registration Identification IMO 9569712; ' +
        'Matricula Mercantil No 21-573208-02 (Medellin); Website www.usareally.com; Email Address a@b.example.',
    );
    assert.deepEqual(facts.identifiers, [
      { type: 'passport', number: 'RL 2101602', country: 'LB' },
      { type: 'national_id', number: '781005202108' },
      { type: 'tax_id', number: '7704140399', country: 'RU' },
      { type: 'cedula', number: '11734796', country: 'VE' },
      { type: 'imo', number: '9569712' },
      { type: 'matricula_mercantil', number: '21-573208-02' },
      { type: 'website', number: 'www.usareally.com' },
      { type: 'email', number: 'a@b.example' },
    ]);
  });

  it('reads the quoted a.k.a., f.k.a. and n.k.a. as weak aliases, apostrophes and all', () => {
    const facts = parseOfacRemarks("a.k.a. 'ABU MUHAMMAD'; f.k.a. 'AL-QA'IDA'; n.k.a. 'NEW NAME'.");
    assert.deepEqual(facts.weakAliases, ['ABU MUHAMMAD', "AL-QA'IDA", 'NEW NAME']);
  });

  it('reads the stated gender', () => {
    assert.equal(parseOfacRemarks('Gender Female.').gender, 'female');
    assert.equal(parseOfacRemarks('Gender Male').gender, 'male');
  });
});
