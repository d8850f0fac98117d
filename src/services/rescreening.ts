/**
 * Continuous re-screening: when a list version arrives, every stored party is screened against the
 * entries it added or changed (not the whole list again), new hits are stored and raise events, and
 * the accounts they touch are decided again. A party whose own data changes is screened against every
 * list when its new application is decided, so the two together cover both directions of change.
 */
import { buildScreeningIndex } from '../domain/screening/candidate-index.ts';
import type { ListEntry } from '../domain/screening/entry.ts';
import { partySubject, screenSubject } from '../domain/screening/party-subject.ts';
import type { ScreeningThresholds } from '../domain/profiles/profile.ts';
import type { ListVersionRecord } from '../storage/port.ts';
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
  ms: number;
}

const BATCH = 500;

export class RescreeningService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly profiles: ProfileService,
    private readonly screening: ScreeningService,
    private readonly redecider: Redecider,
  ) {}

  async rescreenDelta(
    version: ListVersionRecord,
    onProgress: (progress: RescreenProgress) => void = () => undefined,
  ): Promise<RescreenResult> {
    const started = performance.now();
    const { store } = this.deps;
    const wanted = new Set([...version.delta.added, ...version.delta.changed]);
    const entries = (await store.lists.entriesUnscoped(version.id))
      .filter((e) => wanted.has(e.entryId))
      .map((e) => e.data as ListEntry);
    const result: RescreenResult = {
      partiesScreened: 0,
      hitsRaised: 0,
      entriesScreened: entries.length,
      accountsRedecided: 0,
      ms: 0,
    };
    if (entries.length > 0) {
      const index = buildScreeningIndex(entries);
      const thresholds = new Map<string, ScreeningThresholds>();
      let after: string | undefined;
      for (;;) {
        const batch = await store.screening.partiesForScreeningUnscoped(after, BATCH);
        for (const party of batch) {
          const bands = await this.thresholdsOf(party.tenantId, thresholds);
          const subject = partySubject(party.type === 'entity' ? 'entity' : 'individual', party.data);
          const matches = screenSubject(index, subject, {
            threshold: bands.review,
            blockThreshold: bands.block,
          });
          result.partiesScreened += 1;
          if (matches.length === 0) continue;
          await store.transaction(async () => {
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
        onProgress({ partiesScreened: result.partiesScreened, hitsRaised: result.hitsRaised });
        after = batch.at(-1)?.partyId;
        if (batch.length < BATCH) break;
      }
    }
    result.ms = Math.round(performance.now() - started);
    return result;
  }

  private async redecideAccountsOf(tenantId: string, partyId: string): Promise<number> {
    const actor: Actor = { tenantId, type: 'system', id: 'rescreening', role: 'admin', requestId: null };
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
