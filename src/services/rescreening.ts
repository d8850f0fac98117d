/**
 * Continuous re-screening: when a list version arrives, every stored party is screened against the
 * entries it added or changed (not the whole list again), new hits are stored and raise events, and
 * the accounts they touch are decided again. A party whose own data changes is screened against every
 * list when its new application is decided, so the two together cover both directions of change.
 *
 * The work is cut into ranges of party ids: one process runs them all (`rescreenDelta`), or, with
 * NATS JetStream configured, each range is a job that any `gatehouse worker` takes (`planRanges`,
 * then `rescreenRange` on the workers).
 */
import { buildScreeningIndex, type ScreeningIndex } from '../domain/screening/candidate-index.ts';
import type { ListEntry } from '../domain/screening/entry.ts';
import { partySubject, screenSubject } from '../domain/screening/party-subject.ts';
import type { ScreeningThresholds } from '../domain/profiles/profile.ts';
import { AppError } from '../errors.ts';
import type { ListVersionRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import type { Actor, ServiceDeps } from './context.ts';
import type { ProfileService } from './profiles.ts';
import type { Redecider } from './redecide.ts';
import type { ScreeningService } from './screening.ts';

export interface RescreenProgress {
  partiesScreened: number;
  hitsRaised: number;
}

export interface RescreenResult extends RescreenProgress {
  entriesScreened: number;
  accountsRedecided: number;
  /**
   * Parties that could not be screened because their data does not open (KEY_UNAVAILABLE: a KEK missing
   * from the keyring, or altered ciphertext). Each is audited (`party.rescreen_skipped`) and the rest are
   * screened; the first UNREADABLE_IDS_LISTED ids are listed for the operator.
   */
  partiesUnreadable: number;
  unreadablePartyIds: string[];
  ms: number;
}

export const UNREADABLE_IDS_LISTED = 100;

/** A slice of the parties, in id order: those after `after` (exclusive) up to `through` (inclusive). */
export interface RescreenRange {
  versionId: string;
  after: string | null;
  through: string;
  /** Against every entry of the version, not only those it added or changed (`gatehouse lists rescreen`). */
  full?: boolean;
}

const BATCH = 500;
/** Parties per job when the work is spread over workers. */
export const RANGE_SIZE = 5000;

export class RescreeningService {
  /** The index of the version (delta or full) last worked on: a worker takes many ranges of one version. */
  private indexCache: { key: string; index: ScreeningIndex; entries: number } | undefined;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly profiles: ProfileService,
    private readonly screening: ScreeningService,
    private readonly redecider: Redecider,
  ) {}

  /** Every range of the version's re-screening, in this process. */
  async rescreenDelta(
    version: ListVersionRecord,
    onProgress: (progress: RescreenProgress) => void = () => undefined,
  ): Promise<RescreenResult> {
    return this.runRanges(version, await this.planRanges(version, BATCH), false, onProgress);
  }

  /**
   * Every stored party against every entry of the version, in this process: after parties went
   * unscreened (their KEK restored since), or to re-check the whole base. A hit raised before is not
   * raised again.
   */
  async rescreenAll(
    version: ListVersionRecord,
    onProgress: (progress: RescreenProgress) => void = () => undefined,
  ): Promise<RescreenResult> {
    return this.runRanges(version, await this.planRanges(version, BATCH, true), true, onProgress);
  }

  private async runRanges(
    version: ListVersionRecord,
    ranges: readonly RescreenRange[],
    full: boolean,
    onProgress: (progress: RescreenProgress) => void,
  ): Promise<RescreenResult> {
    const started = performance.now();
    const total = emptyResult(0);
    for (const range of ranges) {
      const done = await this.rescreenRange(range);
      total.partiesScreened += done.partiesScreened;
      total.hitsRaised += done.hitsRaised;
      total.accountsRedecided += done.accountsRedecided;
      total.entriesScreened = done.entriesScreened;
      total.partiesUnreadable += done.partiesUnreadable;
      total.unreadablePartyIds.push(
        ...done.unreadablePartyIds.slice(0, UNREADABLE_IDS_LISTED - total.unreadablePartyIds.length),
      );
      onProgress({ partiesScreened: total.partiesScreened, hitsRaised: total.hitsRaised });
    }
    if (total.entriesScreened === 0) total.entriesScreened = (await this.indexOf(version, full)).entries;
    total.ms = Math.round(performance.now() - started);
    return total;
  }

  /**
   * The ranges of `size` parties that together cover every stored party; for the delta (not `full`),
   * none when the version added or changed nothing.
   */
  async planRanges(version: ListVersionRecord, size = RANGE_SIZE, full = false): Promise<RescreenRange[]> {
    if (!full && version.delta.added.length + version.delta.changed.length === 0) return [];
    const ranges: RescreenRange[] = [];
    let after: string | null = null;
    for (;;) {
      const ids = await this.deps.store.screening.partyIdsUnscoped(after ?? undefined, size);
      const through = ids.at(-1);
      if (through === undefined) break;
      ranges.push({ versionId: version.id, after, through, ...(full ? { full } : {}) });
      after = through;
      if (ids.length < size) break;
    }
    return ranges;
  }

  async rescreenRange(range: RescreenRange): Promise<RescreenResult> {
    const started = performance.now();
    const version = await this.deps.store.lists.getVersionUnscoped(range.versionId);
    if (version === undefined)
      throw new AppError('LIST_NOT_FOUND', `No list version ${range.versionId}.`, { field: 'job.versionId' });
    const { index, entries } = await this.indexOf(version, range.full === true);
    const result = emptyResult(entries);
    const thresholds = new Map<string, ScreeningThresholds>();
    let after = range.after ?? undefined;
    for (;;) {
      const batch = (await this.deps.store.screening.partiesForScreeningUnscoped(after, BATCH)).filter(
        (p) => p.partyId <= range.through,
      );
      for (const party of batch) {
        if (party.data === undefined) await this.skipUnreadable(party, version, result);
        else await this.rescreenParty({ ...party, data: party.data }, index, thresholds, result);
      }
      after = batch.at(-1)?.partyId;
      if (batch.length < BATCH || after === undefined || after >= range.through) break;
    }
    result.ms = Math.round(performance.now() - started);
    return result;
  }

  private async rescreenParty(
    party: {
      tenantId: string;
      partyId: string;
      version: number;
      type: string;
      data: Record<string, unknown>;
    },
    index: ScreeningIndex,
    thresholds: Map<string, ScreeningThresholds>,
    result: RescreenResult,
  ): Promise<void> {
    const bands = await this.thresholdsOf(party.tenantId, thresholds);
    const subject = partySubject(party.type === 'entity' ? 'entity' : 'individual', party.data);
    const matches = screenSubject(index, subject, { threshold: bands.review, blockThreshold: bands.block });
    result.partiesScreened += 1;
    if (matches.length === 0) return;
    await this.deps.store.transaction(async () => {
      const raised = await this.screening.recordHits(
        party.tenantId,
        party.partyId,
        party.version,
        subject,
        matches,
      );
      result.hitsRaised += raised.length;
      if (raised.length > 0)
        result.accountsRedecided += await this.redecideAccountsOf(party.tenantId, party.partyId);
    });
  }

  /** The party stays unscreened, and says so: an audit record, and its id in the result. */
  private async skipUnreadable(
    party: { tenantId: string; partyId: string; version: number },
    version: ListVersionRecord,
    result: RescreenResult,
  ): Promise<void> {
    result.partiesUnreadable += 1;
    if (result.unreadablePartyIds.length < UNREADABLE_IDS_LISTED)
      result.unreadablePartyIds.push(party.partyId);
    await recordAudit(
      this.deps,
      systemActor(party.tenantId),
      'party.rescreen_skipped',
      { type: 'party', id: party.partyId },
      {
        code: 'KEY_UNAVAILABLE',
        partyVersion: party.version,
        listVersion: version.id,
        source: version.source,
      },
    );
  }

  /** The entries of the version's delta, or all of them, as a screening index. */
  private async indexOf(
    version: ListVersionRecord,
    full: boolean,
  ): Promise<{ index: ScreeningIndex; entries: number }> {
    const key = `${version.id}:${full ? 'full' : 'delta'}`;
    if (this.indexCache?.key === key) return this.indexCache;
    const wanted = new Set([...version.delta.added, ...version.delta.changed]);
    const entries = (await this.deps.store.lists.entriesUnscoped(version.id))
      .filter((e) => full || wanted.has(e.entryId))
      .map((e) => e.data as ListEntry);
    this.indexCache = { key, index: buildScreeningIndex(entries), entries: entries.length };
    return this.indexCache;
  }

  private async redecideAccountsOf(tenantId: string, partyId: string): Promise<number> {
    const actor = systemActor(tenantId);
    let changed = 0;
    for (const account of await this.deps.store.accounts.accountsOfParty(tenantId, partyId))
      if ((await this.redecider.redecideAccount(actor, account)) !== null) changed += 1;
    return changed;
  }

  /** The tenant's default profile sets the bands of a re-screening. */
  private async thresholdsOf(
    tenantId: string,
    cache: Map<string, ScreeningThresholds>,
  ): Promise<ScreeningThresholds> {
    const known = cache.get(tenantId);
    if (known !== undefined) return known;
    const settings = await this.profiles.settingsFor(tenantId);
    const bands = (await this.profiles.resolveProfile(tenantId, settings.defaultProfileId)).screening;
    cache.set(tenantId, bands);
    return bands;
  }
}

function systemActor(tenantId: string): Actor {
  return { tenantId, type: 'system', id: 'rescreening', role: 'admin', requestId: null };
}

function emptyResult(entriesScreened: number): RescreenResult {
  return {
    partiesScreened: 0,
    hitsRaised: 0,
    entriesScreened,
    accountsRedecided: 0,
    partiesUnreadable: 0,
    unreadablePartyIds: [],
    ms: 0,
  };
}
