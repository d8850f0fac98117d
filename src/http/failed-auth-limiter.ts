/**
 * Counts failed authentications per client address in a fixed one-minute window. The per-key rate
 * limit cannot see these (there is no key yet), and each failure costs a store lookup, so a client
 * that keeps presenting bad keys gets 429 RATE_LIMITED before it reaches the store.
 */
import { AppError } from '../errors.ts';

const WINDOW_MS = 60_000;
/** Bounds memory under a spray of addresses: expired windows are swept once the map grows past this. */
const SWEEP_ABOVE = 10_000;

export class FailedAuthLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  assertAllowed(address: string): void {
    const window = this.windows.get(address);
    if (window !== undefined && window.resetAt > this.now() && window.count >= this.maxPerMinute) {
      const seconds = Math.ceil((window.resetAt - this.now()) / 1000);
      throw new AppError(
        'RATE_LIMITED',
        `Too many failed authentications from this address; retry in ${seconds} s.`,
      );
    }
  }

  recordFailure(address: string): void {
    const now = this.now();
    const window = this.windows.get(address);
    if (window === undefined || window.resetAt <= now) {
      if (this.windows.size >= SWEEP_ABOVE) this.sweep(now);
      this.windows.set(address, { count: 1, resetAt: now + WINDOW_MS });
    } else {
      window.count += 1;
    }
  }

  private sweep(now: number): void {
    for (const [address, window] of this.windows) if (window.resetAt <= now) this.windows.delete(address);
  }
}
