/**
 * Event keys written for the binary COPY from their decimal text without BigInt
 * (src/domain/access-log/int64-text.ts): the same 8 bytes as DataView.setBigInt64, at every edge and
 * over random values.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { writeInt64Decimal } from '../../src/domain/access-log/int64-text.ts';

const EDGES = [
  '0000000000000000',
  '0000000000000001',
  '00000000ffffffff',
  '0000000100000000',
  '001fffffffffffff', // 2⁵³ − 1, the last value a double holds exactly
  '0020000000000000',
  '0020000000000001',
  '00ffffffffffffff',
  '0100000000000000',
  '0000ffffff000000',
  '7fffffffffffffff',
  '8000000000000000',
  '8000000000000001',
  '80000000ffffffff',
  'ffffffff00000000',
  'fffffffeffffffff',
  'ffe0000000000000',
  'ffdfffffffffffff',
  'ffffffffffffffff',
  '00989680ffffffff', // digits that carry in the base-10⁷ sums
  '0de0b6b3a7640000', // 10¹⁸
  '8ac7230489e80000', // 10¹⁹, negative here
];

const reference = (hex: string) => BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString();

function bytesOf(text: string): string {
  const view = new DataView(new ArrayBuffer(12));
  writeInt64Decimal(view, 2, text);
  return Buffer.from(view.buffer).toString('hex');
}

function referenceBytes(text: string): string {
  const view = new DataView(new ArrayBuffer(12));
  view.setBigInt64(2, BigInt(text));
  return Buffer.from(view.buffer).toString('hex');
}

describe('64-bit keys written from decimal text without BigInt', () => {
  it('writes the 8 bytes setBigInt64 writes for 200,000 random keys', () => {
    for (let n = 0; n < 200_000; n += 1) {
      const text = BigInt.asIntN(64, BigInt(`0x${randomBytes(8).toString('hex')}`)).toString();
      if (bytesOf(text) !== referenceBytes(text)) assert.equal(bytesOf(text), referenceBytes(text), text);
    }
  });

  it('writes the 8 bytes setBigInt64 writes, at every edge', () => {
    const texts = [
      ...EDGES.map(reference),
      '-0',
      '9',
      '-9',
      '1234',
      '12345',
      '-9223372036854775808',
      '9223372036854775807',
      '-4294967296',
      '-4294967295',
      '4294967296',
      '1000000000000000000',
    ];
    for (const text of texts) assert.equal(bytesOf(text), referenceBytes(text), text);
  });

  it('refuses text that is not a 64-bit integer instead of writing a wrong key', () => {
    for (const text of [
      '',
      '-',
      '12a',
      ' 1',
      '+1',
      '1.5',
      '9223372036854775808',
      '-9223372036854775809',
      '99999999999999999999',
    ]) {
      assert.throws(() => bytesOf(text), RangeError, JSON.stringify(text));
    }
  });
});
