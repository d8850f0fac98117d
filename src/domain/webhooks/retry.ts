/**
 * When to try a failed delivery again. Backing off from seconds to a day rides out a receiver's
 * deploy or a short outage without hammering it; after the last attempt (about 1.5 days after the
 * first) the delivery is marked failed and stays listed for the operator to see.
 */
export const RETRY_DELAYS_SECONDS = [30, 120, 600, 1800, 7200, 21_600, 43_200, 86_400] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** `attempts` counts the attempt just made. null: no attempts left. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_SECONDS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000);
}

/** A 2xx answer is delivered; anything else, or no answer, is retried. */
export function isDelivered(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}
