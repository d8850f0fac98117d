import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as referenceParse } from 'mrz';
import { parseMrz } from '../../../src/domain/identity/mrz.ts';
import { checkDigit } from '../../../src/domain/identity/mrz-layout.ts';

// The specimens of ICAO Doc 9303 (8th ed.): Part 4 Appendix A (TD3), Part 5 Appendix A (TD1) and
// Part 6 Appendix A (TD2), all issued by the fictitious state of Utopia.
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

const NOW = new Date('2026-03-01T12:00:00Z');

function failure(lines: readonly string[]): [string, string | undefined] {
  const result = parseMrz(lines.join('\n'), NOW);
  assert.equal(result.ok, false, `${lines.join(' / ')} should be refused`);
  return result.ok ? ['', undefined] : [result.code, result.field];
}

/** Replaces `length` characters of line `line` at `at`. */
function edit(lines: readonly string[], line: number, at: number, text: string): string[] {
  return lines.map((value, i) =>
    i === line ? value.slice(0, at) + text + value.slice(at + text.length) : value,
  );
}

/** Writes a field and its freshly computed check digit, then repairs the composite (TD3 only). */
function rewriteTd3(lines: readonly string[], at: number, value: string): string[] {
  const withField = edit(lines, 1, at, value + checkDigit(value));
  const l2 = withField[1] ?? '';
  const composite = checkDigit(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43));
  return edit(withField, 1, 43, composite);
}

