import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alpha2ToAlpha3,
  alpha3ToAlpha2,
  countryName,
  isCountryCode,
  normalizeCountryCode,
  validateCountryCode,
} from '../../../src/domain/identity/country.ts';

describe('country codes', () => {
  it('refuses codes that are not ISO 3166-1 alpha-2', () => {
    for (const bad of ['', 'XX', 'UK', 'USA', 'us', 'S', '12', 'EU']) {
      assert.equal(isCountryCode(bad), false, bad);
    }
    const result = validateCountryCode('UK');
    assert.equal(result.ok ? undefined : result.code, 'COUNTRY_INVALID');
  });

  it('normalises user input to the canonical upper-case code', () => {
    assert.equal(normalizeCountryCode(' se '), 'SE');
    assert.equal(normalizeCountryCode('Gb'), 'GB');
    assert.equal(normalizeCountryCode('zz'), undefined);
    const result = validateCountryCode('us');
    assert.ok(result.ok);
    assert.equal(result.value, 'US');
  });

  it('names countries in English', () => {
    assert.equal(countryName('SE'), 'Sweden');
    assert.equal(countryName('XK'), 'Kosovo');
    assert.equal(countryName('XX'), undefined);
  });

  it('converts between alpha-2 and alpha-3', () => {
    assert.equal(alpha2ToAlpha3('SE'), 'SWE');
    assert.equal(alpha3ToAlpha2('DEU'), 'DE');
    assert.equal(alpha3ToAlpha2('UTO'), undefined);
    assert.equal(alpha3ToAlpha2('deu'), undefined);
  });
});
