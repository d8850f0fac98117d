/**
 * The access-log part of `gatehouse ledger verify`: every digest row is recomputed from the events
 * stored now in its tenant and hour, with the account digests of recorded purges put back in place of
 * what the retention job deleted. The digest rows and purge rows themselves are ledgered records, so
 * `verifyLedger` already checks them against their commitments; this check ties the events to them.
 *
 * Reported, each naming the tenant and the hour (`segment`, an ISO 8601 interval):
 * - `access_segment_changed`: count or digest differ (an event deleted, changed, or added to the hour);
 * - `access_segment_undigested`: events stored in a closed hour where their tenant has no digest;
 * - `access_digest_head_behind`: a digest lies beyond the digest head (the head was moved back).
 */
import {
  combineAccountDigests,
  SEGMENT_MS,
  type AccountDigest,
} from '../domain/access-log/segment-digest.ts';
import { sameHash } from '../domain/ledger/merkle.ts';
import type { AccessLogDigestRecord, AccessLogPurgeRecord } from '../storage/port.ts';
import type { ServiceDeps } from './context.ts';
import { accountDigestsBySegment, DIGEST_PAGE } from './access-log-digests.ts';

export type AccessDigestDivergenceKind =
  'access_segment_changed' | 'access_segment_undigested' | 'access_digest_head_behind';

export interface AccessDigestDivergence {
  kind: AccessDigestDivergenceKind;
  message: string;
  tenantId: string | undefined;
  /** `start/end`, ISO 8601. */
  segment: string;
}

export interface AccessDigestVerification {
  segments: number;
  divergences: AccessDigestDivergence[];
}

const PAGE = 1_000;

export async function verifyAccessLogDigests(
  deps: ServiceDeps,
  maxReported: number,
): Promise<AccessDigestVerification> {
  const digests = deps.store.accessDigests;
  const found: AccessDigestDivergence[] = [];
  const head = await digests.head();
  let checked = 0;
  let newestEnd = 0;
  let segment: AccessLogDigestRecord[] = [];
  const flush = async () => {
    if (segment[0] !== undefined) await checkSegment(deps, segment[0].segmentStart, segment, found);
    segment = [];
  };
  for (let after: AccessLogDigestRecord | undefined; found.length < maxReported;) {
    const page = await digests.digestsUnscoped(after, PAGE);
    for (const digest of page) {
      if (segment[0] !== undefined && segment[0].segmentStart.getTime() !== digest.segmentStart.getTime()) {
        await flush();
      }
      segment.push(digest);
      checked += 1;
      newestEnd = Math.max(newestEnd, digest.segmentEnd.getTime());
    }
    after = page.at(-1);
    if (page.length < PAGE) break;
  }
  await flush();
  if (newestEnd > head.getTime()) {
    found.push({
      kind: 'access_digest_head_behind',
      tenantId: undefined,
      segment: interval(head),
      message: `the digest head (${head.toISOString()}) is behind a digest ending ${new Date(newestEnd).toISOString()}`,
    });
  }
  for (const stray of await digests.undigestedSegmentsUnscoped(head, maxReported)) {
    found.push({
      kind: 'access_segment_undigested',
      tenantId: stray.tenantId,
      segment: interval(stray.segmentStart),
      message: `${stray.eventCount} event(s) stored in the closed hour ${interval(stray.segmentStart)} of tenant ${stray.tenantId}, which has no digest`,
    });
  }
  return { segments: checked, divergences: found.slice(0, maxReported) };
}

/** Recomputes one hour for every tenant that has a digest of it (one cursor over the hour's events). */
async function checkSegment(
  deps: ServiceDeps,
  start: Date,
  digests: readonly AccessLogDigestRecord[],
  found: AccessDigestDivergence[],
): Promise<void> {
  const { store } = deps;
  const recomputed = new Map<string, AccountDigest[]>();
  await store.transaction(async () => {
    const end = new Date(start.getTime() + SEGMENT_MS);
    const pages = store.accessDigests.events({ storedFrom: start, storedTo: end }, DIGEST_PAGE);
    for await (const group of accountDigestsBySegment(pages)) recomputed.set(group.tenantId, group.accounts);
  });
  const purged = groupByTenant(await store.accessDigests.purgesOfSegmentUnscoped(start));
  for (const digest of digests) {
    const accounts = [...(recomputed.get(digest.tenantId) ?? []), ...(purged.get(digest.tenantId) ?? [])];
    const problem = compare(digest, accounts);
    if (problem === undefined) continue;
    found.push({
      kind: 'access_segment_changed',
      tenantId: digest.tenantId,
      segment: interval(start),
      message: `access-log hour ${interval(start)} of tenant ${digest.tenantId}: ${problem}`,
    });
  }
}

/** Why the recomputed accounts do not give the digest, or undefined when they do. */
function compare(digest: AccessLogDigestRecord, accounts: readonly AccountDigest[]): string | undefined {
  const seen = new Set<string>();
  for (const { accountId } of accounts) {
    if (seen.has(accountId)) return `events of account ${accountId} remain after its recorded purge`;
    seen.add(accountId);
  }
  const { count, digest: recomputed } = combineAccountDigests(accounts);
  if (count !== digest.eventCount) {
    return `${count} event(s) now, ${digest.eventCount} digested (an event was deleted or added)`;
  }
  if (!sameHash(recomputed, digest.digest))
    return 'the events no longer match the digest (an event was changed)';
  return undefined;
}

function groupByTenant(purges: readonly AccessLogPurgeRecord[]): Map<string, AccountDigest[]> {
  const byTenant = new Map<string, AccountDigest[]>();
  for (const purge of purges) {
    const list = byTenant.get(purge.tenantId) ?? [];
    list.push({ accountId: purge.accountId, count: purge.eventCount, digest: purge.digest });
    byTenant.set(purge.tenantId, list);
  }
  return byTenant;
}

function interval(start: Date): string {
  return `${start.toISOString()}/${new Date(start.getTime() + SEGMENT_MS).toISOString()}`;
}
