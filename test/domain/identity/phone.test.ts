import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  isSupportedCountry,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { validatePhone } from '../../../src/domain/identity/phone.ts';

function failureCode(raw: string, defaultCountry?: string): string {
  const result = validatePhone(raw, defaultCountry === undefined ? {} : { defaultCountry });
  assert.equal(result.ok, false, `${raw} should be refused`);
  return result.ok ? '' : result.code;
}

function accepted(raw: string, defaultCountry?: string) {
  const result = validatePhone(raw, defaultCountry === undefined ? {} : { defaultCountry });
  assert.ok(result.ok, `${raw} should be accepted: ${JSON.stringify(result)}`);
  return result;
}

describe('validatePhone', () => {
  it('refuses a UK number typed in national form when the default country is US', () => {
    assert.equal(failureCode('020 7946 0018', 'US'), 'PHONE_TOO_LONG');
  });

  it('refuses a national number when no default country says whose it is', () => {
    assert.equal(failureCode('(213) 373-4253'), 'PHONE_NOT_E164');
  });

  it('refuses text that is not a phone number', () => {
    // libphonenumber-js README, "Possible errors": NOT_A_NUMBER for "abcde" and "+".
    assert.equal(failureCode('abcde'), 'PHONE_INVALID');
    assert.equal(failureCode('+'), 'PHONE_INVALID');
    assert.equal(failureCode(''), 'PHONE_INVALID');
  });

  it('refuses a number inside a sentence instead of extracting it', () => {
    assert.equal(failureCode('Call +1 213 373 4253 now'), 'PHONE_NOT_E164');
    assert.equal(failureCode('+1 213 373 4253, thanks'), 'PHONE_INVALID');
  });

  it('refuses a country calling code that does not exist', () => {
    // libphonenumber-js README: parsePhoneNumber('+9991112223333') fails with INVALID_COUNTRY.
    assert.equal(failureCode('+9991112223333'), 'PHONE_UNKNOWN_COUNTRY_CODE');
  });

  it('refuses numbers that are too short or too long', () => {
    // libphonenumber-js README: TOO_SHORT for "+12".
    assert.equal(failureCode('+12'), 'PHONE_TOO_SHORT');
    assert.equal(failureCode('+1213373425399999999'), 'PHONE_TOO_LONG');
  });

  it('refuses a number of the right length outside its country\u2019s plan', () => {
    // libphonenumber-js README: isValidPhoneNumber('+12223333333') === false (possible, not valid).
    assert.equal(failureCode('+12223333333'), 'PHONE_INVALID');
    assert.equal(failureCode('+1 (555) 010-0000'), 'PHONE_INVALID');
  });

  it('refuses a default country that is not a country', () => {
    const result = validatePhone('2133734253', { defaultCountry: 'XX' });
    assert.deepEqual(result.ok ? undefined : [result.code, result.field], [
      'COUNTRY_INVALID',
      'defaultCountry',
    ]);
  });

  it('does not echo the number in its message', () => {
    const result = validatePhone('+12223333333');
    assert.ok(!result.ok && !/\d{4}/.test(result.message), result.ok ? '' : result.message);
  });

  it('accepts the README examples in E.164 with their country', () => {
    // libphonenumber-js README: '+12133734253' is a valid US number.
    assert.deepEqual(accepted('+12133734253').value, {
      e164: '+12133734253',
      country: 'US',
      type: 'fixed_line_or_mobile',
    });
    assert.deepEqual(accepted('+1 (213) 373-4253').value.e164, '+12133734253');
  });

  it('reads a national number with its default country', () => {
    // libphonenumber-js README: '8 (800) 555-35-35' in RU is '+78005553535', type TOLL_FREE.
    const russian = accepted('8 (800) 555-35-35', 'RU');
    assert.equal(russian.value.e164, '+78005553535');
    assert.equal(russian.value.type, 'toll_free');
    assert.deepEqual(accepted('020 7946 0018', 'gb').value, {
      e164: '+442079460018',
      country: 'GB',
      type: 'fixed_line',
    });
  });

  it('keeps the country of an international number whatever the default country', () => {
    assert.equal(accepted('+44 20 7946 0018', 'US').value.country, 'GB');
  });

  it('types a Singapore mobile with the max metadata', () => {
    // libphonenumber-js README, "min vs max": parseMax('+6584655555').getType() === 'MOBILE'.
    assert.equal(accepted('+6584655555').value.type, 'mobile');
  });

  it('warns about VoIP, premium-rate, toll-free and personal numbers', () => {
    const warned = (raw: string) => accepted(raw).warnings.map((warning) => warning.code);
    assert.deepEqual(warned('+44 56 1234 5678'), ['PHONE_VOIP']);
    assert.deepEqual(warned('+1 900 555 1234'), ['PHONE_PREMIUM_RATE']);
    assert.deepEqual(warned('+7 800 555 35 35'), ['PHONE_TOLL_FREE']);
    assert.deepEqual(warned('+44 70 1234 5678'), ['PHONE_PERSONAL_NUMBER']);
    assert.deepEqual(warned('+46 70 123 45 67'), []);
  });

  it('gives no country for a non-geographic number', () => {
    const freephone = accepted('+800 1234 5678');
    assert.equal(freephone.value.country, null);
    assert.equal(freephone.value.type, 'toll_free');
  });

  it('drops an extension with a warning, since E.164 has none', () => {
    const withExtension = accepted('+1 213 373 4253 ext. 123');
    assert.equal(withExtension.value.e164, '+12133734253');
    assert.deepEqual(
      withExtension.warnings.map((warning) => warning.code),
      ['PHONE_EXTENSION_IGNORED'],
    );
  });

  it('accepts the published example mobile number of every country as a mobile', () => {
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (example === undefined) continue;
      const { value } = accepted(example.number);
      assert.ok(['mobile', 'fixed_line_or_mobile'].includes(value.type), `${country}: ${value.type}`);
      // Territories sharing a numbering plan (Isle of Man in +44) resolve to the plan's main country.
      const resolved = value.country;
      const callingCode =
        resolved !== null && isSupportedCountry(resolved) ? getCountryCallingCode(resolved) : undefined;
      assert.equal(callingCode, getCountryCallingCode(country), country);
    }
  });
});
