/**
 * The pure parts of personal-data encryption: AES-256-GCM seals bound to their context, the keyring's
 * wrap and unwrap, blind indexes, and the search terms taken from a party and from a typed query.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { blindIndex, newDataKey, openJson, SealError, sealJson } from '../../src/domain/records/envelope.ts';
import { LocalKeyring } from '../../src/domain/records/keyring.ts';
import { nameTerms, partySearchTerms, queryTerms } from '../../src/domain/records/search-terms.ts';
import { addKek, loadKeyringFile, removeKek } from '../../src/providers/kms/key-file.ts';

describe('envelope encryption', () => {
  const key = newDataKey();
  const value = { name: { full: 'Anna Maria Eriksson' }, dateOfBirth: '1974-08-12' };

  it('opens what it sealed, and the sealed text carries none of the value', () => {
    const sealed = sealJson(key, 'party-version/t/p/1', value);
    assert.match(sealed, /^gh1\./);
    assert.doesNotMatch(sealed, /Eriksson|1974/);
    assert.deepEqual(openJson(key, 'party-version/t/p/1', sealed), value);
    assert.notEqual(sealJson(key, 'party-version/t/p/1', value), sealed, 'a fresh IV each time');
  });

  it('refuses another context (a row moved), another key, a flipped bit, a truncation and other formats', () => {
    const sealed = sealJson(key, 'party-version/t/p/1', value);
    assert.throws(() => openJson(key, 'party-version/t/p/2', sealed), SealError);
    assert.throws(() => openJson(newDataKey(), 'party-version/t/p/1', sealed), SealError);
    const bytes = Buffer.from(sealed.slice(4), 'base64');
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    assert.throws(() => openJson(key, 'party-version/t/p/1', `gh1.${bytes.toString('base64')}`), SealError);
    assert.throws(() => openJson(key, 'party-version/t/p/1', 'gh1.AAAA'), SealError);
    assert.throws(() => openJson(key, 'party-version/t/p/1', '{"name":"plain"}'), SealError);
  });

  it('wraps data keys under the active KEK and unwraps under any KEK of the ring', () => {
    const a = new LocalKeyring([{ id: 'a', key: Buffer.alloc(32, 1) }], 'a', Buffer.alloc(32, 9));
    const wrapped = a.wrap(key, 'ctx');
    assert.equal(wrapped.kekId, 'a');
    const ab = new LocalKeyring(
      [
        { id: 'a', key: Buffer.alloc(32, 1) },
        { id: 'b', key: Buffer.alloc(32, 2) },
      ],
      'b',
      Buffer.alloc(32, 9),
    );
    assert.deepEqual(ab.unwrap(wrapped, 'ctx'), key);
    assert.equal(ab.wrap(key, 'ctx').kekId, 'b');
    assert.throws(() => ab.unwrap(wrapped, 'other ctx'), SealError);
    const onlyB = new LocalKeyring([{ id: 'b', key: Buffer.alloc(32, 2) }], 'b', Buffer.alloc(32, 9));
    assert.throws(() => onlyB.unwrap(wrapped, 'ctx'), /not configured/);
    assert.throws(
      () => new LocalKeyring([{ id: 'a', key: Buffer.alloc(16) }], 'a', Buffer.alloc(32)),
      SealError,
    );
  });

  it('gives equal values of one tenant the same blind index, and another tenant a different one', () => {
    const k = Buffer.alloc(32, 7);
    assert.deepEqual(blindIndex(k, 't1', 'email', 'a@b.se'), blindIndex(k, 't1', 'email', 'a@b.se'));
    assert.notDeepEqual(blindIndex(k, 't1', 'email', 'a@b.se'), blindIndex(k, 't2', 'email', 'a@b.se'));
    assert.notDeepEqual(blindIndex(k, 't1', 'email', 'a@b.se'), blindIndex(k, 't1', 'phone', 'a@b.se'));
    assert.equal(blindIndex(k, 't1', 'email', 'a@b.se').length, 16);
  });
});

describe('search terms', () => {
  it('takes every identifier of a party in one canonical spelling, and its name words twice', () => {
    const terms = partySearchTerms({
      name: { full: 'Dr. Anna Maria Eriksson' },
      emails: [{ address: 'Anna@Example.se' }],
      phones: [{ e164: '+46701234567' }],
      documents: [{ number: 'aa-123 4567' }],
      nationalIds: [{ number: '811218-9876' }],
      payments: [{ card: { fingerprint: 'ABCDEF0123456789' } }, { iban: 'se35 5000 0000 0549 1000 0003' }],
    });
    const of = (kind: string) => terms.filter((t) => t.kind === kind).map((t) => t.value);
    assert.deepEqual(of('email'), ['anna@example.se']);
    assert.deepEqual(of('phone'), ['46701234567']);
    assert.deepEqual(of('document'), ['AA1234567']);
    assert.deepEqual(of('national_id'), ['8112189876']);
    assert.deepEqual(of('card'), ['abcdef0123456789']);
    assert.deepEqual(of('iban'), ['SE3550000000054910000003']);
    assert.deepEqual(of('name'), ['anna', 'maria', 'eriksson'], 'honorifics are not name words');
  });

  it('makes a misspelt name sound alike, and reads a typed query as every kind it could be', () => {
    const sound = (name: string) =>
      nameTerms(name)
        .filter((t) => t.kind === 'name_sound')
        .map((t) => t.value);
    assert.deepEqual(sound('Erikson'), sound('Eriksson'));
    assert.deepEqual(
      queryTerms('ANNA@example.se').map((t) => t.kind),
      ['email'],
    );
    const phone = queryTerms('+46 70 123 45 67');
    assert.ok(phone.some((t) => t.kind === 'phone' && t.value === '46701234567'));
    assert.deepEqual(queryTerms('   '), []);
  });
});

describe('the keyring file', () => {
  it('is created once with mode 0600, rotated, and a bad file is named without its content', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-keyring-'));
    try {
      const file = path.join(dir, 'keyring.json');
      const first = await loadKeyringFile(file);
      assert.equal(first.created, true);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal((await loadKeyringFile(file)).created, false);
      const next = await addKek(file);
      const rotated = await loadKeyringFile(file);
      assert.equal(rotated.keyring.activeKekId, next);
      assert.deepEqual(rotated.keyring.kekIds, [first.keyring.activeKekId, next]);
      await assert.rejects(removeKek(file, next), { code: 'KEY_IN_USE' });
      await removeKek(file, first.keyring.activeKekId);
      assert.deepEqual((await loadKeyringFile(file)).keyring.kekIds, [next]);
      const secret = JSON.parse(readFileSync(file, 'utf8')) as { blindIndexKey: string };
      writeFileSync(file, JSON.stringify({ ...secret, keks: [] }));
      await assert.rejects(loadKeyringFile(file), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'CONFIG_INVALID');
        assert.ok(!error.message.includes(secret.blindIndexKey));
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
