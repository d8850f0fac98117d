/**
 * The decision on an application, as a pure function of what the program knows: the foreign-person
 * determination, special-measure hits, missing fields and verification progress. Rules are checked in
 * a fixed order and the first that applies decides; every outcome names its rule and its reasons.
 */
import type { Determination } from '../determination/result.ts';
import type { RuleProfile } from '../profiles/profile.ts';
import type { VerificationProgress } from '../profiles/requirements.ts';
import type { PendingAccountLimits } from '../profiles/settings.ts';
import type { MeasureCondition } from '../special-measures/schema.ts';
import { describeMatch, type MeasureHit } from '../special-measures/evaluate.ts';

export type DecisionStatus = 'pending' | 'restricted' | 'approved' | 'denied';

export const DECISION_RULES = [
  'special_measure.prohibit',
  'screening.true_match',
  'screening.block',
  'screening.review',
  'cip.information_missing',
  'cip.verification_pending',
  'special_measure.condition',
  'us_person.status_determination',
  'cip.verified',
] as const;
export type DecisionRule = (typeof DECISION_RULES)[number];

export interface Reason {
  code: string;
  message: string;
}

export type Requirement =
  | { kind: 'field'; path: string }
  | { kind: 'verification'; stillNeeded: number; acceptable: string[]; required: string[] };

export interface DecisionInput {
  profile: RuleProfile;
  determination: Pick<Determination, 'status' | 'treatedAs' | 'explanation'>;
  measureHits: readonly MeasureHit[];
  missingFields: readonly string[];
  verification: VerificationProgress;
  /** Sanctions-screening hits of the customer and its owners not cleared as false positives. */
  screening?: readonly ScreeningFinding[];
}

export interface ScreeningFinding {
  status: 'open' | 'true_match';
  band: 'block' | 'review';
  /** One line naming the list entry, the matched name and the score. */
  summary: string;
}

export interface DecisionOutcome {
  status: DecisionStatus;
  rule: DecisionRule;
  reasons: Reason[];
  requirements: Requirement[];
  /** What the account may do while pending or restricted; null once approved or denied. */
  limits: PendingAccountLimits | null;
  conditions: MeasureCondition[];
}

export function decideApplication(input: DecisionInput): DecisionOutcome {
  const { profile, determination, measureHits } = input;
  const denials = measureHits.filter((h) => h.action === 'deny');
  if (denials.length > 0) {
    return outcome('denied', 'special_measure.prohibit', denials.map(measureReason), [], null, []);
  }
  const screened = screeningOutcome(input.screening ?? [], profile);
  if (screened !== null) return screened;
  const lightCip = profile.fullCipFor === 'foreign_persons' && determination.treatedAs === 'us_person';
  const requirements: Requirement[] = input.missingFields.map((path) => ({ kind: 'field', path }));
  if (!lightCip && !input.verification.satisfied) {
    requirements.push({
      kind: 'verification',
      stillNeeded: input.verification.stillNeeded,
      acceptable: input.verification.acceptable,
      required: input.verification.missingRequired,
    });
  }
  const conditionHits = measureHits.filter((h) => h.action === 'condition');
  const conditions = conditionHits.flatMap((h) => h.conditions);
  const determinationReason: Reason = {
    code: `determination.${determination.status}`,
    message: determination.explanation,
  };
  if (input.missingFields.length > 0) {
    const reason = {
      code: 'cip.information_missing',
      message: `Missing: ${input.missingFields.join(', ')}.`,
    };
    return outcome(
      'pending',
      'cip.information_missing',
      [determinationReason, reason, ...conditionHits.map(measureReason)],
      requirements,
      profile.pendingAccount,
      conditions,
    );
  }
  if (!lightCip && !input.verification.satisfied) {
    const reason = {
      code: 'cip.verification_pending',
      message: `Identity not yet verified: ${input.verification.stillNeeded} more accepted method(s) needed.`,
    };
    return outcome(
      'pending',
      'cip.verification_pending',
      [determinationReason, reason, ...conditionHits.map(measureReason)],
      requirements,
      profile.pendingAccount,
      conditions,
    );
  }
  if (conditionHits.length > 0) {
    return outcome(
      'restricted',
      'special_measure.condition',
      [determinationReason, ...conditionHits.map(measureReason)],
      [],
      profile.pendingAccount,
      conditions,
    );
  }
  if (lightCip) {
    return outcome('approved', 'us_person.status_determination', [determinationReason], [], null, []);
  }
  const verified = { code: 'cip.verified', message: `Verified by ${input.verification.counted.join(', ')}.` };
  return outcome('approved', 'cip.verified', [determinationReason, verified], [], null, []);
}

/**
 * A confirmed match denies; an open match in the block band denies until a reviewer clears it; one in
 * the review band holds the account pending (with the profile's limits) until then.
 */
function screeningOutcome(
  findings: readonly ScreeningFinding[],
  profile: RuleProfile,
): DecisionOutcome | null {
  const reasons = (list: readonly ScreeningFinding[], code: string) =>
    list.map((f) => ({ code, message: f.summary }));
  const confirmed = findings.filter((f) => f.status === 'true_match');
  if (confirmed.length > 0)
    return outcome(
      'denied',
      'screening.true_match',
      reasons(confirmed, 'screening.true_match'),
      [],
      null,
      [],
    );
  const block = findings.filter((f) => f.status === 'open' && f.band === 'block');
  if (block.length > 0)
    return outcome('denied', 'screening.block', reasons(block, 'screening.block'), [], null, []);
  const review = findings.filter((f) => f.status === 'open' && f.band === 'review');
  if (review.length > 0) {
    return outcome(
      'pending',
      'screening.review',
      reasons(review, 'screening.review'),
      [],
      profile.pendingAccount,
      [],
    );
  }
  return null;
}

function measureReason(hit: MeasureHit): Reason {
  const on = hit.matchedOn.map(describeMatch).join(', ');
  return {
    code: `special_measure.${hit.action}`,
    message: `Special measure ${hit.measureId} (${hit.citation}) applies: ${on}.`,
  };
}

function outcome(
  status: DecisionStatus,
  rule: DecisionRule,
  reasons: Reason[],
  requirements: Requirement[],
  limits: PendingAccountLimits | null,
  conditions: MeasureCondition[],
): DecisionOutcome {
  return { status, rule, reasons, requirements, limits, conditions };
}
