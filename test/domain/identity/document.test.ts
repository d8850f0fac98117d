import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDocumentExpiry, validateDateOfBirth } from '../../../src/domain/identity/document.ts';

const NOW = new Date('2026-03-01T23:30:00Z');

describe('checkDocumentExpiry', () => {
  it('refuses an expired document', () => {
    const result = checkDocumentExpiry('2026-02-28', NOW);
    assert.deepEqual(result.ok ? undefined : result.code, 'DOCUMENT_EXPIRED');
    // The ICAO specimen passport expired on 15 April 2012.
    assert.equal(checkDocumentExpiry('2012-04-15', NOW).ok, false);
  });

  it('refuses dates that do not exist or are not YYYY-MM-DD', () => {
    for (const bad of [
      '2023-02-30',
      '2027-13-01',
      '2027-04-31',
      '2027-02-29',
      '2027-1-01',
      '01/05/2027',
      '',
      '2027-00-10',
    ]) {
      const result = checkDocumentExpiry(bad, NOW);
      assert.equal(result.ok ? undefined : result.code, 'DATE_INVALID', bad);
    }
  });

  it('accepts a document on its last valid day, warning that it expires soon', () => {
    const result = checkDocumentExpiry('2026-03-01', NOW);
    assert.ok(result.ok);
    assert.equal(result.value.daysRemaining, 0);
    assert.deepEqual(
      result.warnings.map((warning) => warning.code),
      ['DOCUMENT_EXPIRES_SOON'],
    );
  });

  it('warns within 30 days of expiry and not after', () => {
    const soon = checkDocumentExpiry('2026-03-31', NOW);
    const later = checkDocumentExpiry('2026-04-01', NOW);
    assert.ok(soon.ok && later.ok);
    assert.deepEqual([soon.warnings.length, later.warnings.length], [1, 0]);
    assert.deepEqual(later.value, { expiresOn: '2026-04-01', daysRemaining: 31 });
  });

  it('accepts a leap day that exists', () => {
    assert.ok(checkDocumentExpiry('2028-02-29', NOW).ok);
  });
});

describe('validateDateOfBirth', () => {
  it('refuses a birth date in the future', () => {
    const result = validateDateOfBirth('2026-03-02', NOW);
    assert.equal(result.ok ? undefined : result.code, 'DATE_OF_BIRTH_IN_FUTURE');
  });

  it('refuses an impossible date', () => {
    const result = validateDateOfBirth('1974-02-30', NOW);
    assert.equal(result.ok ? undefined : result.code, 'DATE_INVALID');
  });

  it('refuses an age over 130 years', () => {
    const result = validateDateOfBirth('1895-01-01', NOW);
    assert.equal(result.ok ? undefined : result.code, 'DATE_OF_BIRTH_IMPLAUSIBLE');
  });

  it('accepts a minor with a warning', () => {
    const result = validateDateOfBirth('2010-03-02', NOW);
    assert.ok(result.ok);
    assert.equal(result.value.age, 15);
    assert.deepEqual(
      result.warnings.map((warning) => warning.code),
      ['DATE_OF_BIRTH_MINOR'],
    );
  });

  it('counts an eighteenth birthday as adult, on the day', () => {
    const result = validateDateOfBirth('2008-03-01', NOW);
    assert.ok(result.ok);
    assert.deepEqual([result.value.age, result.warnings], [18, []]);
  });

  it('ages a 29 February birthday on 1 March in common years', () => {
    const result = validateDateOfBirth('2008-02-29', NOW);
    assert.ok(result.ok);
    assert.equal(result.value.age, 18);
  });

  it('accepts the ICAO specimen holder', () => {
    const result = validateDateOfBirth('1974-08-12', NOW);
    assert.ok(result.ok);
    assert.deepEqual(result.value, { dateOfBirth: '1974-08-12', age: 51 });
  });
});
