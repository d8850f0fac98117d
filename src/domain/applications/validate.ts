/**
 * Runs every identifier of an application through domain/identity and collects, in one pass, every
 * problem with its path (`nationalIds[0].number`), every warning, and the normalised facts that are
 * stored and used for the determination. An application is accepted whole or not at all, so the
 * caller refuses it when `problems` is not empty.
 */
import {
  checkDocumentExpiry,
  compareMrzWithDocument,
  inspectCard,
  parseMrz,
  validateCardExpiry,
  validateDateOfBirth,
  validateEmail,
  validateIban,
  validateNationalId,
  validateCountryCode,
  validatePhone,
  type IdentifierResult,
} from '../identity/index.ts';
import type { ApplicationInput, PaymentInstrumentInput, PersonInput } from './input.ts';
import type { Finding, NormalizedApplication, NormalizedPayment, NormalizedPerson } from './normalized.ts';

export interface ValidationContext {
  now: Date;
  /** Key of the keyed card fingerprint (HMAC): only fingerprint, last 4 and network are kept. */
  cardFingerprintKey: Buffer;
}

export interface ApplicationValidation {
  problems: Finding[];
  warnings: Finding[];
  normalized: NormalizedApplication;
}

class Collector {
  readonly problems: Finding[] = [];
  readonly warnings: Finding[] = [];

  /** Records the failure or the warnings of a result; returns the value when it was valid. */
  take<T>(path: string, result: IdentifierResult<T>): T | undefined {
    if (!result.ok) {
      this.problems.push({ path, code: result.code, message: result.message });
      return undefined;
    }
    for (const w of result.warnings) this.warnings.push({ path, code: w.code, message: w.message });
    return result.value;
  }
}

export function validateApplication(input: ApplicationInput, ctx: ValidationContext): ApplicationValidation {
  const c = new Collector();
  const payments = (input.paymentInstruments ?? []).map((p, i) =>
    validatePayment(c, `paymentInstruments[${i}]`, p, ctx),
  );
  (input.paymentInstruments ?? []).forEach((p, i) => {
    checkCountry(c, `paymentInstruments[${i}].billingCountry`, p.billingCountry);
    if (p.type === 'bank_account') checkCountry(c, `paymentInstruments[${i}].country`, p.country);
  });
  if (input.type === 'individual') {
    const person = validatePerson(c, '', input, ctx);
    return {
      problems: c.problems,
      warnings: c.warnings,
      normalized: { type: 'individual', person, payments },
    };
  }
  checkCountry(c, 'incorporation.country', input.incorporation.country);
  checkName(c, 'legalName', input.legalName);
  (input.otherNames ?? []).forEach((name, i) => checkName(c, `otherNames[${i}]`, name));
  const contact = {
    emails: validateEmails(c, '', input.emails),
    phones: validatePhones(c, '', input.phones, checkCountry(c, 'address.country', input.address?.country)),
  };
  const owners = (input.beneficialOwners ?? []).map((o, i) =>
    validatePerson(c, `beneficialOwners[${i}].`, o, ctx),
  );
  const signatories = (input.signatories ?? []).map((s, i) =>
    validatePerson(c, `signatories[${i}].`, s, ctx),
  );
  return {
    problems: c.problems,
    warnings: c.warnings,
    normalized: { type: 'entity', contact, owners, signatories, payments },
  };
}

