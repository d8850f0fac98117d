/**
 * Special measures (EO 13984 sec. 2(c); proposed 15 CFR 7.309 in 89 FR 5698): the Secretary of Commerce
 * may prohibit, or put conditions on, opening or maintaining accounts for persons of a named foreign
 * jurisdiction or for a named foreign person. A measure takes effect no earlier than 180 days after it
 * is determined and lasts 365 days unless extended; it applies to new and existing accounts.
 */
import { z } from 'zod';
import { isCountryCode } from '../identity/index.ts';
import { VerificationMethodSchema } from '../profiles/settings.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.iso.date();
const country = z.string().regex(/^[A-Z]{2}$/, 'an upper-case ISO 3166-1 alpha-2 code');
const region = z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'an ISO 3166-2 subdivision code such as UA-43');
const UNKNOWN_COUNTRY = 'not an ISO 3166-1 alpha-2 country code (the United Kingdom is GB)';

/** The customer attributes a jurisdiction measure is checked against. */
export const MEASURE_ATTRIBUTES = [
  'nationality',
  'residence',
  'incorporation',
  'document',
  'payment',
  'ip',
] as const;
export type MeasureAttribute = (typeof MEASURE_ATTRIBUTES)[number];

export const JurisdictionTargetSchema = z.strictObject({
  type: z.literal('jurisdiction'),
  countries: z.array(country).max(300).default([]).describe('Whole countries the measure names.'),
  regions: z
    .array(region)
    .max(500)
    .default([])
    .describe('Subdivisions (ISO 3166-2) the measure names, where it covers part of a country.'),
  attributes: z
    .array(z.enum(MEASURE_ATTRIBUTES))
    .min(1)
    .optional()
    .describe('Which customer attributes count as being "of" the jurisdiction; all of them by default.'),
});

export const PersonTargetSchema = z.strictObject({
  type: z.literal('person'),
  names: z
    .array(text(300))
    .min(1)
    .max(50)
    .describe('Names and aliases; matched ignoring case, accents, punctuation, spacing and word order.'),
  identifiers: z
    .array(z.strictObject({ type: text(40), value: text(100), country: country.optional() }))
    .max(50)
    .default([])
    .describe('Identifiers (passport, national ID, registration number …), matched exactly.'),
  personType: z
    .enum(['individual', 'entity'])
    .optional()
    .describe('Whether the person is an individual or an entity.'),
});

export const MeasureTargetSchema = z.discriminatedUnion('type', [
  JurisdictionTargetSchema,
  PersonTargetSchema,
]);
export type MeasureTarget = z.infer<typeof MeasureTargetSchema>;

export const MeasureConditionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('extra_verification'),
      methods: z
        .array(VerificationMethodSchema)
        .min(1)
        .describe('Methods that must all pass, beyond the profile.'),
    }),
    z.strictObject({ type: z.literal('enhanced_monitoring') }),
    z.strictObject({
      type: z.literal('service_limits'),
      maxInstances: z.number().int().min(0).optional(),
      maxMonthlySpendUsd: z.number().min(0).optional(),
      allowGpu: z.boolean().optional(),
    }),
    z.strictObject({ type: z.literal('manual_review') }),
  ])
  .describe('A condition on the account: extra verification, enhanced monitoring, service limits, review.');
export type MeasureCondition = z.infer<typeof MeasureConditionSchema>;

export const MeasureExtensionSchema = z.strictObject({
  determinationDate: isoDate.describe('When the extension was determined.'),
  expiryDate: isoDate.describe('The new expiry date.'),
  citation: text(500).optional().describe('Where the extension was published.'),
});
export type MeasureExtension = z.infer<typeof MeasureExtensionSchema>;

export const MeasureExtensionInputSchema = MeasureExtensionSchema.extend({
  expiryDate: isoDate.optional().describe('The new expiry date; the current expiry + 365 days by default.'),
});
export type MeasureExtensionInput = z.infer<typeof MeasureExtensionInputSchema>;

const terms = {
  kind: z
    .enum(['prohibit', 'condition'])
    .describe('prohibit: no account; condition: an account only with conditions.'),
  target: MeasureTargetSchema,
  conditions: z.array(MeasureConditionSchema).max(10).default([]).describe('Required for kind condition.'),
  determinationDate: isoDate.describe('When the Secretary determined the measure.'),
  citation: text(500).describe('Where it was published, e.g. a Federal Register citation.'),
  description: text(4000).optional(),
};

/** What an operator submits (`POST /v1/special-measures`); dates it leaves out get their defaults. */
export const SpecialMeasureInputSchema = z
  .strictObject({
    ...terms,
    effectiveDate: isoDate
      .optional()
      .describe('In force from this date; determination + 180 days by default.'),
    expiryDate: isoDate
      .optional()
      .describe('No longer in force from this date; effective + 365 days by default.'),
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'condition' && input.conditions.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'a condition measure needs conditions' });
    }
    if (input.kind === 'prohibit' && input.conditions.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'a prohibition has no conditions' });
    }
    if (
      input.target.type === 'jurisdiction' &&
      input.target.countries.length + input.target.regions.length === 0
    ) {
      ctx.addIssue({ code: 'custom', path: ['target', 'countries'], message: 'name a country or a region' });
    }
    // A code that names no country makes a measure that never applies. Checked on input only: a measure
    // stored before this check must still load.
    const target = input.target;
    const codes: Array<[Array<string | number>, string]> =
      target.type === 'jurisdiction'
        ? [
            ...target.countries.map((c, i): [Array<string | number>, string] => [['countries', i], c]),
            ...target.regions.map((r, i): [Array<string | number>, string] => [
              ['regions', i],
              r.slice(0, 2),
            ]),
          ]
        : target.identifiers.flatMap((id, i): Array<[Array<string | number>, string]> =>
            id.country === undefined ? [] : [[['identifiers', i, 'country'], id.country]],
          );
    // A name without a letter could never match a customer, like an unknown country.
    if (target.type === 'person') {
      target.names.forEach((name, i) => {
        if (!/\p{L}/u.test(name))
          ctx.addIssue({
            code: 'custom',
            path: ['target', 'names', i],
            message: 'a name needs at least one letter',
          });
      });
    }
    for (const [path, code] of codes) {
      if (/^[A-Z]{2}$/.test(code) && !isCountryCode(code))
        ctx.addIssue({ code: 'custom', path: ['target', ...path], message: UNKNOWN_COUNTRY });
    }
    if (input.effectiveDate !== undefined && input.effectiveDate < input.determinationDate) {
      ctx.addIssue({ code: 'custom', path: ['effectiveDate'], message: 'is before the determination date' });
    }
    const effective = input.effectiveDate ?? input.determinationDate;
    if (input.expiryDate !== undefined && input.expiryDate <= effective) {
      ctx.addIssue({ code: 'custom', path: ['expiryDate'], message: 'is not after the effective date' });
    }
  });
export type SpecialMeasureInput = z.infer<typeof SpecialMeasureInputSchema>;

export const SpecialMeasureSchema = z
  .strictObject({
    id: z.string().min(1),
    ...terms,
    effectiveDate: isoDate,
    expiryDate: isoDate.describe('The original expiry; the last extension’s expiry replaces it.'),
    extensions: z.array(MeasureExtensionSchema).default([]),
  })
  .describe('A special measure with its dates resolved.');
export type SpecialMeasure = z.infer<typeof SpecialMeasureSchema>;
