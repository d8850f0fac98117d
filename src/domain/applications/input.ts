/**
 * What a provider's sign-up flow sends for one application (issue 3's interface contract). Shapes
 * only: whether an identifier is *valid* (check digits, dates, MRZ agreement) is domain/identity's
 * job, so every problem can be reported with its path in one 422.
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code')
  .transform((c) => c.toUpperCase());
const isoDate = z.iso.date();

export const NameSchema = z.strictObject({
  full: text(300),
  given: text(200).optional(),
  family: text(200).optional(),
  /** The same name in other scripts, e.g. Cyrillic or Han, as written on documents. */
  otherScripts: z
    .array(z.strictObject({ script: text(40).optional(), full: text(300) }))
    .max(10)
    .optional(),
});

export const AddressSchema = z.strictObject({
  line1: text(300),
  line2: text(300).optional(),
  city: text(200),
  region: text(200).optional(),
  postalCode: text(40).optional(),
  country,
});

export const NationalIdSchema = z.strictObject({
  country,
  number: text(64),
  type: text(40).optional(),
});

export const DOCUMENT_TYPES = [
  'passport',
  'national_id',
  'driving_licence',
  'residence_permit',
  'other',
] as const;

export const DocumentSchema = z.strictObject({
  type: z.enum(DOCUMENT_TYPES),
  country,
  number: text(64),
  expiresOn: isoDate.optional(),
  issuedOn: isoDate.optional(),
  mrz: z.string().max(200).optional(),
});

const paymentCommon = {
  holderName: text(300).optional(),
  /** Source of the funds, as the rule asks ("means and source of payment"). */
  source: text(200).optional(),
  billingCountry: country.optional(),
  customerId: text(200).optional(),
};

export const PaymentInstrumentSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('card'),
    number: z.string().regex(/^[0-9 -]{12,23}$/, 'card digits'),
    expiry: z
      .string()
      .regex(/^(0[1-9]|1[0-2])\/\d{2}$/, 'MM/YY')
      .optional(),
    ...paymentCommon,
  }),
  z.strictObject({ type: z.literal('iban'), iban: text(42), bic: text(11).optional(), ...paymentCommon }),
  z.strictObject({
    type: z.literal('bank_account'),
    accountNumber: text(40),
    routingNumber: text(20).optional(),
    country,
    ...paymentCommon,
  }),
  z.strictObject({
    type: z.literal('crypto_wallet'),
    network: text(40),
    address: text(120),
    ...paymentCommon,
  }),
  z.strictObject({ type: z.literal('invoice'), reference: text(120).optional(), ...paymentCommon }),
]);

export const SignupSchema = z.strictObject({
  ip: z.union([z.ipv4(), z.ipv6()]),
  userAgent: z.string().max(1000).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

export const AccountRefSchema = z.strictObject({
  /** The provider's own id for the account; usable wherever an account is named. */
  externalId: text(200).optional(),
});

const personFields = {
  name: NameSchema,
  dateOfBirth: isoDate.optional(),
  citizenship: z.array(country).max(5).optional(),
  address: AddressSchema.optional(),
  nationalIds: z.array(NationalIdSchema).max(10).optional(),
  documents: z.array(DocumentSchema).max(10).optional(),
  emails: z.array(text(320)).max(10).optional(),
  phones: z.array(text(40)).max(10).optional(),
};

export const PersonSchema = z.strictObject(personFields);

export const BeneficialOwnerSchema = z
  .strictObject({
    ...personFields,
    ownershipPercent: z.number().min(0).max(100).optional(),
    control: z.boolean().optional(),
  })
  .refine((o) => o.ownershipPercent !== undefined || o.control === true, {
    message: 'a beneficial owner needs ownershipPercent or control: true',
    path: ['ownershipPercent'],
  });

const applicationCommon = {
  emails: z.array(text(320)).max(10).optional(),
  phones: z.array(text(40)).max(10).optional(),
  paymentInstruments: z.array(PaymentInstrumentSchema).max(10).optional(),
  signup: SignupSchema.optional(),
  account: AccountRefSchema.optional(),
  /** The reseller tenant the customer came through, if any. */
  resellerId: z.uuid().optional(),
  /** A tenant-defined or built-in profile; the tenant's default otherwise. */
  profileId: text(100).optional(),
};

export const IndividualApplicationSchema = z.strictObject({
  type: z.literal('individual'),
  ...personFields,
  ...applicationCommon,
});

export const EntityApplicationSchema = z.strictObject({
  type: z.literal('entity'),
  legalName: text(300),
  otherNames: z.array(text(300)).max(10).optional(),
  incorporation: z.strictObject({ country, number: text(64).optional(), region: text(200).optional() }),
  address: AddressSchema.optional(),
  beneficialOwners: z.array(BeneficialOwnerSchema).max(50).optional(),
  signatories: z.array(PersonSchema).max(20).optional(),
  ...applicationCommon,
});

export const ApplicationInputSchema = z.discriminatedUnion('type', [
  IndividualApplicationSchema,
  EntityApplicationSchema,
]);
export type ApplicationInput = z.infer<typeof ApplicationInputSchema>;
export type IndividualApplication = z.infer<typeof IndividualApplicationSchema>;
export type EntityApplication = z.infer<typeof EntityApplicationSchema>;
export type PaymentInstrumentInput = z.infer<typeof PaymentInstrumentSchema>;
export type PersonInput = z.infer<typeof PersonSchema>;
