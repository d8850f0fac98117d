/** The determination as stored with a decision and shown to reviewers (its schema documents the API). */
import { z } from 'zod';
import { SIGNAL_KINDS } from './signals.ts';

export const DETERMINATION_RULES = [
  'us_ground_corroborated',
  'us_residence_corroborated',
  'us_ip_location',
  'foreign_ground',
  'conflicting_evidence',
  'us_ground_uncorroborated',
  'insufficient_evidence',
] as const;

export const AssessedSignalSchema = z.object({
  kind: z.enum(SIGNAL_KINDS),
  value: z.string().nullable().describe('The country code, or for ip_hosting_or_vpn the network.'),
  points: z.enum(['us', 'foreign', 'neutral']).describe('Which way this signal points.'),
  role: z
    .enum(['ground', 'corroboration', 'modifier', 'unused'])
    .describe('ground: can decide status; corroboration: backs a ground; modifier/unused: weight 0.'),
  weight: z.number().describe('How much the signal counts (see the weight table), after adjustments.'),
  reason: z.string().describe('Human explanation, e.g. "phone number is registered in SE".'),
  source: z.string().optional().describe('Where in the application the fact came from.'),
});
export type AssessedSignal = z.infer<typeof AssessedSignalSchema>;

export const DeterminationSchema = z
  .object({
    status: z.enum(['us_person', 'foreign', 'undetermined']),
    treatedAs: z
      .enum(['us_person', 'foreign'])
      .describe('How the customer is handled: undetermined follows the profile (foreign by default).'),
    rule: z.enum(DETERMINATION_RULES).describe('The rule that fired.'),
    explanation: z.string().describe('One sentence a reviewer can read.'),
    subject: z.enum(['individual', 'entity']),
    score: z
      .number()
      .min(-1)
      .max(1)
      .describe('Balance of the evidence from -1 (all foreign) to 1 (all US); informative, rules decide.'),
    signals: z.array(AssessedSignalSchema).describe('Every signal considered, with its weight and reason.'),
    profile: z.object({ id: z.string(), version: z.number().int() }),
  })
  .describe('Foreign-person determination with the evidence behind it.');
export type Determination = z.infer<typeof DeterminationSchema>;
export type DeterminationRule = (typeof DETERMINATION_RULES)[number];
