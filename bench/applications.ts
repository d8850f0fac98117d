/**
 * The applications scenario's data: the special measures created before the load, and the pool of
 * `POST /v1/applications` bodies the load generator rotates through. Every body is valid (the preflight
 * submits each one and requires 201 and the expected decision), and the load generator gives every
 * request its own `account.externalId`, so each request opens a new account: party, account,
 * application, decision and audit rows, as a real sign-up does.
 */
import { td3 } from '../test/support/mrz.ts';

/** A body without `account`: the load generator adds `account: { externalId }` to every request. */
export type ApplicationBody = Record<string, unknown>;

export interface ApplicationKind {
  /** A short name for progress lines and the doc. */
  name: string;
  body: ApplicationBody;
  /** How many of every `POOL_WEIGHT_TOTAL` requests use this body. */
  weight: number;
  /** What the preflight requires, so a body that went stale (or a geo lookup that knows nothing) is caught. */
  expect: { decision: string; rule: string; ipCountry: string };
}

/** Determined 200 days ago: in force since 20 days (180 days' notice) and for another 345. */
function measureDeterminationDate(now = Date.now()): string {
  return new Date(now - 200 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Three measures, so every decision evaluates real ones: a jurisdiction prohibition, a jurisdiction
 * condition, and a named-person prohibition (name and identifier matching on every subject, including
 * each beneficial owner). No body in the pool is the named person.
 */
export function specialMeasures(now = Date.now()): Array<Record<string, unknown>> {
  const determinationDate = measureDeterminationDate(now);
  return [
    {
      kind: 'prohibit',
      target: { type: 'jurisdiction', countries: ['RU'] },
      determinationDate,
      citation: '89 FR 0000 (bench, fictional)',
    },
    {
      kind: 'condition',
      target: { type: 'jurisdiction', countries: ['BY'] },
      conditions: [
        { type: 'enhanced_monitoring' },
        { type: 'service_limits', maxInstances: 4, maxMonthlySpendUsd: 500, allowGpu: false },
      ],
      determinationDate,
      citation: '89 FR 0001 (bench, fictional)',
    },
    {
      kind: 'prohibit',
      target: {
        type: 'person',
        names: ['Viktor Sergeyevich Orlov', 'Orlov Viktor'],
        identifiers: [{ type: 'passport', value: '751234567', country: 'RU' }],
        personType: 'individual',
      },
      determinationDate,
      citation: '89 FR 0002 (bench, fictional)',
    },
  ];
}

const annaMrz = td3({
  issuingState: 'SWE',
  surname: 'Eriksson',
  givenNames: 'Anna Maria',
  number: 'AA1234567',
  nationality: 'SWE',
  birthDate: '740812',
  sex: 'F',
  expiryDate: '310101',
});

const larsMrz = td3({
  issuingState: 'SWE',
  surname: 'Lindqvist',
  givenNames: 'Lars',
  number: 'AB7654321',
  nationality: 'SWE',
  birthDate: '810305',
  sex: 'M',
  expiryDate: '300615',
});

/** A Swedish customer signing up from a UK address; the base of three kinds below. */
function swedishIndividual(overrides: ApplicationBody = {}): ApplicationBody {
  return {
    type: 'individual',
    name: { full: 'Anna Maria Eriksson', given: 'Anna Maria', family: 'Eriksson' },
    dateOfBirth: '1974-08-12',
    citizenship: ['SE'],
    address: { line1: 'Storgatan 1', city: 'Stockholm', postalCode: '111 22', country: 'SE' },
    nationalIds: [{ country: 'SE', number: '811228-9874' }],
    documents: [{ type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2031-01-01' }],
    emails: ['anna@example.se'],
    phones: ['+46701234567'],
    paymentInstruments: [
      { type: 'card', number: '4111111111111111', holderName: 'Anna Eriksson', billingCountry: 'SE' },
    ],
    signup: { ip: '81.2.69.142', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' },
    ...overrides,
  };
}

const verifiedPassport = [
  { type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2031-01-01', mrz: annaMrz },
];

/** The pool, in the proportions of a plausible day of sign-ups: mostly US and ordinary foreign customers. */
export const APPLICATION_KINDS: ApplicationKind[] = [
  {
    name: 'us-person',
    weight: 3,
    body: {
      type: 'individual',
      name: { full: 'John Q Public', given: 'John', family: 'Public' },
      dateOfBirth: '1980-02-29',
      citizenship: ['US'],
      address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
      documents: [{ type: 'passport', country: 'US', number: '912803456', expiresOn: '2032-05-01' }],
      emails: ['john@example.com'],
      phones: ['+12025550143'],
      paymentInstruments: [
        { type: 'card', number: '5555555555554444', holderName: 'John Public', billingCountry: 'US' },
      ],
      signup: { ip: '73.162.0.1', userAgent: 'Mozilla/5.0 (Macintosh) Safari/17.0' },
    },
    expect: { decision: 'approved', rule: 'us_person.status_determination', ipCountry: 'US' },
  },
  {
    // A passport whose MRZ verifies (`document`) and a card in her name (`payment_instrument_match`).
    name: 'foreign-verified',
    weight: 2,
    body: swedishIndividual({ documents: verifiedPassport }),
    expect: { decision: 'approved', rule: 'cip.verified', ipCountry: 'GB' },
  },
  {
    // No MRZ: only the card proves anything, so one of the two methods the profile asks for is open.
    name: 'foreign-pending',
    weight: 2,
    body: swedishIndividual(),
    expect: { decision: 'pending', rule: 'cip.verification_pending', ipCountry: 'GB' },
  },
  {
    name: 'entity-2-owners',
    weight: 1,
    body: {
      type: 'entity',
      legalName: 'Nordic Compute AB',
      incorporation: { country: 'SE', number: '556677-8899' },
      address: { line1: 'Kungsgatan 2', city: 'Stockholm', postalCode: '111 43', country: 'SE' },
      emails: ['ops@nordic-compute.example'],
      phones: ['+46812345678'],
      paymentInstruments: [
        {
          type: 'iban',
          iban: 'SE4550000000058398257466',
          holderName: 'Nordic Compute AB',
          billingCountry: 'SE',
        },
      ],
      beneficialOwners: [
        {
          name: { full: 'Anna Maria Eriksson', given: 'Anna Maria', family: 'Eriksson' },
          dateOfBirth: '1974-08-12',
          citizenship: ['SE'],
          address: { line1: 'Storgatan 1', city: 'Stockholm', postalCode: '111 22', country: 'SE' },
          documents: verifiedPassport,
          emails: ['anna@nordic-compute.example'],
          phones: ['+46701234567'],
          ownershipPercent: 60,
        },
        {
          name: { full: 'Lars Lindqvist', given: 'Lars', family: 'Lindqvist' },
          dateOfBirth: '1981-03-05',
          citizenship: ['SE', 'NO'],
          address: { line1: 'Drottninggatan 9', city: 'Uppsala', postalCode: '753 10', country: 'SE' },
          documents: [
            { type: 'passport', country: 'SE', number: 'AB7654321', expiresOn: '2030-06-15', mrz: larsMrz },
          ],
          emails: ['lars@nordic-compute.example'],
          phones: ['+46707654321'],
          ownershipPercent: 40,
          control: true,
        },
      ],
      signup: { ip: '193.10.0.1', userAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0' },
    },
    // Both owners prove `document`; the IBAN is in the company's name, so one method stays open.
    expect: { decision: 'pending', rule: 'cip.verification_pending', ipCountry: 'SE' },
  },
  {
    name: 'prohibited-jurisdiction',
    weight: 1,
    body: swedishIndividual({
      name: { full: 'Ivan Petrov', given: 'Ivan', family: 'Petrov' },
      citizenship: ['RU'],
      address: { line1: 'Tverskaya 1', city: 'Moscow', postalCode: '125009', country: 'RU' },
      nationalIds: [],
      documents: [],
      emails: ['ivan.petrov@example.ru'],
      phones: ['+79161234567'],
      paymentInstruments: [{ type: 'crypto_wallet', network: 'bitcoin', address: 'bc1qbenchfictional0000' }],
      signup: { ip: '95.173.136.70' },
    }),
    expect: { decision: 'denied', rule: 'special_measure.prohibit', ipCountry: 'RU' },
  },
  {
    name: 'conditioned-jurisdiction',
    weight: 1,
    body: swedishIndividual({ documents: verifiedPassport, citizenship: ['SE', 'BY'] }),
    expect: { decision: 'restricted', rule: 'special_measure.condition', ipCountry: 'GB' },
  },
];

/** The bodies in rotation order, each repeated by its weight and interleaved (3 US, 2 + 2 foreign, …). */
export function bodyPool(kinds: readonly ApplicationKind[] = APPLICATION_KINDS): ApplicationBody[] {
  const pool: ApplicationBody[] = [];
  const maxWeight = Math.max(...kinds.map((k) => k.weight));
  for (let round = 0; round < maxWeight; round++) {
    for (const kind of kinds) if (round < kind.weight) pool.push(kind.body);
  }
  return pool;
}

/** `us-person 3, foreign-verified 2, …`, for the header and the doc. */
export function describeMix(kinds: readonly ApplicationKind[] = APPLICATION_KINDS): string {
  const total = kinds.reduce((sum, k) => sum + k.weight, 0);
  return `${kinds.map((k) => `${k.name} ${k.weight}`).join(', ')} (of every ${total})`;
}
