/**
 * Sanctions-list versions: an import parses the publisher's files, and only a whole, well-formed list
 * replaces the active version (a malformed or truncated file fails with its file, line and reason and
 * leaves the previous version in force). Each version keeps its digest, entry count, publish date and
 * the delta against the version it replaced, which the re-screening job screens parties against.
 */
import { createHash } from 'node:crypto';
import { LIST_SOURCES, type ListEntry, type ListSource } from '../domain/screening/entry.ts';
import { entryContentHash, parseListFiles, type ListFile } from '../domain/screening/lists/index.ts';
import { AppError } from '../errors.ts';
import type { ListVersionRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

export type ImportOutcome =
  { status: 'imported'; version: ListVersionRecord } | { status: 'unchanged'; version: ListVersionRecord };

export function isListSource(value: string): value is ListSource {
  return (LIST_SOURCES as readonly string[]).includes(value);
}

export class ListService {
  /** Called after a new version is active (the screening index is rebuilt, parties re-screened). */
  private readonly listeners: Array<(version: ListVersionRecord) => Promise<void>> = [];

  constructor(private readonly deps: ServiceDeps) {}

  onNewVersion(listener: (version: ListVersionRecord) => Promise<void>): void {
    this.listeners.push(listener);
  }

  async importFiles(
    actor: Actor,
    source: string,
    files: readonly ListFile[],
    options: { publishedAt?: Date } = {},
  ): Promise<ImportOutcome> {
    requirePermission(actor, 'lists:write');
    if (!isListSource(source)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Unknown list '${source}' (known: ${LIST_SOURCES.join(', ')}).`,
        {
          field: 'argv.source',
        },
      );
    }
    const parsed = parseListFiles(source, files);
    if (!parsed.ok) {
      const problems = parsed.issues.slice(0, 50).map((i) => ({
        field: i.line === undefined ? i.file : `${i.file}:${i.line}`,
        code: 'LIST_MALFORMED',
        message: i.reason,
      }));
      throw new AppError(
        'LIST_IMPORT_FAILED',
        `The ${source} files do not parse (${parsed.issues.length} problem(s)); the previous version stays active.`,
        { problems },
      );
    }
    const digest = digestOf(files);
    const { store } = this.deps;
    const outcome = await store.transaction(async (): Promise<ImportOutcome> => {
      await store.lockForTransaction(`gatehouse:lists:${source}`);
      const active = (await store.lists.activeVersionsUnscoped()).find((v) => v.source === source);
      if (active !== undefined && active.sha256 === digest) return { status: 'unchanged', version: active };
      const previous = active === undefined ? [] : await store.lists.entriesUnscoped(active.id);
      const entries = parsed.entries.map((entry) => ({
        entryId: entry.entryId,
        contentHash: entryContentHash(entry),
        data: entry,
      }));
      const version: ListVersionRecord = {
        id: this.deps.newId(),
        source,
        status: 'active',
        sha256: digest,
        entryCount: entries.length,
        publishedAt: options.publishedAt ?? publishedAtOf(parsed.publishedAt),
        importedAt: this.deps.now(),
        importedBy: `${actor.type}:${actor.id}`,
        files: files.map((f) => ({
          name: f.name,
          sha256: sha256(f.content),
          bytes: Buffer.byteLength(f.content),
        })),
        delta: { previousVersionId: active?.id ?? null, ...deltaOf(previous, entries) },
      };
      await store.lists.activateVersion(version, entries);
      await recordAudit(
        this.deps,
        actor,
        'list.imported',
        { type: 'list_version', id: version.id },
        {
          source,
          entries: version.entryCount,
          added: version.delta.added.length,
          changed: version.delta.changed.length,
          removed: version.delta.removed.length,
        },
      );
      return { status: 'imported', version };
    });
    if (outcome.status === 'imported') for (const listener of this.listeners) await listener(outcome.version);
    return outcome;
  }

  async activeVersions(actor: Actor): Promise<ListVersionRecord[]> {
    requirePermission(actor, 'lists:read');
    return this.deps.store.lists.activeVersionsUnscoped();
  }

  async versions(actor: Actor, source: string): Promise<ListVersionRecord[]> {
    requirePermission(actor, 'lists:read');
    if (!isListSource(source))
      throw new AppError('LIST_NOT_FOUND', `No list '${source}'.`, { field: 'path.source' });
    return this.deps.store.lists.versionsUnscoped(source, 100);
  }

  async version(actor: Actor, id: string): Promise<ListVersionRecord> {
    requirePermission(actor, 'lists:read');
    const version = await this.deps.store.lists.getVersionUnscoped(id);
    if (version === undefined)
      throw new AppError('LIST_NOT_FOUND', 'No such list version.', { field: 'path.id' });
    return version;
  }

  /** Entries of the active versions, for the screening index (every list at once). */
  async activeEntries(): Promise<{
    versions: ListVersionRecord[];
    entries: Array<{ versionId: string; entry: ListEntry; hash: string }>;
  }> {
    const versions = await this.deps.store.lists.activeVersionsUnscoped();
    const entries: Array<{ versionId: string; entry: ListEntry; hash: string }> = [];
    for (const version of versions) {
      for (const stored of await this.deps.store.lists.entriesUnscoped(version.id))
        entries.push({ versionId: version.id, entry: stored.data as ListEntry, hash: stored.contentHash });
    }
    return { versions, entries };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The version's digest: over each file's name and digest, in name order (the order given does not matter). */
function digestOf(files: readonly ListFile[]): string {
  const parts = [...files]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((f) => `${f.name}\n${sha256(f.content)}\n`);
  return sha256(parts.join(''));
}

function publishedAtOf(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

function deltaOf(
  previous: ReadonlyArray<{ entryId: string; contentHash: string }>,
  next: ReadonlyArray<{ entryId: string; contentHash: string }>,
): { added: string[]; changed: string[]; removed: string[] } {
  const before = new Map(previous.map((e) => [e.entryId, e.contentHash]));
  const after = new Set(next.map((e) => e.entryId));
  const added: string[] = [];
  const changed: string[] = [];
  for (const e of next) {
    const hash = before.get(e.entryId);
    if (hash === undefined) added.push(e.entryId);
    else if (hash !== e.contentHash) changed.push(e.entryId);
  }
  const removed = previous.filter((e) => !after.has(e.entryId)).map((e) => e.entryId);
  return { added, changed, removed };
}
