import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nationalIdTypes, validateNationalId } from '../../../src/domain/identity/national-id.ts';
import { supportedNationalIdCountries } from '../../../src/domain/identity/national-id-schemes.ts';

// Every number below is a published test case: "stdnum-js" is the spec file of the same path in
// koblas/stdnum-js (src/<country>/<scheme>.spec.ts), "python-stdnum" the doctest of the module of the
// same name in arthurdejong/python-stdnum (stdnum/<country>/<scheme>.py).

function failureCode(country: string, number: string, type?: string): string {
  const result = validateNationalId(country, number, type);
  assert.equal(result.ok, false, `${country} ${number} should be refused`);
  return result.ok ? '' : result.code;
}

function accepted(country: string, number: string, type?: string) {
  const result = validateNationalId(country, number, type);
  assert.ok(result.ok, `${country} ${number} should be accepted: ${JSON.stringify(result)}`);
  return result.value;
}

const INVALID: [country: string, number: string, type: string | undefined, code: string, source: string][] = [
  ['US', '666-00-0000', 'ssn', 'NATIONAL_ID_INVALID_COMPONENT', 'python-stdnum us/ssn (invalid area)'],
  ['US', '078-05-1120', 'ssn', 'NATIONAL_ID_INVALID_COMPONENT', 'python-stdnum us/ssn (blacklisted)'],
  ['US', '189092294', 'ssn', 'NATIONAL_ID_INVALID_COMPONENT', 'stdnum-js us/ssn'],
  ['US', '1234567890123', 'ssn', 'NATIONAL_ID_INVALID_LENGTH', 'stdnum-js us/ssn'],
  [
    'US',
    '9129-03456',
    'itin',
    'NATIONAL_ID_INVALID_FORMAT',
    'python-stdnum us/itin (dash in the wrong place)',
  ],
  ['US', '123-45-6789', 'itin', 'NATIONAL_ID_INVALID_COMPONENT', 'python-stdnum us/itin (wrong start digit)'],
  ['US', '912-93-4567', 'itin', 'NATIONAL_ID_INVALID_COMPONENT', 'python-stdnum us/itin (wrong group)'],
  ['US', '00-3456789', 'ein', 'NATIONAL_ID_INVALID_COMPONENT', 'stdnum-js us/ein'],
  [
    'MX',
    'BOXW310820HNERXN08',
    'curp',
    'NATIONAL_ID_INVALID_CHECKSUM',
    'stdnum-js mx/curp, last digit changed',
  ],
  ['MX', 'VACE-460910-SX6', 'rfc', 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js mx/rfc'],
  ['BR', '231.002.999-00', undefined, 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js br/cpf'],
  ['BR', '660-3', 'cpf', 'NATIONAL_ID_INVALID_LENGTH', 'stdnum-js br/cpf'],
  ['BR', '390.533.447=0', 'cpf', 'NATIONAL_ID_INVALID_FORMAT', 'stdnum-js br/cpf'],
  ['BR', '16.727.230.0001-98', undefined, 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js br/cnpj'],
  ['IN', '234123412347', 'aadhaar', 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js in/aadhaar'],
  ['IN', '123412341234', 'aadhaar', 'NATIONAL_ID_INVALID_FORMAT', 'stdnum-js in/aadhaar (starts with 1)'],
  ['IN', '222222222222', 'aadhaar', 'NATIONAL_ID_INVALID_FORMAT', 'stdnum-js in/aadhaar (palindrome)'],
  ['IN', '12345678', 'aadhaar', 'NATIONAL_ID_INVALID_LENGTH', 'stdnum-js in/aadhaar'],
  ['IN', 'ABMPA32111', 'pan', 'NATIONAL_ID_INVALID_FORMAT', 'stdnum-js in/pan'],
  ['IN', 'ABMXA3211G', 'pan', 'NATIONAL_ID_INVALID_COMPONENT', 'stdnum-js in/pan'],
  ['CN', '360426199101010072', undefined, 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js cn/ric'],
  ['CN', '12345678', undefined, 'NATIONAL_ID_INVALID_LENGTH', 'stdnum-js cn/ric'],
  ['ES', '54362315Z', 'dni', 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js es/dni'],
  ['ES', '54362315', 'dni', 'NATIONAL_ID_INVALID_LENGTH', 'stdnum-js es/dni'],
  ['ES', 'x-2482300a', 'nie', 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js es/nie'],
  ['ES', 'B64717839', 'nif', 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js es/nif'],
  ['SE', '880320-0018', undefined, 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js se/personnummer'],
  ['DE', '36574261808', 'idnr', 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js de/idnr'],
  ['FR', '295109912611199', 'nir', 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js fr/nir'],
  ['IT', 'RCCMNL83S18D967H', undefined, 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js it/codicefiscale'],
  ['CA', '999-999-999', undefined, 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js ca/sin'],
  ['PL', '44051401358', undefined, 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js pl/pesel'],
  ['ZA', '8503305044089', 'idnr', 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js za/idnr'],
  ['KR', '971013-9019903', undefined, 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js kr/rrn'],
  ['TR', '17291716050', undefined, 'NATIONAL_ID_INVALID_CHECKSUM', 'stdnum-js tr/tckimlik'],
];

const VALID: [country: string, input: string, compact: string, type: string, source: string][] = [
  ['US', '536-90-4399', '536904399', 'ssn', 'python-stdnum us/ssn, stdnum-js us/ssn'],
  ['US', '912-90-3456', '912903456', 'itin', 'python-stdnum us/itin'],
  ['MX', 'BOXW310820HNERXN09', 'BOXW310820HNERXN09', 'curp', 'stdnum-js mx/curp'],
  ['MX', 'GARS700923HSPLXL06', 'GARS700923HSPLXL06', 'curp', 'stdnum-js mx/curp'],
  ['MX', 'GODE 561231 GR8', 'GODE561231GR8', 'rfc', 'stdnum-js mx/rfc'],
  ['MX', '  mhtr-93041179a  ', 'MHTR93041179A', 'rfc', 'stdnum-js mx/rfc'],
  ['BR', '390.533.447-05', '39053344705', 'cpf', 'stdnum-js br/cpf'],
  ['BR', '16.727.230/0001-97', '16727230000197', 'cnpj', 'stdnum-js br/cnpj'],
  ['BR', '12.ABC.345/01DE-35', '12ABC34501DE35', 'cnpj', 'stdnum-js br/cnpj (alphanumeric, 2026 format)'],
  ['IN', '234123412346', '234123412346', 'aadhaar', 'stdnum-js in/aadhaar'],
  ['IN', 'ACUPA7085R', 'ACUPA7085R', 'pan', 'stdnum-js in/pan'],
  ['CN', '360426199101010071', '360426199101010071', 'ric', 'stdnum-js cn/ric'],
  ['CN', '120103198806018241', '120103198806018241', 'ric', 'stdnum-js cn/ric'],
  ['ES', '54362315-K', '54362315K', 'dni', 'stdnum-js es/dni'],
  ['ES', 'x-2482300w', 'X2482300W', 'nie', 'stdnum-js es/nie'],
  ['SE', '880320-0016', '880320-0016', 'personnummer', 'stdnum-js se/personnummer'],
  ['GB', 'hh012345d', 'HH012345D', 'nino', 'stdnum-js gb/nino'],
  ['DE', '36 574 261 809', '36574261809', 'idnr', 'stdnum-js de/idnr'],
  ['FR', '2 95 10 99 126 111 93', '295109912611193', 'nir', 'stdnum-js fr/nir'],
  ['IT', 'RCCMNL83S18D969H', 'RCCMNL83S18D969H', 'codicefiscale', 'stdnum-js it/codicefiscale'],
  ['CA', '123-456-782', '123456782', 'sin', 'stdnum-js ca/sin'],
  ['PL', '44051401359', '44051401359', 'pesel', 'stdnum-js pl/pesel'],
  ['NL', '1112.22.333', '111222333', 'bsn', 'stdnum-js nl/bsn'],
  ['ZA', '7503305044089', '7503305044089', 'idnr', 'stdnum-js za/idnr'],
  ['KR', '971013-9019902', '9710139019902', 'rrn', 'stdnum-js kr/rrn'],
  ['TR', '17291716060', '17291716060', 'tckimlik', 'stdnum-js tr/tckimlik'],
];

describe('validateNationalId', () => {
  it('refuses the published invalid numbers with the kind of failure the reference gives', () => {
    for (const [country, number, type, code, source] of INVALID) {
      assert.equal(failureCode(country, number, type), code, `${country} ${number} (${source})`);
    }
  });

  it('refuses a country code that is not ISO 3166-1', () => {
    const result = validateNationalId('XX', '536-90-4399');
    assert.deepEqual(result.ok ? undefined : [result.code, result.field], ['COUNTRY_INVALID', 'country']);
    assert.equal(failureCode('USA', '536-90-4399'), 'COUNTRY_INVALID');
  });

  it('refuses a type the country does not have, naming the ones it has', () => {
    const result = validateNationalId('US', '536-90-4399', 'passport');
    assert.ok(!result.ok);
    assert.equal(result.code, 'NATIONAL_ID_TYPE_UNKNOWN');
    assert.equal(result.field, 'type');
    assert.match(result.message, /ein, itin, ssn/);
  });

  it('refuses an empty number', () => {
    assert.equal(failureCode('US', '  '), 'NATIONAL_ID_INVALID_LENGTH');
    assert.equal(failureCode('ZW', ''), 'NATIONAL_ID_INVALID_LENGTH');
  });

  it('reports the deepest failure when no scheme of the country matches', () => {
    // Eleven digits fit the CPF layout but not CNPJ's length: the CPF check digit is what is wrong.
    assert.equal(failureCode('BR', '39053344706'), 'NATIONAL_ID_INVALID_CHECKSUM');
  });

  it('does not echo the number in its message', () => {
    const result = validateNationalId('BR', '231.002.999-00');
    assert.ok(!result.ok && !/\d{3}/.test(result.message), result.ok ? '' : result.message);
  });

  it('accepts the published valid numbers in their compact form with the scheme detected', () => {
    for (const [country, input, compact, type, source] of VALID) {
      const value = accepted(country, input);
      assert.deepEqual([value.number, value.type, value.validated], [compact, type, true], source);
    }
  });

  it('checks only the named scheme when a type is given', () => {
    // A 9-digit US number is ambiguous: 912-93-4567 is no ITIN (python-stdnum us/itin) but is a valid EIN.
    assert.equal(accepted('US', '912-93-4567').type, 'ein');
    assert.equal(accepted('US', '12-3456789', 'EIN').holder, 'entity');
    // IRS Publication 1915: ITIN middle digits also run 50–65, a range python-stdnum predates.
    assert.equal(accepted('US', '912-55-3456', 'itin').number, '912553456');
    assert.equal(accepted('ES', 'ES B-58378431', 'nif').number, 'B58378431');
  });

  it('tells an individual from an entity where the scheme says so', () => {
    assert.equal(accepted('BR', '390.533.447-05').holder, 'individual');
    assert.equal(accepted('BR', '16.727.230/0001-97').holder, 'entity');
  });

  it('accepts a number of an unsupported country unchecked, with a warning', () => {
    const result = validateNationalId('zw', '63-123456 A 42');
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      country: 'ZW',
      number: '63123456A42',
      type: null,
      name: null,
      holder: 'unknown',
      validated: false,
    });
    assert.deepEqual(
      result.warnings.map((warning) => warning.code),
      ['NATIONAL_ID_COUNTRY_UNSUPPORTED'],
    );
    assert.equal(failureCode('ZW', '63#123456'), 'NATIONAL_ID_INVALID_FORMAT');
  });

  it('covers the countries the brief names and lists their types', () => {
    for (const country of ['US', 'MX', 'BR', 'IN', 'CN', 'ES']) {
      assert.ok(supportedNationalIdCountries().includes(country), country);
    }
    assert.deepEqual(nationalIdTypes('US'), ['ein', 'itin', 'ssn']);
    assert.ok(nationalIdTypes('ES').includes('nie'));
    assert.deepEqual(nationalIdTypes('ZW'), []);
    assert.ok(supportedNationalIdCountries().length > 80);
  });
});
