import type { Selectable } from 'kysely';
import type { Page, PageRequest } from '../../domain/pagination/cursor.ts';
import { toPage } from '../../domain/pagination/cursor.ts';
import type { TenantKind, TenantRecord, TenantStore } from '../port.ts';
import type { TenantsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import { afterPosition, createdAfter, positionOf } from './keyset.ts';

export class KyselyTenantStore implements TenantStore {
  constructor(private readonly db: DbHandle) {}

  async insert(tenant: TenantRecord): Promise<void> {
    await this.db()
      .insertInto('tenants')
      .values({
        id: tenant.id,
        parent_id: tenant.parentId,
        name: tenant.name,
        kind: tenant.kind,
        created_at: tenant.createdAt,
      })
      .execute();
  }

  async getVisible(viewerTenantId: string, id: string): Promise<TenantRecord | undefined> {
    const row = await this.db()
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => eb.or([eb('id', '=', viewerTenantId), eb('parent_id', '=', viewerTenantId)]))
      .executeTakeFirst();
    return row && toTenant(row);
  }

  async listVisible(viewerTenantId: string, page: PageRequest): Promise<Page<TenantRecord>> {
    const after = afterPosition(page.after);
    let query = this.db()
      .selectFrom('tenants')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', viewerTenantId), eb('parent_id', '=', viewerTenantId)]));
    if (after) query = query.where(createdAfter(after));
    const rows = await query
      .orderBy('created_at')
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toTenant), page.limit, (t) => positionOf(t.createdAt, t.id));
  }

  async listRootsUnscoped(): Promise<TenantRecord[]> {
    const rows = await this.db()
      .selectFrom('tenants')
      .selectAll()
      .where('parent_id', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toTenant);
  }

  async listAllUnscoped(): Promise<TenantRecord[]> {
    const rows = await this.db()
      .selectFrom('tenants')
      .selectAll()
      .orderBy((eb) => eb.fn.coalesce('parent_id', 'id'))
      .orderBy('parent_id', (ob) => ob.nullsFirst())
      .orderBy('created_at')
      .execute();
    return rows.map(toTenant);
  }

  async getUnscoped(id: string): Promise<TenantRecord | undefined> {
    const row = await this.db().selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTenant(row);
  }
}

function toTenant(row: Selectable<TenantsTable>): TenantRecord {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    kind: row.kind as TenantKind,
    createdAt: row.created_at,
  };
}
