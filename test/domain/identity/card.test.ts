import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { inspectCard, validateCardExpiry } from '../../../src/domain/identity/card.ts';

const KEY = Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex');

function failureCode(number: string): string {
  const result = inspectCard(number, KEY);
  assert.equal(result.ok, false, `${number} should be refused`);
  return result.ok ? '' : result.code;
}

describe('inspectCard', () => {
  it('refuses a number failing the Luhn check', () => {
    assert.equal(failureCode('4111111111111112'), 'CARD_INVALID_CHECKSUM');
    assert.equal(failureCode('5555 5555 5555 4445'), 'CARD_INVALID_CHECKSUM');
    assert.equal(failureCode('1234567812345678'), 'CARD_INVALID_CHECKSUM');
  });

  it('refuses a length its network never issues', () => {
    // 13-digit Visa numbers are no longer issued; card-validator allows 16, 18 and 19.
    assert.equal(failureCode('4222222222222'), 'CARD_INVALID_LENGTH');
    assert.equal(failureCode('41111111111'), 'CARD_INVALID_LENGTH');
    assert.equal(failureCode('41111111111111111111'), 'CARD_INVALID_LENGTH');
  });

  it('refuses anything but digits, spaces and dashes', () => {
    assert.equal(failureCode('4111-1111-1111-111O'), 'CARD_INVALID_FORMAT');
    assert.equal(failureCode(''), 'CARD_INVALID_FORMAT');
  });

  it('refuses a fingerprint key too short to resist guessing', () => {
    assert.throws(() => inspectCard('4111111111111111', Buffer.alloc(16)), RangeError);
  });

  it('returns only the fingerprint, last four, network and BIN: never the number', () => {
    const result = inspectCard('4111 1111 1111 1111', KEY);
    assert.ok(result.ok);
    assert.deepEqual(Object.keys(result.value).sort(), ['bin', 'fingerprint', 'last4', 'network']);
    assert.deepEqual(result.value, {
      fingerprint: createHmac('sha256', KEY).update('4111111111111111').digest('hex'),
      last4: '1111',
      network: 'visa',
      bin: '411111',
    });
    assert.ok(!JSON.stringify(result).includes('4111111111111111'));
  });

  it('gives the same card the same fingerprint however it is typed, and another key another one', () => {
    const a = inspectCard('5555555555554444', KEY);
    const b = inspectCard(' 5555-5555-5555-4444 ', KEY);
    const other = inspectCard('5555555555554444', Buffer.alloc(32, 1));
    assert.ok(a.ok && b.ok && other.ok);
    assert.equal(a.value.fingerprint, b.value.fingerprint);
    assert.notEqual(a.value.fingerprint, other.value.fingerprint);
  });

  it('names the network of the processors\u2019 published test numbers', () => {
    for (const [number, network] of [
      ['5555555555554444', 'mastercard'],
      ['2223003122003222', 'mastercard'],
      ['378282246310005', 'american-express'],
      ['6011111111111117', 'discover'],
      ['3530111333300000', 'jcb'],
      ['36227206271667', 'diners-club'],
      ['6200000000000005', 'unionpay'],
    ]) {
      const result = inspectCard(number ?? '', KEY);
      assert.equal(result.ok ? result.value.network : result.code, network, number);
    }
  });

  it('keeps a Luhn-valid number of an unknown network, with a warning', () => {
    const result = inspectCard('9999999999999995', KEY);
    assert.ok(result.ok);
    assert.equal(result.value.network, 'unknown');
    assert.deepEqual(
      result.warnings.map((warning) => warning.code),
      ['CARD_UNKNOWN_NETWORK'],
    );
  });
});

describe('validateCardExpiry', () => {
  const now = new Date('2026-03-15T10:00:00Z');

  it('refuses a card whose expiry month has passed', () => {
    const result = validateCardExpiry(2, 26, now);
    assert.equal(result.ok ? undefined : result.code, 'CARD_EXPIRED');
  });

  it('refuses a month that does not exist or a year far ahead', () => {
    for (const [month, year] of [
      [13, 2027],
      [0, 2027],
      ['ab', 2027],
      [1, 2099],
      [1, -1],
    ] as const) {
      const result = validateCardExpiry(month, year, now);
      assert.equal(result.ok ? undefined : result.code, 'CARD_EXPIRY_INVALID', `${month}/${year}`);
    }
  });

  it('keeps a card valid through the last day of its expiry month', () => {
    const result = validateCardExpiry('03', '26', now);
    assert.ok(result.ok);
    assert.deepEqual(result.value, { month: 3, year: 2026, validThrough: '2026-03-31' });
    const leap = validateCardExpiry(2, 2028, now);
    assert.equal(leap.ok ? leap.value.validThrough : undefined, '2028-02-29');
  });
});