function validatePerson(
  c: Collector,
  prefix: string,
  person: PersonInput,
  ctx: ValidationContext,
): NormalizedPerson {
  checkName(c, `${prefix}name.full`, person.name.full);
  (person.name.otherScripts ?? []).forEach((n, i) =>
    checkName(c, `${prefix}name.otherScripts[${i}].full`, n.full),
  );
  (person.citizenship ?? []).forEach((code, i) => checkCountry(c, `${prefix}citizenship[${i}]`, code));
  (person.documents ?? []).forEach((doc, i) =>
    checkCountry(c, `${prefix}documents[${i}].country`, doc.country),
  );
  const addressCountry = checkCountry(c, `${prefix}address.country`, person.address?.country);
  const dob =
    person.dateOfBirth === undefined
      ? undefined
      : c.take(`${prefix}dateOfBirth`, validateDateOfBirth(person.dateOfBirth, ctx.now));
  const nationalIds = (person.nationalIds ?? []).flatMap((id, i) => {
    const valid = c.take(
      `${prefix}nationalIds[${i}].number`,
      validateNationalId(id.country, id.number, id.type),
    );
    return valid === undefined
      ? []
      : [{ country: valid.country, number: valid.number, type: valid.type, validated: valid.validated }];
  });
  const documents = (person.documents ?? []).map(({ mrz: mrzText, ...doc }, i) => {
    const path = `${prefix}documents[${i}]`;
    if (doc.expiresOn !== undefined) c.take(`${path}.expiresOn`, checkDocumentExpiry(doc.expiresOn, ctx.now));
    if (mrzText === undefined) return { ...doc, mrzVerified: false };
    const mrz = c.take(`${path}.mrz`, parseMrz(mrzText, ctx.now));
    if (mrz === undefined) return { ...doc, mrzVerified: false };
    const mismatches = compareMrzWithDocument(mrz, {
      number: doc.number,
      country: doc.country,
      expiresOn: doc.expiresOn,
      dateOfBirth: person.dateOfBirth,
      familyName: person.name.family,
      givenNames: person.name.given,
    });
    for (const m of mismatches)
      c.problems.push({ path: `${path}.mrz`, code: m.code, message: `${m.field}: ${m.message}` });
    return { ...doc, mrzVerified: mismatches.length === 0, mrzNationality: mrz.nationalityAlpha2 ?? null };
  });
  return {
    name: person.name,
    dateOfBirth: dob?.dateOfBirth,
    citizenship: person.citizenship ?? [],
    address: person.address,
    nationalIds,
    documents,
    emails: validateEmails(c, prefix, person.emails),
    phones: validatePhones(c, prefix, person.phones, addressCountry),
  };
}

/**
 * A name is screened against sanctions lists and special measures by its letters: one with none
 * ("...", "123", only combining marks or zero-width spaces) could never match, so it is refused.
 */
function checkName(c: Collector, path: string, name: string): void {
  if (!/\p{L}/u.test(name))
    c.problems.push({ path, code: 'NAME_NO_LETTERS', message: 'a name needs at least one letter' });
}

/**
 * A country code the input's shape allows (two letters) must also be one that exists: a measure on GB
 * would never see a customer typed as `UK`, and an unknown code would count as some foreign country in the
 * determination. (National ids check their own country.) Returns the code when it is known.
 */
function checkCountry(c: Collector, path: string, code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const result = validateCountryCode(code);
  const hint = !result.ok && code === 'UK' ? { message: `${result.message}: the United Kingdom is GB` } : {};
  return c.take(path, { ...result, ...hint });
}

function validateEmails(c: Collector, prefix: string, emails: string[] | undefined) {
  return (emails ?? []).flatMap((raw, i) => {
    const valid = c.take(`${prefix}emails[${i}]`, validateEmail(raw));
    return valid === undefined
      ? []
      : [{ address: valid.address, domain: valid.domain, disposable: valid.disposable }];
  });
}

function validatePhones(
  c: Collector,
  prefix: string,
  phones: string[] | undefined,
  defaultCountry: string | undefined,
) {
  return (phones ?? []).flatMap((raw, i) => {
    const valid = c.take(
      `${prefix}phones[${i}]`,
      validatePhone(raw, defaultCountry === undefined ? {} : { defaultCountry }),
    );
    return valid === undefined ? [] : [{ e164: valid.e164, country: valid.country, type: valid.type }];
  });
}

/** Card numbers never leave this function: only the keyed fingerprint, last 4, network and BIN do. */
function validatePayment(
  c: Collector,
  path: string,
  p: PaymentInstrumentInput,
  ctx: ValidationContext,
): NormalizedPayment {
  const common = {
    holderName: p.holderName,
    source: p.source,
    billingCountry: p.billingCountry,
    customerId: p.customerId,
  };
  switch (p.type) {
    case 'card': {
      const card = c.take(`${path}.number`, inspectCard(p.number, ctx.cardFingerprintKey));
      if (p.expiry !== undefined) {
        const [month = '', year = ''] = p.expiry.split('/');
        c.take(`${path}.expiry`, validateCardExpiry(month, year, ctx.now));
      }
      return { type: 'card', ...common, card, expiry: p.expiry };
    }
    case 'iban': {
      const iban = c.take(`${path}.iban`, validateIban(p.iban, p.bic === undefined ? {} : { bic: p.bic }));
      return { type: 'iban', ...common, iban: iban?.iban, ibanCountry: iban?.country, last4: iban?.last4 };
    }
    case 'bank_account':
      return {
        type: 'bank_account',
        ...common,
        accountNumber: p.accountNumber,
        routingNumber: p.routingNumber,
        country: p.country,
        last4: p.accountNumber.slice(-4),
      };
    case 'crypto_wallet':
      return { type: 'crypto_wallet', ...common, network: p.network, address: p.address };
    case 'invoice':
      return { type: 'invoice', ...common, reference: p.reference };
  }
}
