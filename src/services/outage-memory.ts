/**
 * What an API node remembers so scale-out ingestion survives a database outage (issue #7: "keeps
 * accepting into JetStream"). The answers of the last successful lookups (a verified API key, a resolved
 * account) are kept in memory and used only when the database is unavailable, and only while they are
 * younger than the grace period: a key revoked during an outage keeps ingesting at most that long, and
 * nothing is accepted for a key or an account this node has not seen answered by the database. Off (0)
 * unless the node publishes to JetStream; in direct mode the write needs the database anyway.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';

/** Default grace in scale-out mode: long enough to ride out a failover or a restart of PostgreSQL. */
export const DEFAULT_OUTAGE_GRACE_MS = 15 * 60_000;
const MAX_ENTRIES = 200_000;

export class OutageMemory<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();

  constructor(
    private readonly graceMs: number,
    private readonly now: () => Date,
  ) {}

  get enabled(): boolean {
    return this.graceMs > 0;
  }

  remember(key: string, value: T): void {
    if (!this.enabled) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now().getTime() });
  }

  /** The remembered value if it is still within the grace period. */
  recall(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || this.now().getTime() - entry.at > this.graceMs) return undefined;
    return entry.value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof AppError && error.code === 'STORE_UNAVAILABLE';
}

/** Keys of remembered API keys: a hash of the token, never the token itself. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
