/**
 * Demo data: a handful of realistic, clearly fictional applications and one special measure, so a
 * newcomer sees every kind of decision in the API. Names are placeholders ("Example", "Mustermann",
 * "Nordmann"), addresses are made up, emails use the RFC 2606 example domains (one uses a public
 * throwaway service on purpose), phones are the ranges regulators reserve for fiction (US 555-01xx,
 * UK 020 7946 0xxx, SE 070-174 06xx), cards and IBANs are the well-known test numbers, and sign-up IPs
 * are documentation addresses (RFC 5737, RFC 3849). Offline geolocation knows no country for those, so
 * no IP signal counts in these determinations.
 */
import type { ApplicationInput } from '../domain/applications/input.ts';
import { addDays } from '../domain/special-measures/dates.ts';
import type { SpecialMeasureInput } from '../domain/special-measures/schema.ts';
import { checkDigit } from '../domain/identity/mrz-layout.ts';

/** Marks the demo measure; seeding looks for it so that a second run adds nothing. */
export const DEMO_MEASURE_CITATION = 'DEMO: Gatehouse demo data, not a real special measure';

export interface DemoApplication {
  /** What the example shows. */
  title: string;
  input: ApplicationInput & { account: { externalId: string } };
  /** Completed after submission through the fake identity vendor's signed webhook (when it is enabled). */
  verifiedBy?: 'vendor';
}

/** A passport with its MRZ (ICAO 9303 TD3), the check digits computed (7-3-1 weights, part 3 §4.9). */
export function passportWithMrz(p: {
  country: string;
  state: string;
  number: string;
  expiresOn: string;
  surname: string;
  given: string;
  dateOfBirth: string;
  sex: 'F' | 'M';
}) {
  const pad = (text: string, length: number) => text.padEnd(length, '<').slice(0, length);
  const withCheck = (field: string) => `${field}${checkDigit(field)}`;
  const yymmdd = (date: string) => date.slice(2).replaceAll('-', '');
  const [number, birth, expiry] = [pad(p.number, 9), yymmdd(p.dateOfBirth), yymmdd(p.expiresOn)].map(
    withCheck,
  );
  const optional = `${pad('', 14)}<`;
  const line1 = pad(`P<${p.state}${p.surname}<<${p.given.replace(/ /g, '<')}`, 44);
  const line2 = `${number}${p.state}${birth}${p.sex}${expiry}${optional}${checkDigit(`${number}${birth}${expiry}${optional}`)}`;
  const mrz = `${line1}\n${line2}`;
  return { type: 'passport' as const, country: p.country, number: p.number, expiresOn: p.expiresOn, mrz };
}

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

