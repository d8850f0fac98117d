import type { Selectable } from 'kysely';
import type { Role } from '../../domain/access/roles.ts';
import { toPage, type Page, type PageRequest } from '../../domain/pagination/cursor.ts';
import type { ApiKeyRecord, ApiKeyStore } from '../port.ts';
import type { ApiKeysTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import { afterPosition, createdAfter, positionOf } from './keyset.ts';

export class KyselyApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: DbHandle) {}

  async insert(key: ApiKeyRecord): Promise<void> {
    await this.db()
      .insertInto('api_keys')
      .values({
        id: key.id,
        tenant_id: key.tenantId,
        lookup_id: key.lookupId,
        secret_hash: key.secretHash,
        role: key.role,
        name: key.name,
        created_at: key.createdAt,
        created_by: key.createdBy,
        revoked_at: key.revokedAt,
        last_used_at: key.lastUsedAt,
      })
      .execute();
  }

  async get(tenantId: string, id: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db()
      .selectFrom('api_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toApiKey(row);
  }

  async list(tenantId: string, page: PageRequest): Promise<Page<ApiKeyRecord>> {
    const after = afterPosition(page.after);
    let query = this.db().selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId);
    if (after) query = query.where(createdAfter(after));
    const rows = await query
      .orderBy('created_at')
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toApiKey), page.limit, (k) => positionOf(k.createdAt, k.id));
  }

  async revoke(tenantId: string, id: string, at: Date): Promise<ApiKeyRecord | undefined> {
    await this.db()
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    return this.get(tenantId, id);
  }

  async touchLastUsed(tenantId: string, id: string, at: Date, notBefore: Date): Promise<void> {
    await this.db()
      .updateTable('api_keys')
      .set({ last_used_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
      .execute();
  }

  async findByLookupIdUnscoped(lookupId: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db()
      .selectFrom('api_keys')
      .selectAll()
      .where('lookup_id', '=', lookupId)
      .executeTakeFirst();
    return row && toApiKey(row);
  }
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    lookupId: row.lookup_id,
    secretHash: row.secret_hash,
    role: row.role as Role,
    name: row.name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
