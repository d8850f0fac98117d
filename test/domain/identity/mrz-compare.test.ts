import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMrz, type MrzData } from '../../../src/domain/identity/mrz.ts';
import { compareMrzWithDocument, type TypedDocument } from '../../../src/domain/identity/mrz-compare.ts';

const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';

function specimen(): MrzData {
  const result = parseMrz(TD3, new Date('2026-03-01T00:00:00Z'));
  assert.ok(result.ok);
  return result.value;
}

/** What Anna Maria Eriksson types for the ICAO specimen passport. */
function aTypedDocument(overrides: Partial<TypedDocument> = {}): TypedDocument {
  return {
    number: 'L898902C3',
    country: 'UTO',
    expiresOn: '2012-04-15',
    dateOfBirth: '1974-08-12',
    familyName: 'Eriksson',
    givenNames: 'Anna Maria',
    ...overrides,
  };
}

function mismatchedFields(mrz: MrzData, typed: TypedDocument): string[] {
  return compareMrzWithDocument(mrz, typed).map((mismatch) => mismatch.field);
}

describe('compareMrzWithDocument', () => {
  it('reports an MRZ that disagrees with the typed name', () => {
    const mismatches = compareMrzWithDocument(specimen(), aTypedDocument({ familyName: 'Andersson' }));
    assert.deepEqual(mismatches, [
      { code: 'MRZ_MISMATCH', field: 'familyName', message: 'the MRZ surname differs from the typed one' },
    ]);
    assert.deepEqual(mismatchedFields(specimen(), aTypedDocument({ givenNames: 'Anna' })), ['givenNames']);
    assert.deepEqual(mismatchedFields(specimen(), aTypedDocument({ givenNames: 'Maria Anna' })), [
      'givenNames',
    ]);
  });

  it('reports every typed field the MRZ contradicts', () => {
    const typed = aTypedDocument({
      number: 'L898902C4',
      country: 'SE',
      expiresOn: '2031-01-01',
      dateOfBirth: '1974-08-21',
    });
    assert.deepEqual(mismatchedFields(specimen(), typed), ['number', 'country', 'expiresOn', 'dateOfBirth']);
  });

  it('does not echo personal data in its messages', () => {
    const [mismatch] = compareMrzWithDocument(specimen(), aTypedDocument({ familyName: 'Andersson' }));
    assert.ok(mismatch !== undefined && !/eriksson|andersson/i.test(mismatch.message));
  });

  it('finds nothing to report when the typed fields match the zone', () => {
    assert.deepEqual(compareMrzWithDocument(specimen(), aTypedDocument()), []);
    assert.deepEqual(compareMrzWithDocument(specimen(), { number: 'l898 902-c3', country: 'uto' }), []);
  });

  it('tolerates MRZ transliteration: case, fillers, hyphens and diacritics', () => {
    const mrz = specimen();
    for (const givenNames of ['ANNA<MARIA', 'anna maria', 'Anna-Maria', ' Anna  Maria ']) {
      assert.deepEqual(mismatchedFields(mrz, aTypedDocument({ givenNames })), [], givenNames);
    }
    assert.deepEqual(mismatchedFields(mrz, aTypedDocument({ familyName: 'Ériksson' })), []);
  });

  it('accepts both ICAO readings of a letter with diacritics (Ü as U or UE)', () => {
    const german: MrzData = { ...specimen(), surname: 'MUELLER', givenNames: 'JOERG' };
    const plain: MrzData = { ...german, surname: 'MULLER', givenNames: 'JORG' };
    for (const mrz of [german, plain]) {
      assert.deepEqual(
        mismatchedFields(mrz, aTypedDocument({ familyName: 'Müller', givenNames: 'Jörg' })),
        [],
      );
    }
    assert.deepEqual(mismatchedFields(german, aTypedDocument({ familyName: 'Miller', givenNames: 'Jörg' })), [
      'familyName',
    ]);
    const strauss: MrzData = { ...specimen(), surname: 'STRAUSS', givenNames: 'SOEREN' };
    assert.deepEqual(
      mismatchedFields(strauss, aTypedDocument({ familyName: 'Strauß', givenNames: 'Søren' })),
      [],
    );
  });

  it('matches names typed in another script through transliteration', () => {
    const russian: MrzData = { ...specimen(), surname: 'IVANOV', givenNames: 'IVAN' };
    assert.deepEqual(
      mismatchedFields(russian, aTypedDocument({ familyName: 'Иванов', givenNames: 'Иван' })),
      [],
    );
    assert.deepEqual(
      mismatchedFields(russian, aTypedDocument({ familyName: 'Петров', givenNames: 'Иван' })),
      ['familyName'],
    );
  });

  it('accepts a cut-off MRZ name only when the names field was full', () => {
    const cut: MrzData = { ...specimen(), surname: 'WOLFESCHLEGELSTEINHAUSENBERGERDORFF', givenNames: '' };
    const typed = aTypedDocument({
      familyName: 'Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft',
      givenNames: 'Hubert',
    });
    assert.deepEqual(mismatchedFields({ ...cut, namesTruncated: true }, typed), []);
    assert.deepEqual(mismatchedFields({ ...cut, namesTruncated: false }, typed), [
      'familyName',
      'givenNames',
    ]);
  });

  it('compares the issuing state as ISO alpha-2, alpha-3 or the ICAO code', () => {
    const german: MrzData = { ...specimen(), issuingCountry: 'D', issuingCountryAlpha2: 'DE' };
    for (const country of ['DE', 'DEU', 'D', 'de']) {
      assert.deepEqual(mismatchedFields(german, aTypedDocument({ country })), [], country);
    }
    assert.deepEqual(mismatchedFields(german, aTypedDocument({ country: 'AT' })), ['country']);
  });

  it('compares birth dates on the two-digit year the MRZ carries', () => {
    const old: MrzData = { ...specimen(), birthDate: '2024-08-12' };
    assert.deepEqual(mismatchedFields(old, aTypedDocument({ dateOfBirth: '1924-08-12' })), []);
    const unknown: MrzData = { ...specimen(), birthDate: null };
    assert.deepEqual(mismatchedFields(unknown, aTypedDocument({ dateOfBirth: '1974-01-01' })), []);
  });
});
