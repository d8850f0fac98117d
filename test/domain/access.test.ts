import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  hashApiKeySecret,
  mintApiKeyToken,
  parseApiKeyToken,
  secretMatchesHash,
} from '../../src/domain/access/api-key-token.ts';
import {
  idempotencyIndexHash,
  openResponse,
  sealResponse,
} from '../../src/domain/access/idempotency-seal.ts';
import { ROLES, roleAllows } from '../../src/domain/access/roles.ts';

describe('API key tokens', () => {
  it('rejects anything that is not exactly gth_<16 base32>_<52 base32>', () => {
    const { token } = mintApiKeyToken(randomBytes);
    const [, lookup, secret] = token.split('_');
    for (const bad of [
      '',
      'gth_',
      `ghp_${lookup}_${secret}`,
      `gth_${lookup}`,
      `gth_${lookup}_${secret}_extra`,
      `gth_${lookup?.toUpperCase()}_${secret}`,
      `gth_${lookup}_${secret?.slice(1)}`,
      token.replace(/.$/, '1'),
    ]) {
      assert.equal(parseApiKeyToken(bad), undefined, bad);
    }
  });

  it('parses what it mints, and only the right secret matches the stored hash', () => {
    const minted = mintApiKeyToken(randomBytes);
    assert.match(minted.token, /^gth_[a-z2-7]{16}_[a-z2-7]{52}$/);
    assert.deepEqual(parseApiKeyToken(minted.token), { lookupId: minted.lookupId, secret: minted.secret });
    const stored = hashApiKeySecret(minted.secret);
    assert.ok(!stored.includes(minted.secret));
    assert.equal(secretMatchesHash(minted.secret, stored), true);
    assert.equal(secretMatchesHash(mintApiKeyToken(randomBytes).secret, stored), false);
    assert.equal(secretMatchesHash(minted.secret, 'not-hex'), false);
  });

  it('mints different keys each time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => mintApiKeyToken(randomBytes).token));
    assert.equal(tokens.size, 100);
  });
});

describe('roles', () => {
  it('gives every permission to admin and audit reading only to admin and auditor', () => {
    assert.deepEqual(
      ROLES.filter((role) => roleAllows(role, 'audit:read')),
      ['admin', 'auditor'],
    );
    assert.deepEqual(
      ROLES.filter((role) => roleAllows(role, 'api-keys:manage')),
      ['admin'],
    );
    assert.ok(ROLES.every((role) => roleAllows(role, 'self:read')));
  });
});

describe('sealed idempotent responses', () => {
  it('cannot be opened with another idempotency key or tenant, nor after tampering', () => {
    const sealed = sealResponse('tenant-a', 'idem-1', '{"key":"gth_secret"}');
    assert.ok(!sealed.includes('gth_secret'));
    assert.equal(openResponse('tenant-a', 'idem-2', sealed), undefined);
    assert.equal(openResponse('tenant-b', 'idem-1', sealed), undefined);
    const [iv, tag, body] = sealed.split('.');
    const flipped = `${iv}.${tag}.${body?.startsWith('A') ? 'B' : 'A'}${body?.slice(1)}`;
    assert.equal(openResponse('tenant-a', 'idem-1', flipped), undefined);
    assert.equal(openResponse('tenant-a', 'idem-1', 'garbage'), undefined);
    assert.equal(openResponse('tenant-a', 'idem-1', sealed), '{"key":"gth_secret"}');
  });

  it('indexes records by a hash that depends on the tenant and does not contain the key', () => {
    const a = idempotencyIndexHash('tenant-a', 'idem-1');
    assert.notEqual(a, idempotencyIndexHash('tenant-b', 'idem-1'));
    assert.ok(!a.includes('idem-1'));
  });
});
