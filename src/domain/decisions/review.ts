/**
 * Manual review: which decisions a reviewer may make, and which need a second reviewer (four eyes).
 * A case is high-risk when a special measure applies to it or the account is denied (approving it is
 * redress); approving or denying such a case takes two different reviewers who agree.
 */

export type AccountStatus = 'pending' | 'restricted' | 'approved' | 'denied' | 'closed';

export const REVIEW_STATUSES = ['approved', 'denied', 'restricted', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export type TransitionCheck = { ok: true } | { ok: false; message: string };

/** `closed` is final; asking for the status the account already has is a mistake, not a no-op. */
export function checkTransition(current: AccountStatus, requested: ReviewStatus): TransitionCheck {
  if (current === 'closed')
    return { ok: false, message: 'The account is closed; no further decision can be made.' };
  if (current === requested) return { ok: false, message: `The account is already ${current}.` };
  return { ok: true };
}

export function needsSecondReviewer(
  current: AccountStatus,
  requested: ReviewStatus,
  measureHitCount: number,
): boolean {
  if (requested !== 'approved' && requested !== 'denied') return false;
  return measureHitCount > 0 || current === 'denied';
}
