/**
 * Access-log digests (issue #5 point 4). Every closed hour of store time gets, per tenant with events
 * in it, a row with the count and digest of those events (domain/access-log/segment-digest.ts), and a
 * ledger entry committing to that row, in one transaction. A removed, changed or back-dated event of a
 * digested hour then no longer matches a digest the ledger vouches for (access-log-digest-verify.ts).
 *
 * When an hour is closed: its end plus the grace period has passed by the service clock, and the
 * database has passed its end behind the ingest barrier. `stored_at` is the start of the INSERT
 * statement, taken after the ingest lock; the barrier takes that lock exclusively, so when it returns
 * every transaction that could still store a row with an earlier `stored_at` has ended. Without it, a
 * batch stuck for longer than the grace period could add rows to an hour already digested.
 *
 * Safe on several nodes: one writer at a time (an advisory lock), and the head only moves by
 * compare-and-swap, one hour per transaction; a node that finds the head moved does nothing.
 */
import {
  AccountDigester,
  combineAccountDigests,
  SEGMENT_MS,
  segmentOf,
  type AccountDigest,
} from '../domain/access-log/segment-digest.ts';
import { AppError } from '../errors.ts';
import type { AccessDigestEventRow } from '../storage/port.ts';
import type { ServiceDeps } from './context.ts';
import { recordLedgerEntry } from './ledger.ts';

/** How long after its end an hour is left open: clocks of API nodes and database drift a little. */
export const DIGEST_GRACE_MS = 5 * 60_000;
/** Shared with the retention job, so a purge and a digest of the same hour never interleave. */
export const DIGEST_LOCK = 'gatehouse:access-log:digests';
/** Hours digested per run at most, so a scheduler pass after a long stop stays bounded. */
const MAX_SEGMENTS_PER_RUN = 48;
export const DIGEST_PAGE = 5_000;

export interface DigestRun {
  /** Hours closed in this run (empty ones included). */
  segments: number;
  /** Digest rows written (one per tenant with events in a closed hour). */
  digests: number;
  events: number;
}

/** One (tenant, hour) group of the event stream with its account digests, in account order. */
export interface SegmentAccounts {
  tenantId: string;
  segmentStart: Date;
  accounts: AccountDigest[];
}

/** Folds pages of events (in the store's digest order) into account digests per tenant and hour. */
export async function* accountDigestsBySegment(
  pages: AsyncIterable<AccessDigestEventRow[]>,
): AsyncGenerator<SegmentAccounts> {
  let group: { tenantId: string; segmentStart: Date; digester: AccountDigester } | undefined;
  for await (const page of pages) {
    for (const row of page) {
      if (group?.tenantId !== row.tenantId || group.segmentStart.getTime() !== row.segmentStart.getTime()) {
        if (group !== undefined) yield { ...group, accounts: group.digester.finish() };
        group = { tenantId: row.tenantId, segmentStart: row.segmentStart, digester: new AccountDigester() };
      }
      group.digester.add(row.event);
    }
  }
  if (group !== undefined) yield { ...group, accounts: group.digester.finish() };
}

export class AccessLogDigestService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly graceMs = DIGEST_GRACE_MS,
  ) {}

  /** The scheduler's job: digest every closed hour after the head, oldest first. */
  async digestClosedSegments(): Promise<DigestRun> {
    const digests = this.deps.store.accessDigests;
    const run: DigestRun = { segments: 0, digests: 0, events: 0 };
    const closedBefore = segmentOf(new Date(this.deps.now().getTime() - this.graceMs)).start;
    let head = await digests.head();
    if (head >= closedBefore) return run;
    const barrier = await digests.ingestBarrier();
    const until = Math.min(closedBefore.getTime(), segmentOf(barrier).start.getTime());
    while (head.getTime() < until && run.segments < MAX_SEGMENTS_PER_RUN) {
      const done = await this.digestSegment(head);
      if (done === undefined) break;
      run.segments += 1;
      run.digests += done.digests;
      run.events += done.events;
      head = new Date(head.getTime() + SEGMENT_MS);
    }
    return run;
  }

  /** One hour in one transaction; undefined when another node has moved the head past `start`. */
  private digestSegment(start: Date): Promise<{ digests: number; events: number } | undefined> {
    const { store } = this.deps;
    return store.transaction(async () => {
      await store.lockForTransaction(DIGEST_LOCK);
      const head = await store.accessDigests.head();
      if (head.getTime() !== start.getTime()) return undefined;
      const end = new Date(start.getTime() + SEGMENT_MS);
      const pages = store.accessDigests.events({ storedFrom: start, storedTo: end }, DIGEST_PAGE);
      const done = { digests: 0, events: 0 };
      for await (const segment of accountDigestsBySegment(pages)) {
        const { count, digest } = combineAccountDigests(segment.accounts);
        const id = this.deps.newId();
        const inserted = await store.accessDigests.insertDigest({
          id,
          tenantId: segment.tenantId,
          segmentStart: start,
          segmentEnd: end,
          eventCount: count,
          digest,
          createdAt: this.deps.now(),
        });
        if (!inserted) throw new AppError('INTERNAL', 'an access-log digest exists beyond the digest head');
        await recordLedgerEntry(this.deps, segment.tenantId, 'access_log_digest', id);
        done.digests += 1;
        done.events += count;
      }
      if (!(await store.accessDigests.advanceHead(start, end, this.deps.now()))) {
        throw new AppError('INTERNAL', 'the access-log digest head moved under its lock');
      }
      return done;
    });
  }
}

/**
 * Call inside the retention job's transaction, before it deletes the account's events: records, per
 * digested hour, the count and account digest of what is about to go (a ledgered row each), so that
 * `ledger verify` can put them back in place of the deleted events. Hours not digested yet need
 * nothing: their digest will simply not include the deleted events.
 */
export async function recordAccessPurge(
  deps: ServiceDeps,
  tenantId: string,
  accountId: string,
): Promise<number> {
  const { store } = deps;
  await store.lockForTransaction(DIGEST_LOCK);
  const head = await store.accessDigests.head();
  const pages = store.accessDigests.events({ tenantId, accountId, storedBefore: head }, DIGEST_PAGE);
  let recorded = 0;
  for await (const segment of accountDigestsBySegment(pages)) {
    for (const account of segment.accounts) {
      const id = deps.newId();
      await store.accessDigests.insertPurge({
        id,
        tenantId,
        segmentStart: segment.segmentStart,
        accountId: account.accountId,
        eventCount: account.count,
        digest: account.digest,
        purgedAt: deps.now(),
      });
      await recordLedgerEntry(deps, tenantId, 'access_log_purge', id);
      recorded += 1;
    }
  }
  return recorded;
}