export const DEMO_APPLICATIONS: readonly DemoApplication[] = [
  {
    title: 'foreign individual, verified by passport MRZ and a card in her name',
    input: {
      type: 'individual',
      name: { full: 'Erika Exempel', given: 'Erika', family: 'Exempel' },
      dateOfBirth: '1986-03-14',
      citizenship: ['SE'],
      address: { line1: 'Exempelgatan 12', city: 'Stockholm', postalCode: '111 22', country: 'SE' },
      documents: [
        passportWithMrz({
          country: 'SE',
          state: 'SWE',
          number: 'EX1234567',
          expiresOn: '2033-09-20',
          surname: 'EXEMPEL',
          given: 'ERIKA',
          dateOfBirth: '1986-03-14',
          sex: 'F',
        }),
      ],
      emails: ['erika.exempel@example.org'],
      phones: ['+46701740605'],
      paymentInstruments: [
        {
          type: 'card',
          number: '4111111111111111',
          expiry: '09/30',
          holderName: 'Erika Exempel',
          billingCountry: 'SE',
        },
      ],
      signup: { ip: '198.51.100.23', userAgent: BROWSER },
      account: { externalId: 'demo-erika-exempel' },
    },
  },
  {
    title: 'US citizen, approved on US-person status alone',
    input: {
      type: 'individual',
      name: { full: 'John Q. Example', given: 'John', family: 'Example' },
      dateOfBirth: '1979-11-02',
      citizenship: ['US'],
      address: {
        line1: '100 Example Avenue',
        city: 'Springfield',
        region: 'IL',
        postalCode: '62701',
        country: 'US',
      },
      documents: [{ type: 'passport', country: 'US', number: '500000001', expiresOn: '2032-05-01' }],
      emails: ['john.example@example.com'],
      phones: ['+12025550143'],
      paymentInstruments: [
        { type: 'card', number: '5555555555554444', holderName: 'John Example', billingCountry: 'US' },
      ],
      signup: { ip: '203.0.113.10', userAgent: BROWSER },
      account: { externalId: 'demo-john-example' },
    },
  },
  {
    title: 'foreign individual, pending: one more verification method needed',
    input: {
      type: 'individual',
      name: { full: 'Max Mustermann', given: 'Max', family: 'Mustermann' },
      dateOfBirth: '1964-08-12',
      citizenship: ['DE'],
      address: { line1: '10 Example Road', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' },
      documents: [{ type: 'passport', country: 'DE', number: 'C01X00T47', expiresOn: '2031-10-31' }],
      emails: ['max.mustermann@example.net'],
      phones: ['+442079460321'],
      paymentInstruments: [
        { type: 'card', number: '4012888888881881', holderName: 'Max Mustermann', billingCountry: 'GB' },
      ],
      signup: { ip: '2001:db8::42', userAgent: BROWSER },
      account: { externalId: 'demo-max-mustermann' },
    },
  },
  {
    title:
      'foreign individual, verified by a third-party identity vendor (the fake vendor) through its signed webhook',
    verifiedBy: 'vendor',
    input: {
      type: 'individual',
      name: { full: 'Kari Nordmann', given: 'Kari', family: 'Nordmann' },
      dateOfBirth: '1990-11-02',
      citizenship: ['NO'],
      address: { line1: 'Eksempelveien 3', city: 'Oslo', postalCode: '0150', country: 'NO' },
      // The passport MRZ is one verification method; the vendor's check is the second.
      documents: [
        passportWithMrz({
          country: 'NO',
          state: 'NOR',
          number: 'FE0123456',
          expiresOn: '2033-05-31',
          surname: 'NORDMANN',
          given: 'KARI',
          dateOfBirth: '1990-11-02',
          sex: 'F',
        }),
      ],
      emails: ['kari.nordmann@example.org'],
      phones: ['+442079460987'],
      paymentInstruments: [{ type: 'invoice', billingCountry: 'NO', source: 'salary' }],
      signup: { ip: '198.51.100.23', userAgent: BROWSER },
      account: { externalId: 'demo-kari-nordmann' },
    },
  },
  {
    title: 'foreign entity with two beneficial owners, verified through its director',
    input: {
      type: 'entity',
      legalName: 'Example Cloud Services Ltd',
      incorporation: { country: 'GB', number: '01234567' },
      address: { line1: '1 Example Street', city: 'London', postalCode: 'EC1A 1AA', country: 'GB' },
      emails: ['billing@example.net'],
      phones: ['+442079460123'],
      paymentInstruments: [
        {
          type: 'iban',
          iban: 'GB82WEST12345698765432',
          holderName: 'Example Cloud Services Ltd',
          billingCountry: 'GB',
        },
        // A company card in the director's name: with her passport MRZ, it verifies the entity.
        { type: 'card', number: '5555555555554444', holderName: 'Jane Example', billingCountry: 'GB' },
      ],
      beneficialOwners: [
        {
          name: { full: 'Jane Example', given: 'Jane', family: 'Example' },
          dateOfBirth: '1981-06-30',
          citizenship: ['GB'],
          address: { line1: '2 Example Street', city: 'London', postalCode: 'EC1A 1AB', country: 'GB' },
          documents: [
            passportWithMrz({
              country: 'GB',
              state: 'GBR',
              number: '123456789',
              expiresOn: '2032-02-28',
              surname: 'EXAMPLE',
              given: 'JANE',
              dateOfBirth: '1981-06-30',
              sex: 'F',
            }),
          ],
          emails: ['jane.example@example.net'],
          phones: ['+442079460456'],
          ownershipPercent: 60,
          control: true,
        },
        {
          name: { full: 'Ola Nordmann', given: 'Ola', family: 'Nordmann' },
          dateOfBirth: '1975-01-20',
          citizenship: ['NO'],
          address: { line1: '3 Example Street', city: 'London', postalCode: 'EC1A 1AC', country: 'GB' },
          emails: ['ola.nordmann@example.net'],
          phones: ['+442079460789'],
          ownershipPercent: 40,
        },
      ],
      signup: { ip: '198.51.100.77', userAgent: BROWSER },
      account: { externalId: 'demo-example-cloud-services' },
    },
  },
  {
    title: 'denied: resident in the jurisdiction of the demo prohibition',
    input: {
      type: 'individual',
      name: { full: 'Alex Specimen', given: 'Alex', family: 'Specimen' },
      dateOfBirth: '1990-12-01',
      citizenship: ['NZ'],
      address: { line1: 'Example Research Station', city: 'Ross Island', country: 'AQ' },
      emails: ['alex.specimen@example.org'],
      signup: { ip: '203.0.113.200', userAgent: BROWSER },
      account: { externalId: 'demo-alex-specimen' },
    },
  },
  {
    title: 'valid but suspicious: a disposable email domain (a warning, not a refusal)',
    input: {
      type: 'individual',
      name: { full: 'Sam Sample', given: 'Sam', family: 'Sample' },
      dateOfBirth: '1995-04-23',
      citizenship: ['CA'],
      address: {
        line1: '100 Example Road',
        city: 'Toronto',
        region: 'ON',
        postalCode: 'M5V 2T6',
        country: 'CA',
      },
      emails: ['sam.sample@mailinator.com'],
      phones: ['+14165550142'],
      paymentInstruments: [
        { type: 'card', number: '4000056655665556', holderName: 'Sam Sample', billingCountry: 'CA' },
      ],
      signup: { ip: '2001:db8:1::7', userAgent: BROWSER },
      account: { externalId: 'demo-sam-sample' },
    },
  },
];

/**
 * The demo prohibition, in force when seeded: determined 200 days ago, so the default 180 days'
 * notice has passed. It names Antarctica (AQ), a real ISO code that no customer is really "of".
 */
export function demoMeasure(now: Date): SpecialMeasureInput {
  return {
    kind: 'prohibit',
    target: { type: 'jurisdiction', countries: ['AQ'], regions: [] },
    conditions: [],
    determinationDate: addDays(now.toISOString().slice(0, 10), -200),
    citation: DEMO_MEASURE_CITATION,
    description: 'DEMO ONLY. Shows a prohibition denying new applications from a jurisdiction.',
  };
}
