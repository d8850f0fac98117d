import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateEmail } from '../../../src/domain/identity/email.ts';

function failureCode(raw: string): string {
  const result = validateEmail(raw);
  assert.equal(result.ok, false, `${raw} should be refused`);
  return result.ok ? '' : result.code;
}

function accepted(raw: string) {
  const result = validateEmail(raw);
  assert.ok(result.ok, `${raw} should be accepted: ${JSON.stringify(result)}`);
  return result;
}

describe('validateEmail', () => {
  it('refuses anything without exactly one @', () => {
    for (const bad of ['', 'anna.example.se', 'anna@@example.se', 'anna@ex@ample.se', '"a@b"@example.se']) {
      assert.equal(failureCode(bad), 'EMAIL_INVALID', bad);
    }
  });

  it('refuses local parts that are not a dot-atom', () => {
    for (const bad of [
      '@example.se',
      '.anna@example.se',
      'anna.@example.se',
      'anna..eriksson@example.se',
      'anna eriksson@example.se',
      '"anna eriksson"@example.se',
      'anna(comment)@example.se',
      'anna,eriksson@example.se',
      'änna@example.se',
    ]) {
      assert.equal(failureCode(bad), 'EMAIL_INVALID_LOCAL_PART', bad);
    }
  });

  it('refuses a local part over 64 characters (RFC 5321 §4.5.3.1.1)', () => {
    assert.equal(failureCode(`${'a'.repeat(65)}@example.se`), 'EMAIL_LOCAL_PART_TOO_LONG');
    assert.ok(validateEmail(`${'a'.repeat(64)}@example.se`).ok);
  });

  it('refuses domains that are not host names', () => {
    for (const bad of [
      'anna@',
      'anna@localhost',
      'anna@example..se',
      'anna@-example.se',
      'anna@example-.se',
      'anna@exa_mple.se',
      'anna@example.se.',
      'anna@[192.0.2.1]',
      'anna@192.0.2.1',
      'anna@exa mple.se',
      `anna@${'a'.repeat(64)}.se`,
    ]) {
      assert.equal(failureCode(bad), 'EMAIL_INVALID_DOMAIN', bad);
    }
  });

  it('refuses an address over 254 characters', () => {
    const label = 'a'.repeat(60);
    const longDomain = `${label}.${label}.${label}.${label}.se`;
    assert.equal(failureCode(`${'b'.repeat(10)}@${longDomain}`), 'EMAIL_TOO_LONG');
    assert.equal(failureCode(`${'b'.repeat(300)}@example.se`), 'EMAIL_TOO_LONG');
  });

  it('does not echo the address in its message', () => {
    const result = validateEmail('anna..eriksson@example.se');
    assert.ok(!result.ok && !result.message.includes('eriksson'));
  });

  it('lower-cases the domain but keeps the local part as typed (RFC 5321 §2.4)', () => {
    assert.deepEqual(accepted('  Anna.Eriksson@Example.SE ').value, {
      address: 'Anna.Eriksson@example.se',
      localPart: 'Anna.Eriksson',
      domain: 'example.se',
      domainUnicode: 'example.se',
      disposable: false,
    });
  });

  it('accepts the full atext alphabet in the local part', () => {
    assert.ok(validateEmail("a!#$%&'*+/=?^_`{|}~-z@example.com").ok);
    assert.ok(validateEmail('anna+signup@example.com').ok);
  });

  it('converts an internationalised domain to punycode and back for display', () => {
    const idn = accepted('kund@Bücher.de').value;
    assert.equal(idn.domain, 'xn--bcher-kva.de');
    assert.equal(idn.address, 'kund@xn--bcher-kva.de');
    assert.equal(idn.domainUnicode, 'bücher.de');
    assert.equal(accepted('info@例え.テスト').value.domain, 'xn--r8jz45g.xn--zckzah');
  });

  it('flags disposable-email domains with a warning and keeps the address', () => {
    for (const disposable of ['x@mailinator.com', 'x@guerrillamail.com', 'x@YOPMAIL.com']) {
      const result = accepted(disposable);
      assert.equal(result.value.disposable, true, disposable);
      assert.deepEqual(
        result.warnings.map((warning) => warning.code),
        ['EMAIL_DISPOSABLE_DOMAIN'],
      );
    }
  });

  it('flags every subdomain of a wildcard disposable service', () => {
    // disposable-email-domains' wildcard.json lists 33mail.com: any alias domain under it.
    assert.equal(accepted('x@anna.33mail.com').value.disposable, true);
  });

  it('does not flag the big free mail providers', () => {
    for (const free of [
      'gmail.com',
      'outlook.com',
      'yahoo.com',
      'proton.me',
      'icloud.com',
      'gmx.de',
      'qq.com',
    ]) {
      const result = accepted(`anna@${free}`);
      assert.equal(result.value.disposable, false, free);
      assert.deepEqual(result.warnings, []);
    }
  });
});
