/**
 * Access-log digests (issue #5 point 4): what the ledger commits to for one closed segment of the log.
 *
 * A segment is one UTC hour of the time the store accepted the events (`stored_at`), not of the events'
 * own time: clients may send events days late, and an hour of event time would legitimately change
 * after it had been digested. An hour of store time never does once it has passed (the service waits
 * for the ingest transactions of that hour to end, services/access-log-digests.ts).
 *
 * The digest has two levels so that the retention job can delete one account's events without making
 * the rest of the segment unverifiable: each account's events, in (at, event key) order, hash to an
 * account digest; the segment digest hashes the list of (account, count, account digest) in account id
 * order. A purge records the account digests of what it deleted (a ledgered row), and verification puts
 * them back in place of the recomputed ones.
 *
 * Times are microseconds since the epoch as integers: a JavaScript Date keeps only milliseconds, and an
 * insider's change below the millisecond must still change the digest.
 */
import { createHash, type Hash } from 'node:crypto';

export const SEGMENT_MS = 3_600_000;

const ACCOUNT_DOMAIN = 'gatehouse/access-log/account/v1\n';
const SEGMENT_DOMAIN = 'gatehouse/access-log/segment/v1\n';

/** One stored event with its dictionary strings resolved, as the digest sees it. */
export interface DigestEvent {
  accountId: string;
  atMicros: bigint;
  /** The signed 64-bit idempotency key; unique with `atMicros`, so (at, key) orders a segment totally. */
  eventKey: bigint;
  /** As PostgreSQL spells the inet value (`198.51.100.1`, or with a prefix length if one was stored). */
  ip: string;
  action: number;
  principal: string | null;
  userAgent: string | null;
  region: string | null;
  storedAtMicros: bigint;
}

export interface AccountDigest {
  accountId: string;
  count: number;
  /** SHA-256, 32 bytes. */
  digest: Buffer;
}

export interface SegmentDigest {
  count: number;
  digest: Buffer;
}

/** The UTC hour of store time that `storedAt` falls in. */
export function segmentOf(storedAt: Date): { start: Date; end: Date } {
  const start = Math.floor(storedAt.getTime() / SEGMENT_MS) * SEGMENT_MS;
  return { start: new Date(start), end: new Date(start + SEGMENT_MS) };
}

/**
 * One line per event: a JSON array of fixed positions, `[at, key, ip, action, principal, user agent,
 * region, stored at]`, bigints as decimal strings. JSON spells each string and null one way, so the same
 * stored row always gives the same bytes. Written out by hand (what JSON.stringify of that array gives,
 * which a test holds equal) because a large hour is millions of events.
 */
export function encodeEvent(event: DigestEvent): string {
  return (
    `["${event.atMicros}","${event.eventKey}",${JSON.stringify(event.ip)},${event.action}` +
    `,${text(event.principal)},${text(event.userAgent)},${text(event.region)},"${event.storedAtMicros}"]`
  );
}

function text(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

function compareEvents(a: DigestEvent, b: DigestEvent): number {
  if (a.accountId !== b.accountId) return a.accountId < b.accountId ? -1 : 1;
  if (a.atMicros !== b.atMicros) return a.atMicros < b.atMicros ? -1 : 1;
  if (a.eventKey !== b.eventKey) return a.eventKey < b.eventKey ? -1 : 1;
  return 0;
}

/**
 * Account digests of events fed in canonical order (account id, then at, then event key), as a
 * database cursor returns them. Out-of-order or repeated events throw: the order is part of the
 * digest, and a reader that disagreed with it would report tampering that did not happen.
 */
export class AccountDigester {
  private readonly done: AccountDigest[] = [];
  private current: { accountId: string; count: number; hash: Hash; buffer: string } | undefined;
  private last: DigestEvent | undefined;

  add(event: DigestEvent): void {
    if (this.last !== undefined && compareEvents(this.last, event) >= 0) {
      throw new Error('access-log digest: events must come in (account, at, event key) order, once each');
    }
    this.last = event;
    if (this.current?.accountId !== event.accountId) {
      this.flush();
      this.current = {
        accountId: event.accountId,
        count: 0,
        hash: createHash('sha256'),
        buffer: ACCOUNT_DOMAIN,
      };
    }
    this.current.buffer += `${encodeEvent(event)}\n`;
    this.current.count += 1;
    // One hash update per ~64 KB rather than per event: the per-call cost dominates short lines.
    if (this.current.buffer.length > 65_536) {
      this.current.hash.update(this.current.buffer);
      this.current.buffer = '';
    }
  }

  /** The account digests, in account id order. The digester is spent afterwards. */
  finish(): AccountDigest[] {
    this.flush();
    return this.done;
  }

  private flush(): void {
    if (this.current === undefined) return;
    const { accountId, count, hash, buffer } = this.current;
    this.done.push({ accountId, count, digest: hash.update(buffer).digest() });
    this.current = undefined;
  }
}

/** The segment digest over account digests (any order; each account at most once). */
export function combineAccountDigests(accounts: readonly AccountDigest[]): SegmentDigest {
  const sorted = [...accounts].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  const hash = createHash('sha256').update(SEGMENT_DOMAIN);
  let count = 0;
  for (const [i, account] of sorted.entries()) {
    if (i > 0 && sorted[i - 1]?.accountId === account.accountId) {
      throw new Error(`access-log digest: account ${account.accountId} appears twice`);
    }
    hash.update(`${account.accountId} ${account.count} ${account.digest.toString('hex')}\n`);
    count += account.count;
  }
  return { count, digest: hash.digest() };
}

/** Account digests of events in any order (sorted here). */
export function digestAccounts(events: readonly DigestEvent[]): AccountDigest[] {
  const digester = new AccountDigester();
  for (const event of [...events].sort(compareEvents)) digester.add(event);
  return digester.finish();
}

/** The digest of one segment's events, in any order. */
export function digestSegment(events: readonly DigestEvent[]): SegmentDigest {
  return combineAccountDigests(digestAccounts(events));
}
