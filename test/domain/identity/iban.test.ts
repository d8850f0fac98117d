import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateBic, validateIban } from '../../../src/domain/identity/iban.ts';

function failure(raw: string, bic?: string): [string, string | undefined] {
  const result = validateIban(raw, bic === undefined ? {} : { bic });
  assert.equal(result.ok, false, `${raw} should be refused`);
  return result.ok ? ['', undefined] : [result.code, result.field];
}

describe('validateIban', () => {
  it('refuses an IBAN with a bad checksum', () => {
    // The UK example of the IBAN registry, last digit changed.
    assert.deepEqual(failure('GB82WEST12345698765433'), ['IBAN_INVALID_CHECKSUM', undefined]);
    // ibantools README: validateIBAN('NL91ABNA0517164300') reports WrongIBANChecksum.
    assert.deepEqual(failure('NL91ABNA0517164300'), ['IBAN_INVALID_CHECKSUM', undefined]);
    // ibantools docs: isValidIBAN('NL92ABNA0517164300') === false.
    assert.deepEqual(failure('NL92ABNA0517164300'), ['IBAN_INVALID_CHECKSUM', undefined]);
  });

  it('refuses an IBAN whose national account check digits fail', () => {
    // Spain's BBAN carries its own control digits (positions 9–10); mod-97 may fail as well.
    assert.deepEqual(failure('ES9121000418450200051331'), ['IBAN_INVALID_CHECKSUM', undefined]);
  });

  it('refuses an unknown country, a wrong length and a wrong layout', () => {
    assert.deepEqual(failure('XX82WEST12345698765432'), ['IBAN_UNKNOWN_COUNTRY', undefined]);
    assert.deepEqual(failure('GB82WEST1234569876543'), ['IBAN_INVALID_LENGTH', undefined]);
    assert.deepEqual(failure('GB8XWEST12345698765432'), ['IBAN_INVALID_FORMAT', undefined]);
    assert.deepEqual(failure('GB82W3ST12345698765432'), ['IBAN_INVALID_FORMAT', undefined]);
    assert.deepEqual(failure('GB82.WEST.1234.5698.7654.32'), ['IBAN_INVALID_FORMAT', undefined]);
    assert.deepEqual(failure(''), ['IBAN_INVALID_FORMAT', undefined]);
  });

  it('refuses a bad BIC given with a good IBAN, naming the BIC', () => {
    // ibantools docs: isValidBIC('ABN4NL2A') and isValidBIC('ABNA NL 2A') are false.
    assert.deepEqual(failure('NL91ABNA0417164300', 'ABN4NL2A'), ['BIC_INVALID_FORMAT', 'bic']);
    assert.deepEqual(failure('NL91ABNA0417164300', 'ABNA NL 2A'), ['BIC_INVALID_FORMAT', 'bic']);
    assert.deepEqual(failure('NL91ABNA0417164300', 'ABNAXX2A'), ['BIC_UNKNOWN_COUNTRY', 'bic']);
  });

  it('does not echo the IBAN in its message', () => {
    const result = validateIban('GB82WEST12345698765433');
    assert.ok(!result.ok && !/\d{4}/.test(result.message));
  });

  it('accepts the ibantools README examples in electronic form with a masked copy', () => {
    // ibantools README: electronicFormatIBAN('NL91 ABNA 0417 1643 00'), then isValidIBAN.
    const result = validateIban('nl91 abna 0417 1643 00');
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      iban: 'NL91ABNA0417164300',
      country: 'NL',
      masked: 'NL************4300',
      last4: '4300',
      bankCode: 'ABNA',
      bic: null,
    });
    // ibantools docs: validateIBAN('CH4431999123000889012') is valid (a QR-IBAN).
    assert.ok(validateIban('CH4431999123000889012').ok);
  });

  it('accepts the IBAN registry examples of several countries', () => {
    for (const iban of [
      'GB82WEST12345698765432',
      'DE89370400440532013000',
      'FR1420041010050500013M02606',
      'BE68539007547034',
      'ES9121000418450200051332',
      'GB82-WEST-1234-5698-7654-32',
    ]) {
      assert.ok(validateIban(iban).ok, iban);
    }
  });

  it('accepts a matching BIC and warns when its country differs from the IBAN', () => {
    const matching = validateIban('NL91ABNA0417164300', { bic: 'abnanl2a' });
    assert.ok(matching.ok);
    assert.deepEqual([matching.value.bic, matching.warnings], ['ABNANL2A', []]);
    const foreign = validateIban('NL91ABNA0417164300', { bic: 'DEUTDEFF500' });
    assert.ok(foreign.ok);
    assert.deepEqual(
      foreign.warnings.map((warning) => warning.code),
      ['BIC_COUNTRY_MISMATCH'],
    );
  });
});

describe('validateBic', () => {
  it('accepts 8- and 11-character BICs from the ibantools docs', () => {
    const long = validateBic('NEDSZAJJXXX');
    assert.ok(long.ok);
    assert.deepEqual(long.value, { bic: 'NEDSZAJJXXX', country: 'ZA', bankCode: 'NEDS' });
    assert.ok(validateBic('ABNANL2A').ok);
  });

  it('refuses a BIC of the wrong length', () => {
    const result = validateBic('ABNANL2');
    assert.equal(result.ok ? undefined : result.code, 'BIC_INVALID_FORMAT');
  });
});
