import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeName } from '../../../src/domain/screening/normalize.ts';
import type { NameKind } from '../../../src/domain/screening/name-token.ts';

const words = (raw: string, kind: NameKind = 'unknown'): string[] =>
  normalizeName(raw, kind).tokens.map((token) => token.text);
const roles = (raw: string, kind: NameKind = 'unknown'): string[] =>
  normalizeName(raw, kind).tokens.map((token) => `${token.key}:${token.role}`);

describe('normalizeName', () => {
  it('leaves nothing of a name that is only punctuation, spaces or control characters', () => {
    assert.deepEqual(words(' .,;-- '), []);
    assert.deepEqual(words('\u0000\u0007\t\n'), []);
    assert.deepEqual(words(''), []);
  });

  it('folds case, diacritics and compatibility forms (NFKC)', () => {
    assert.deepEqual(words('Recep Tayyip ERDOĞAN'), ['recep', 'tayyip', 'erdogan']);
    assert.deepEqual(words('Aleksandar Vučić'), ['aleksandar', 'vucic']);
    assert.deepEqual(words('ＶＬＡＤＩＭＩＲ'), ['vladimir']);
    assert.deepEqual(words('Straße'), ['strasse']);
  });

  it('drops control and zero-width characters inside a name without splitting it', () => {
    assert.deepEqual(words('Vla\u200bdimir Pu\u0000tin'), ['vladimir', 'pu', 'tin']);
  });

  it('romanises Cyrillic, Greek, Armenian and Georgian', () => {
    assert.deepEqual(words('Владимир Путин'), ['vladimir', 'putin']);
    assert.deepEqual(words('Κυριάκος Μητσοτάκης'), ['kyriakos', 'mitsotakis']);
    assert.deepEqual(words('Բարակ Օբամա'), ['barak', 'obama']);
    assert.deepEqual(words('ბარაკ ობამა'), ['barak', 'obama']);
  });

  it('splits the Arabic article from the word it is written onto and marks the words vowelless', () => {
    const name = normalizeName('بشار الأسد');
    assert.deepEqual(
      name.tokens.map((token) => `${token.text}:${token.script}`),
      ['bshr:vowelless', 'al:alphabetic', 'sd:vowelless'],
    );
  });

  it('gives each Han character and Hangul block a word of its own, keeping the character', () => {
    const name = normalizeName('习近平');
    assert.deepEqual(
      name.tokens.map((token) => [token.text, token.original]),
      [
        ['xi', '习'],
        ['jin', '近'],
        ['ping', '平'],
      ],
    );
    assert.deepEqual(words('김정은'), ['gim', 'jeong', 'eun']);
  });

  it('reads a comma as "LAST, First" for people but not before a legal form', () => {
    assert.deepEqual(words('PUTIN, Vladimir', 'person'), ['vladimir', 'putin']);
    assert.deepEqual(words('Apple, Inc.'), ['apple', 'inc']);
    assert.deepEqual(words('Smith, Jr.'), ['smith', 'jr']);
    assert.deepEqual(words('Academy of Sciences, Institute of Physics', 'entity'), [
      'academy',
      'of',
      'sciences',
      'institute',
      'of',
      'physics',
    ]);
  });

  it('splits hyphens, drops apostrophes and reads spelled-out letters as one word', () => {
    assert.deepEqual(words("Al-Qa'ida"), ['al', 'qaida']);
    assert.deepEqual(words('A.B.C. Company', 'entity'), ['abc', 'company']);
    assert.deepEqual(words('J.-C. Juncker'), ['jc', 'juncker']);
    assert.deepEqual(words('Mendez Norge A/S', 'entity'), ['mendez', 'norge', 'as']);
    assert.deepEqual(words("Deutsche Bank's AG", 'entity'), ['deutsche', 'bank', 'ag']);
  });

  it('reads digits standing for letters inside a word as the letters', () => {
    assert.deepEqual(words('Ig0r Sech1n'), ['igor', 'sechin']);
    assert.deepEqual(words('Brigade 44', 'entity'), ['brigade', '44']);
  });

  it('reads number words and ordinals as numbers in organisation names', () => {
    assert.deepEqual(roles('Brigade Forty-Four', 'entity'), ['brigade:name', '44:number']);
    assert.deepEqual(roles('First Investment Bank', 'entity').slice(0, 1), ['1:number']);
    assert.deepEqual(roles('1st Investment Bank', 'entity').slice(0, 1), ['1:number']);
  });

  it('gives titles, particles, initials and stopwords their roles', () => {
    assert.deepEqual(roles('Sheikh Isa bin Tarif al-Bin Ali', 'person'), [
      'sheikh:honorific',
      'isa:name',
      'bin:particle',
      'tarif:name',
      'al:particle',
      'bin:particle',
      'ali:name',
    ]);
    assert.deepEqual(roles('V. Putin', 'person'), ['v:initial', 'putin:name']);
    assert.deepEqual(roles('Usama ibn Ladin'), ['usama:name', 'bin:particle', 'ladin:name']);
    assert.deepEqual(roles('The World Bank', 'entity'), ['the:stopword', 'world:name', 'bank:name']);
  });

  it('reads legal forms at either end of an organisation name, in any language, to one form', () => {
    assert.deepEqual(roles('OAO Gazprom', 'entity'), ['ojsc:legal-form', 'gazprom:name']);
    assert.deepEqual(roles('Open Joint Stock Company Rosneft', 'entity'), [
      'ojsc:legal-form',
      'rosneft:name',
    ]);
    assert.deepEqual(roles('Samsung Electronics Co., Ltd.', 'entity'), [
      'samsung:name',
      'electronics:name',
      'ltd:legal-form',
    ]);
    assert.deepEqual(roles('Goldman Sachs & Co. LLC', 'entity').slice(-2), [
      'co:legal-form',
      'llc:legal-form',
    ]);
    assert.deepEqual(roles('ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ БАЙКАЛ', 'entity'), [
      'llc:legal-form',
      'baykal:name',
    ]);
    assert.deepEqual(roles('Siemens Aktiengeselschaft', 'entity'), ['siemens:name', 'ag:legal-form']);
  });

  it('keeps a name that is nothing but a legal-form word or a title', () => {
    assert.deepEqual(roles('Company', 'entity'), ['company:name']);
    assert.deepEqual(roles('Mr', 'person'), ['mr:name']);
  });

  it('does not read legal forms in a person name', () => {
    assert.deepEqual(roles('Nicolas Maduro SA', 'person').at(-1), 'sa:name');
  });

  it('caps absurdly long names at 1,000 characters and 24 words', () => {
    const long = normalizeName('Ab '.repeat(2000));
    assert.equal(long.tokens.length, 24);
    assert.equal(long.original.length, 6000);
  });
});
