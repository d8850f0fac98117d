import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCursor, encodeCursor, toPage } from '../../src/domain/pagination/cursor.ts';

describe('cursors', () => {
  it('rejects what encodeCursor did not produce', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    for (const bad of [
      '',
      '!!!',
      b64('v2|abc'),
      b64('v1|'),
      b64('v1|a|b'),
      b64('v1|has space'),
      b64(`v1|${'a'.repeat(201)}`),
      'a'.repeat(401),
    ]) {
      assert.equal(decodeCursor(bad), undefined, bad);
    }
  });

  it('round-trips a position', () => {
    assert.equal(
      decodeCursor(encodeCursor('1767225600000:3f0c6b1e-8d4e-4c1e-9e2a-1b2c3d4e5f60')),
      '1767225600000:3f0c6b1e-8d4e-4c1e-9e2a-1b2c3d4e5f60',
    );
  });

  it('gives a next cursor only when the extra row shows another page', () => {
    assert.deepEqual(toPage([1, 2], 2, String), { items: [1, 2], nextCursor: null });
    const page = toPage([1, 2, 3], 2, String);
    assert.deepEqual(page.items, [1, 2]);
    assert.equal(decodeCursor(page.nextCursor ?? ''), '2');
  });
});
