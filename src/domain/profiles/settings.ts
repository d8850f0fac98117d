/**
 * A rule profile is the written Customer Identification Program as data: which fields a customer must
 * give, how identity is verified, who counts as a US person, what a pending account may do, how long
 * records are kept. The law is a proposal that may change (89 FR 5698), so switching rules means
 * switching data, never code paths. Every `.describe()` text here becomes the API documentation.
 */
import { z } from 'zod';

export const CUSTOMER_TYPES = ['individual', 'entity', 'beneficialOwner'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

/**
 * Field paths are dotted paths into an application (`POST /v1/applications`); a closed list per
 * customer type, so a typo in a tenant profile is rejected instead of silently requiring nothing.
 */
const PERSON_FIELDS = [
  'name.full',
  'name.given',
  'name.family',
  'dateOfBirth',
  'citizenship',
  'address',
  'nationalIds',
  'documents',
  'emails',
  'phones',
] as const;

export const FIELD_PATHS = {
  individual: [...PERSON_FIELDS, 'paymentInstruments', 'signup.ip'],
  entity: [
    'legalName',
    'incorporation.country',
    'incorporation.number',
    'address',
    'beneficialOwners',
    'signatories',
    'emails',
    'phones',
    'paymentInstruments',
    'signup.ip',
  ],
  beneficialOwner: PERSON_FIELDS,
} as const satisfies Record<CustomerType, readonly string[]>;

export const VERIFICATION_METHODS = [
  'document',
  'email_possession',
  'phone_possession',
  'payment_instrument_match',
  'vendor',
] as const;
export const VerificationMethodSchema = z
  .enum(VERIFICATION_METHODS)
  .describe(
    'document: an identity document checked (MRZ, expiry); email_possession / phone_possession: a one-time ' +
      'code confirmed; payment_instrument_match: the payment instrument’s holder name and country match; ' +
      'vendor: a third-party identity-verification vendor passed the person.',
  );
export type VerificationMethod = z.infer<typeof VerificationMethodSchema>;

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an upper-case ISO 3166-1 alpha-2 code');
const fieldList = <T extends readonly [string, ...string[]]>(paths: T, who: string) =>
  z
    .array(z.enum(paths))
    .max(paths.length)
    .refine((list) => new Set(list).size === list.length, 'lists a field twice')
    .describe(`Fields an application must carry for ${who}, as dotted paths.`);

export const RequiredFieldsSchema = z.strictObject({
  individual: fieldList(FIELD_PATHS.individual, 'an individual customer'),
  entity: fieldList(FIELD_PATHS.entity, 'an entity customer'),
  beneficialOwner: fieldList(FIELD_PATHS.beneficialOwner, 'each beneficial owner of an entity'),
});
export type RequiredFields = z.infer<typeof RequiredFieldsSchema>;

export const VerificationRuleSchema = z
  .strictObject({
    anyOf: z
      .array(VerificationMethodSchema)
      .min(1)
      .describe('The methods that count towards verifying a customer’s identity.'),
    minimum: z
      .number()
      .int()
      .min(1)
      .max(VERIFICATION_METHODS.length)
      .describe('How many different accepted methods must pass (required ones included).'),
    required: z
      .array(VerificationMethodSchema)
      .default([])
      .describe('Methods that must pass whatever else passed; each must also be in anyOf.'),
    maxFailedAttempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .describe('Failed verification attempts allowed before afterFailedAttempts applies.'),
    afterFailedAttempts: z
      .enum(['restrict', 'deny'])
      .describe('What happens to the account once the failed attempts are used up.'),
  })
  .superRefine((rule, ctx) => {
    if (rule.minimum > rule.anyOf.length) {
      ctx.addIssue({ code: 'custom', path: ['minimum'], message: 'is more than the accepted methods' });
    }
    rule.required.forEach((method, index) => {
      if (!rule.anyOf.includes(method)) {
        ctx.addIssue({ code: 'custom', path: ['required', index], message: `${method} is not in anyOf` });
      }
    });
    if (rule.required.length > rule.minimum) {
      ctx.addIssue({ code: 'custom', path: ['minimum'], message: 'is less than the required methods' });
    }
  })
  .describe('Which verification methods verify a customer, and how many must pass.');
export type VerificationRule = z.infer<typeof VerificationRuleSchema>;

export const UsPersonRuleSchema = z
  .strictObject({
    grounds: z
      .strictObject({
        citizenship: z.boolean().describe('Declared US citizenship makes a US person (when corroborated).'),
        residence: z
          .boolean()
          .describe(
            'A declared US residence address makes a US person (when corroborated): a stand-in for lawful ' +
              'permanent residence and for "any person in the United States".',
          ),
        incorporation: z
          .boolean()
          .describe('Incorporation in a US jurisdiction makes an entity a US person.'),
        ipLocation: z
          .boolean()
          .describe(
            'Being located in the US by the sign-up IP (not a hosting/VPN network) is enough on its own when ' +
              'there is no strong foreign evidence. Off by default: an IP is trivially moved by a VPN.',
          ),
      })
      .describe('Which US-pointing evidence can establish US-person status.'),
    usJurisdictions: z
      .array(countryCode)
      .min(1)
      .describe('Country codes that count as the United States (the states and the territories).'),
    minimumCorroboration: z
      .number()
      .min(0)
      .max(5)
      .describe(
        'A declared ground must be backed by independent US evidence (document, payment, phone, IP) whose ' +
          'weights add up to at least this; see the determination weight table.',
      ),
    undeterminedTreatedAs: z
      .enum(['foreign', 'us_person'])
      .default('foreign')
      .describe('How a customer whose status is undetermined is handled; the proposal says foreign.'),
  })
  .describe('Who counts as a US person.');
export type UsPersonRule = z.infer<typeof UsPersonRuleSchema>;

export const PendingAccountLimitsSchema = z
  .strictObject({
    maxInstances: z.number().int().min(0).describe('Running instances allowed while pending or restricted.'),
    maxMonthlySpendUsd: z.number().min(0).describe('Spend cap per month, in US dollars.'),
    allowGpu: z.boolean().describe('Whether GPU/accelerator instances may be started.'),
    enhancedMonitoring: z.boolean().describe('Whether the account is under enhanced abuse monitoring.'),
    maxPendingDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .describe('Days an account may stay pending before it is restricted or closed.'),
  })
  .describe('What an account may do while its verification is pending or it is restricted.');
export type PendingAccountLimits = z.infer<typeof PendingAccountLimitsSchema>;