describe('parseMrz', () => {
  it('refuses the TD3 specimen with the document number check digit changed, naming the field', () => {
    assert.deepEqual(failure(edit(TD3, 1, 9, '7')), ['MRZ_CHECK_DIGIT', 'documentNumber']);
  });

  it('names the field of whichever check digit fails', () => {
    assert.deepEqual(failure(edit(TD3, 1, 19, '3')), ['MRZ_CHECK_DIGIT', 'birthDate']);
    assert.deepEqual(failure(edit(TD3, 1, 14, '5')), ['MRZ_CHECK_DIGIT', 'birthDate']);
    assert.deepEqual(failure(edit(TD3, 1, 27, '8')), ['MRZ_CHECK_DIGIT', 'expiryDate']);
    assert.deepEqual(failure(edit(TD3, 1, 42, '2')), ['MRZ_CHECK_DIGIT', 'personalNumber']);
    assert.deepEqual(failure(edit(TD3, 1, 30, 'F')), ['MRZ_CHECK_DIGIT', 'personalNumber']);
    assert.deepEqual(failure(edit(TD3, 1, 43, '1')), ['MRZ_CHECK_DIGIT', 'composite']);
    // TD1 optional data has no check digit of its own: only the composite covers it.
    assert.deepEqual(failure(edit(TD1, 0, 20, 'X')), ['MRZ_CHECK_DIGIT', 'composite']);
    assert.deepEqual(failure(edit(TD2, 1, 9, '8')), ['MRZ_CHECK_DIGIT', 'documentNumber']);
  });

  it('refuses zones of the wrong shape or alphabet', () => {
    assert.deepEqual(failure([TD3[0] ?? '']), ['MRZ_INVALID_FORMAT', undefined]);
    assert.deepEqual(failure([...TD3, TD3[1] ?? '']), ['MRZ_INVALID_FORMAT', undefined]);
    assert.deepEqual(failure(edit(TD3, 0, 10, '#')), ['MRZ_INVALID_FORMAT', undefined]);
    assert.deepEqual(failure([TD3[0] ?? '', (TD3[1] ?? '').slice(0, 43)]), ['MRZ_INVALID_FORMAT', undefined]);
    assert.deepEqual(failure(['x'.repeat(2000)]), ['MRZ_INVALID_FORMAT', undefined]);
  });

  it('refuses an impossible date even when its check digits were recomputed', () => {
    assert.deepEqual(failure(rewriteTd3(TD3, 13, '740230')), ['MRZ_INVALID_DATE', 'birthDate']);
    assert.deepEqual(failure(rewriteTd3(TD3, 21, '121315')), ['MRZ_INVALID_DATE', 'expiryDate']);
  });

  it('refuses an unknown state code, a visa and a bad sex marker', () => {
    assert.deepEqual(failure(edit(TD3, 0, 2, 'ZZZ')), ['MRZ_INVALID_COUNTRY', 'issuingCountry']);
    assert.deepEqual(failure(edit(TD3, 1, 10, 'QQQ')), ['MRZ_INVALID_COUNTRY', 'nationality']);
    assert.deepEqual(failure(edit(TD3, 0, 0, 'V')), ['MRZ_UNSUPPORTED_DOCUMENT', 'documentType']);
    assert.deepEqual(failure(edit(TD1, 0, 0, 'P')), ['MRZ_INVALID_FORMAT', 'documentType']);
    assert.deepEqual(failure(edit(TD3, 1, 20, 'Q')), ['MRZ_INVALID_FORMAT', 'sex']);
  });

  it('does not echo the zone in its message', () => {
    const result = parseMrz(edit(TD3, 1, 9, '7').join('\n'), NOW);
    assert.ok(!result.ok && !result.message.includes('L898902C3') && !result.message.includes('ERIKSSON'));
  });

  it('parses the ICAO TD3 specimen passport with every check digit verified', () => {
    const result = parseMrz(TD3.join('\n'), NOW);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.value, {
      format: 'TD3',
      documentType: 'P',
      issuingCountry: 'UTO',
      issuingCountryAlpha2: null,
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      namesTruncated: false,
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      nationalityAlpha2: null,
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2012-04-15',
      personalNumber: 'ZE184226B',
      optionalData: [],
    });
    // A specimen presented as a customer's document is itself a red flag.
    assert.deepEqual(
      result.warnings.map((warning) => warning.code),
      ['MRZ_SPECIMEN'],
    );
  });

  it('parses the ICAO TD1 and TD2 specimen cards', () => {
    for (const [format, lines] of [
      ['TD1', TD1],
      ['TD2', TD2],
    ] as const) {
      const result = parseMrz(lines.join('\n'), NOW);
      assert.ok(result.ok, `${format}: ${JSON.stringify(result)}`);
      const { documentType, documentNumber, surname, givenNames, birthDate, expiryDate, sex } = result.value;
      assert.deepEqual(
        [result.value.format, documentType, documentNumber, surname, givenNames, birthDate, expiryDate, sex],
        [format, 'I', 'D23145890', 'ERIKSSON', 'ANNA MARIA', '1974-08-12', '2012-04-15', 'F'],
      );
    }
  });

  it('reads a TD1 document number that overflows into the optional data', () => {
    // The example of the `mrz` package's README: D23145890123, check digit 3.
    const long = [
      'I<UTOD23145890<1233<<<<<<<<<<<',
      '7408122F1204159UTO<<<<<<<<<<<2',
      'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    ];
    const result = parseMrz(long.join('\n'), NOW);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.documentNumber, 'D23145890123');
    assert.deepEqual(failure(edit(long, 0, 18, '4')), ['MRZ_CHECK_DIGIT', 'documentNumber']);
  });

  it('accepts a zone pasted on one line, in lower case, with OCR spaces', () => {
    const pasted = `  ${TD3.join('')
      .toLowerCase()
      .replace(/(.{11})/g, '$1 ')}  `;
    const result = parseMrz(pasted, NOW);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.documentNumber, 'L898902C3');
  });

  it('resolves two-digit years: births never in the future, expiries up to 50 years ahead', () => {
    const child = parseMrz(rewriteTd3(TD3, 13, '200101').join('\n'), NOW);
    const centenarian = parseMrz(rewriteTd3(TD3, 13, '260815').join('\n'), NOW);
    const farExpiry = parseMrz(rewriteTd3(TD3, 21, '750101').join('\n'), NOW);
    assert.deepEqual(
      [child, centenarian, farExpiry].map((result) =>
        result.ok ? [result.value.birthDate, result.value.expiryDate] : result.code,
      ),
      [
        ['2020-01-01', '2012-04-15'],
        ['1926-08-15', '2012-04-15'],
        ['1974-08-12', '2075-01-01'],
      ],
    );
  });

  it('maps ICAO state codes to ISO countries and stays quiet for real states', () => {
    const german = parseMrz(edit(edit(TD3, 0, 2, 'D<<'), 1, 10, 'D<<').join('\n'), NOW);
    assert.ok(german.ok, JSON.stringify(german));
    assert.deepEqual(
      [german.value.issuingCountry, german.value.issuingCountryAlpha2, german.value.nationalityAlpha2],
      ['D', 'DE', 'DE'],
    );
    assert.deepEqual(german.warnings, []);
    const stateless = parseMrz(edit(edit(TD3, 0, 2, 'SWE'), 1, 10, 'XXA').join('\n'), NOW);
    assert.ok(stateless.ok);
    assert.deepEqual([stateless.value.issuingCountryAlpha2, stateless.value.nationalityAlpha2], ['SE', null]);
  });

  it('agrees with the mrz package on every single-digit change to the specimens', () => {
    const names: Record<string, string> = {
      documentNumberCheckDigit: 'documentNumber',
      birthDateCheckDigit: 'birthDate',
      expirationDateCheckDigit: 'expiryDate',
      personalNumberCheckDigit: 'personalNumber',
      compositeCheckDigit: 'composite',
    };
    let compared = 0;
    for (const specimen of [TD3, TD1, TD2]) {
      specimen.forEach((line, lineIndex) => {
        [...line].forEach((char, at) => {
          if (!/\d/.test(char)) return;
          const mutated = edit(specimen, lineIndex, at, String((Number(char) + 1) % 10));
          const reference = referenceParse(mutated).details.find(
            (d) => !d.valid && d.field !== null && d.field in names,
          );
          const ours = parseMrz(mutated.join('\n'), NOW);
          const oursField = !ours.ok && ours.code === 'MRZ_CHECK_DIGIT' ? ours.field : undefined;
          assert.equal(
            oursField,
            reference?.field == null ? undefined : names[reference.field],
            `${lineIndex}:${at}`,
          );
          compared += 1;
        });
      });
    }
    assert.ok(compared > 60, `compared ${compared}`);
  });
});
