import { sql, type Selectable } from 'kysely';
import type { ListVersionsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type { ListStore, ListVersionRecord, StoredListEntry } from '../port.ts';

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters at 4 per row. */
const ENTRY_CHUNK = 2000;

/** Sanctions-list versions and entries; operator-wide, so every read here is unscoped by design. */
export class KyselyListStore implements ListStore {
  constructor(private readonly db: DbHandle) {}

  async activateVersion(v: ListVersionRecord, entries: readonly StoredListEntry[]): Promise<void> {
    // The caller holds a transaction: the old version is superseded and the new one inserted together.
    await this.db()
      .updateTable('list_versions')
      .set({ status: 'superseded' })
      .where('source', '=', v.source)
      .where('status', '=', 'active')
      .execute();
    await this.db()
      .insertInto('list_versions')
      .values({
        id: v.id,
        source: v.source,
        status: 'active',
        sha256: v.sha256,
        entry_count: v.entryCount,
        published_at: v.publishedAt,
        imported_at: v.importedAt,
        imported_by: v.importedBy,
        files: JSON.stringify(v.files),
        delta: JSON.stringify(v.delta),
      })
      .execute();
    for (let i = 0; i < entries.length; i += ENTRY_CHUNK) {
      await this.db()
        .insertInto('list_entries')
        .values(
          entries.slice(i, i + ENTRY_CHUNK).map((e) => ({
            version_id: v.id,
            entry_id: e.entryId,
            content_hash: e.contentHash,
            data: JSON.stringify(e.data),
          })),
        )
        .execute();
    }
  }

  async activeVersionsUnscoped(): Promise<ListVersionRecord[]> {
    const rows = await this.db()
      .selectFrom('list_versions')
      .selectAll()
      .where('status', '=', 'active')
      .orderBy('source')
      .execute();
    return rows.map(toVersion);
  }

  async versionsUnscoped(source: string, limit: number): Promise<ListVersionRecord[]> {
    const rows = await this.db()
      .selectFrom('list_versions')
      .selectAll()
      .where('source', '=', source)
      .orderBy('imported_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toVersion);
  }

  async getVersionUnscoped(id: string): Promise<ListVersionRecord | undefined> {
    const row = await this.db()
      .selectFrom('list_versions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  async entriesUnscoped(versionId: string): Promise<StoredListEntry[]> {
    const rows = await this.db()
      .selectFrom('list_entries')
      .select(['entry_id', 'content_hash', sql<string>`data::text`.as('data')])
      .where('version_id', '=', versionId)
      .orderBy('entry_id')
      .execute();
    // Read as text and parsed here: tens of thousands of jsonb values parse faster in one place.
    return rows.map((r) => ({
      entryId: r.entry_id,
      contentHash: r.content_hash,
      data: JSON.parse(r.data) as unknown,
    }));
  }
}

function toVersion(r: Selectable<ListVersionsTable>): ListVersionRecord {
  return {
    id: r.id,
    source: r.source,
    status: r.status as ListVersionRecord['status'],
    sha256: r.sha256,
    entryCount: r.entry_count,
    publishedAt: r.published_at,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    files: r.files as ListVersionRecord['files'],
    delta: r.delta as ListVersionRecord['delta'],
  };
}
