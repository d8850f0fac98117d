/**
 * The input of a legal hold. A hold names one subject (a party or an account of the tenant) and says
 * why; releasing it says why too. Reasons are the record of a legal obligation (a preservation
 * letter, a subpoena, litigation), so they are required, bounded, and plain text.
 */
import { z } from 'zod';

export const LEGAL_HOLD_REASON_MAX = 1000;

export const LegalHoldReasonSchema = z
  .string()
  .trim()
  .min(3, 'give a reason of at least 3 characters')
  .max(LEGAL_HOLD_REASON_MAX, `at most ${LEGAL_HOLD_REASON_MAX} characters`)
  .refine((text) => !hasControlCharacter(text), 'no control characters')
  .describe('Why (e.g. the preservation letter or case it answers); 3–1000 characters.');

export const LegalHoldSubjectSchema = z.strictObject({
  type: z.enum(['party', 'account']),
  id: z
    .string()
    .min(1)
    .max(200)
    .describe('A party id, or an account id or the provider’s `externalId` of the account.'),
});
export type LegalHoldSubjectInput = z.infer<typeof LegalHoldSubjectSchema>;

export const LegalHoldInputSchema = z.strictObject({
  subject: LegalHoldSubjectSchema,
  reason: LegalHoldReasonSchema,
});
export type LegalHoldInput = z.infer<typeof LegalHoldInputSchema>;

export const LegalHoldReleaseSchema = z.strictObject({ reason: LegalHoldReasonSchema });
export type LegalHoldRelease = z.infer<typeof LegalHoldReleaseSchema>;

/** `party:<id>` or `account:<id>` (a query parameter or a CLI argument); undefined when it is neither. */
export function parseSubjectRef(ref: string): LegalHoldSubjectInput | undefined {
  const colon = ref.indexOf(':');
  const type = ref.slice(0, colon);
  const id = ref.slice(colon + 1);
  if ((type !== 'party' && type !== 'account') || id === '' || id.length > 200) return undefined;
  return { type, id };
}

/** Newlines and tabs are fine in a reason; other control characters only hide text from a reader. */
function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && char !== '\n' && char !== '\t') || code === 0x7f) return true;
  }
  return false;
}
