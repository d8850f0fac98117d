/** The rule profile as a whole: the settings of `settings.ts` plus identity, retention and screening. */
import { z } from 'zod';
import {
  PendingAccountLimitsSchema,
  RequiredFieldsSchema,
  UsPersonRuleSchema,
  VerificationRuleSchema,
} from './settings.ts';

export const PROFILE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const RetentionRuleSchema = z
  .strictObject({
    years: z.number().int().min(1).max(100).describe('Years the identifying records are kept.'),
    anchor: z
      .enum(['later_of_closure_and_last_access', 'closure'])
      .describe(
        'When the retention period starts: the later of account closure and last access (89 FR 5698), or ' +
          'closure (bank CIP, 31 CFR 1020.220). A legal hold overrides deletion either way.',
      ),
  })
  .describe('How long the records a decision relied on are kept.');
export type RetentionRule = z.infer<typeof RetentionRuleSchema>;

export const ScreeningThresholdsSchema = z
  .strictObject({
    block: z.number().min(0).max(1).describe('A list-match score at or above this blocks the application.'),
    review: z.number().min(0).max(1).describe('A score at or above this (and below block) goes to review.'),
  })
  .refine((t) => t.review <= t.block, { path: ['review'], message: 'must not be above block' })
  .describe('Sanctions and deny-list screening score thresholds, 0..1.');
export type ScreeningThresholds = z.infer<typeof ScreeningThresholdsSchema>;

export const RuleProfileSchema = z
  .strictObject({
    id: z
      .string()
      .regex(PROFILE_ID_PATTERN, 'lower-case letters, digits and dashes, 2–63 characters')
      .describe('Stable identifier, e.g. `us-iaas-2024`.'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Increases with every change; each decision records the id and version it was made under.'),
    name: z.string().trim().min(1).max(200).describe('Human name of the program.'),
    description: z.string().trim().max(4000).describe('What the profile implements and on what authority.'),
    fullCipFor: z
      .enum(['foreign_persons', 'all_customers'])
      .describe(
        'Who gets full identification and verification: foreign persons only (IaaS rule: US persons get a ' +
          'light status determination) or every customer (bank CIP).',
      ),
    requiredFields: RequiredFieldsSchema.describe('Fields required for full identification.'),
    usPersonRequiredFields: RequiredFieldsSchema.describe(
      'Fields required of a customer determined to be a US person when fullCipFor is foreign_persons.',
    ),
    verification: VerificationRuleSchema,
    usPerson: UsPersonRuleSchema,
    pendingAccount: PendingAccountLimitsSchema,
    reverification: z
      .strictObject({
        intervalDays: z
          .number()
          .int()
          .min(30)
          .max(3650)
          .nullable()
          .describe('Days between periodic re-verifications; null for none (risk-based only).'),
      })
      .describe('Periodic re-verification of verified customers.'),
    retention: RetentionRuleSchema,
    screening: ScreeningThresholdsSchema,
    beneficialOwnerThresholdPercent: z
      .number()
      .min(0.01)
      .max(100)
      .default(25)
      .describe('Ownership share (percent) at or above which a person is a beneficial owner.'),
    beneficialOwnerByControl: z
      .boolean()
      .default(true)
      .describe('Whether a person with substantial control is a beneficial owner whatever their share.'),
  })
  .describe('A Customer Identification Program as data.');
export type RuleProfile = z.infer<typeof RuleProfileSchema>;
