/**
 * Builds TD3 (passport) machine-readable zones for tests, with check digits computed here from ICAO
 * 9303 part 3 §4.9 (weights 7, 3, 1; `<` = 0, A = 10 … Z = 35), independently of the production parser.
 */
function checkDigit(field: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (const [i, ch] of [...field].entries()) {
    const value = ch === '<' ? 0 : /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += value * (weights[i % 3] ?? 1);
  }
  return String(sum % 10);
}

const pad = (text: string, length: number) => text.padEnd(length, '<').slice(0, length);

export interface PassportFields {
  issuingState: string; // ICAO alpha-3
  surname: string;
  givenNames: string;
  number: string;
  nationality: string; // ICAO alpha-3
  birthDate: string; // YYMMDD
  sex: 'F' | 'M' | '<';
  expiryDate: string; // YYMMDD
  personalNumber?: string;
}

export function td3(f: PassportFields): string {
  const names = `${f.surname.toUpperCase().replace(/ /g, '<')}<<${f.givenNames.toUpperCase().replace(/ /g, '<')}`;
  const line1 = pad(`P<${f.issuingState}${names}`, 44);
  const number = pad(f.number, 9);
  const personal = pad(f.personalNumber ?? '', 14);
  const personalCheck = f.personalNumber === undefined ? '<' : checkDigit(personal);
  const body = `${number}${checkDigit(number)}${f.nationality}${f.birthDate}${checkDigit(f.birthDate)}${f.sex}${f.expiryDate}${checkDigit(f.expiryDate)}${personal}${personalCheck}`;
  const composite = `${number}${checkDigit(number)}${f.birthDate}${checkDigit(f.birthDate)}${f.expiryDate}${checkDigit(f.expiryDate)}${personal}${personalCheck}`;
  return `${line1}\n${body}${checkDigit(composite)}`;
}
