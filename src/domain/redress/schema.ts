/**
 * Redress: a customer contests a decision (a denial, a restriction, a pending account they cannot
 * clear) and submits more evidence. The request goes to a reviewer, whose next decision on the account
 * answers it. Corrected identity data is a new application for the same account, which the rules
 * decide again; redress is for what only a person can weigh.
 */
import { z } from 'zod';

export const EVIDENCE_TYPES = [
  'identity_document',
  'proof_of_address',
  'bank_statement',
  'corporate_registry_extract',
  'letter',
  'other',
] as const;

export const RedressEvidenceSchema = z.strictObject({
  type: z.enum(EVIDENCE_TYPES),
  description: z.string().trim().min(1).max(2000),
  /** Where the provider keeps the file (an object-store key or URL); Gatehouse stores no files. */
  reference: z.string().trim().min(1).max(500).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a hex SHA-256 of the file')
    .optional()
    .describe('Digest of the file as received, so a later copy can be matched to this request.'),
});

export type RedressEvidence = z.infer<typeof RedressEvidenceSchema>;

export const RedressInputSchema = z.strictObject({
  statement: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .describe('The customer’s own account of why the decision is wrong.'),
  evidence: z.array(RedressEvidenceSchema).max(20).default([]),
});
export type RedressInput = z.infer<typeof RedressInputSchema>;

/** A decided account can be contested; an approved or closed one has nothing to redress. */
export function canRequestRedress(status: string): boolean {
  return status === 'denied' || status === 'restricted' || status === 'pending';
}
