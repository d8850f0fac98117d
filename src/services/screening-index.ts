/**
 * The in-memory screening index of the active list versions, built once per set of versions and
 * shared by every screening in the process. Each API node builds its own from the store; a new
 * version (imported here or by another node) is noticed within `maxAgeMs` and the index rebuilt.
 */
import { buildScreeningIndex, type ScreeningIndex } from '../domain/screening/candidate-index.ts';
import type { ListVersionRecord } from '../storage/port.ts';
import type { ListService } from './lists.ts';
import type { ServiceDeps } from './context.ts';

export interface LoadedIndex {
  index: ScreeningIndex;
  versions: ListVersionRecord[];
  /** `source:entryId` → the entry's version and content hash (stored with each hit). */
  entryInfo: ReadonlyMap<string, { versionId: string; hash: string }>;
  builtAt: Date;
  buildMs: number;
}

export class ScreeningIndexCache {
  private loaded: LoadedIndex | undefined;
  private checkedAt = 0;
  private building: Promise<LoadedIndex> | undefined;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly lists: ListService,
    private readonly maxAgeMs = 5000,
  ) {}

  invalidate(): void {
    this.checkedAt = 0;
  }

  async current(): Promise<LoadedIndex> {
    const now = Date.now();
    if (this.loaded !== undefined && now - this.checkedAt < this.maxAgeMs) return this.loaded;
    const active = await this.deps.store.lists.activeVersionsUnscoped();
    this.checkedAt = now;
    if (this.loaded !== undefined && sameVersions(this.loaded.versions, active)) return this.loaded;
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  private async build(): Promise<LoadedIndex> {
    const started = performance.now();
    const { versions, entries } = await this.lists.activeEntries();
    const index = buildScreeningIndex(entries.map((e) => e.entry));
    const entryInfo = new Map(
      entries.map((e) => [`${e.entry.source}:${e.entry.entryId}`, { versionId: e.versionId, hash: e.hash }]),
    );
    this.loaded = {
      index,
      versions,
      entryInfo,
      builtAt: this.deps.now(),
      buildMs: performance.now() - started,
    };
    return this.loaded;
  }
}

function sameVersions(a: readonly ListVersionRecord[], b: readonly ListVersionRecord[]): boolean {
  const ids = (list: readonly ListVersionRecord[]) =>
    list
      .map((v) => v.id)
      .sort()
      .join(',');
  return ids(a) === ids(b);
}
