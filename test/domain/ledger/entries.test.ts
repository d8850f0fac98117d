import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalJson,
  commitToRecord,
  leafData,
  ledgerOrigin,
  parseRecordRef,
} from '../../../src/domain/ledger/entries.ts';

describe('ledger entries', () => {
  it('rejects record references of unknown types or without an id', () => {
    assert.equal(parseRecordRef('party:1'), undefined);
    assert.equal(parseRecordRef('decision:'), undefined);
    assert.equal(parseRecordRef(':x'), undefined);
    assert.deepEqual(parseRecordRef('party_version:abc@2'), {
      recordType: 'party_version',
      recordId: 'abc@2',
    });
  });

  it('spells a row one way whatever the key order, dates and bytes included', () => {
    const at = new Date('2026-11-30T12:00:00.000Z');
    const a = canonicalJson({ b: [1, { y: 2, x: Buffer.from('hi') }], a: at, c: undefined });
    const b = canonicalJson({ a: at, b: [1, { x: Buffer.from('hi'), y: 2 }] });
    assert.equal(a, b);
    assert.equal(a, '{"a":"2026-11-30T12:00:00.000Z","b":[1,{"x":"aGk=","y":2}]}');
  });

  it('commits under the key: another key gives another commitment', () => {
    const row = { id: 'x', status: 'approved' };
    assert.notDeepEqual(commitToRecord(Buffer.alloc(32, 1), row), commitToRecord(Buffer.alloc(32, 2), row));
    assert.deepEqual(
      commitToRecord(Buffer.alloc(32, 1), row),
      commitToRecord(Buffer.alloc(32, 1), { ...row }),
    );
  });

  it('writes the leaf as the canonical JSON of its members, its position included', () => {
    const fields = {
      tenantId: 't"1',
      entryType: 'created',
      recordType: 'decision',
      recordId: 'r\n1',
      commitment: Buffer.alloc(32, 7),
      recordedAt: new Date('2026-11-30T12:00:00.123Z'),
    };
    const expected = canonicalJson({
      v: 1,
      index: 5,
      tenant: fields.tenantId,
      entry: fields.entryType,
      record: `${fields.recordType}:${fields.recordId}`,
      commitment: fields.commitment,
      at: fields.recordedAt,
    });
    assert.equal(leafData(fields, 5).toString('utf8'), expected);
    assert.notDeepEqual(leafData(fields, 5), leafData(fields, 6));
  });

  it('derives an origin that is also a valid key name', () => {
    assert.equal(ledgerOrigin('Acme Cloud, Inc.'), 'gatehouse/acme-cloud-inc./ledger');
    assert.equal(ledgerOrigin('***'), 'gatehouse/provider/ledger');
  });
});
