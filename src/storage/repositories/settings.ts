import type { Selectable } from 'kysely';
import type { RuleProfilesTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type {
  MeasureStore,
  SettingsStore,
  SpecialMeasureRecord,
  StoredProfileRecord,
  TenantSettingsRecord,
} from '../port.ts';

export class KyselySettingsStore implements SettingsStore {
  constructor(private readonly db: DbHandle) {}

  async get(tenantId: string): Promise<TenantSettingsRecord | undefined> {
    const row = await this.db()
      .selectFrom('tenant_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return (
      row && {
        tenantId: row.tenant_id,
        defaultProfileId: row.default_profile_id,
        // PGlite returns bytea as Uint8Array, pg as Buffer.
        cardFingerprintKey: Buffer.from(row.card_fingerprint_key),
        updatedAt: row.updated_at,
      }
    );
  }

  async upsert(settings: TenantSettingsRecord): Promise<void> {
    await this.db()
      .insertInto('tenant_settings')
      .values({
        tenant_id: settings.tenantId,
        default_profile_id: settings.defaultProfileId,
        card_fingerprint_key: settings.cardFingerprintKey,
        updated_at: settings.updatedAt,
      })
      .onConflict((oc) =>
        oc
          .column('tenant_id')
          .doUpdateSet({ default_profile_id: settings.defaultProfileId, updated_at: settings.updatedAt }),
      )
      .execute();
  }

  async insertProfile(profile: StoredProfileRecord): Promise<void> {
    await this.db()
      .insertInto('rule_profiles')
      .values({
        tenant_id: profile.tenantId,
        id: profile.id,
        version: profile.version,
        definition: JSON.stringify(profile.definition),
        created_at: profile.createdAt,
      })
      .execute();
  }

  async listLatestProfiles(tenantId: string): Promise<StoredProfileRecord[]> {
    const rows = await this.db()
      .selectFrom('rule_profiles')
      .selectAll()
      .distinctOn('id')
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .orderBy('version', 'desc')
      .execute();
    return rows.map(toProfile);
  }

  async getProfile(tenantId: string, id: string, version?: number): Promise<StoredProfileRecord | undefined> {
    let q = this.db()
      .selectFrom('rule_profiles')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id);
    if (version !== undefined) q = q.where('version', '=', version);
    const row = await q.orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row && toProfile(row);
  }
}

function toProfile(row: Selectable<RuleProfilesTable>): StoredProfileRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    version: row.version,
    definition: row.definition,
    createdAt: row.created_at,
  };
}

export class KyselyMeasureStore implements MeasureStore {
  constructor(private readonly db: DbHandle) {}

  async insert(measure: SpecialMeasureRecord): Promise<void> {
    await this.db()
      .insertInto('special_measures')
      .values({
        id: measure.id,
        tenant_id: measure.tenantId,
        definition: JSON.stringify(measure.definition),
        created_at: measure.createdAt,
      })
      .execute();
  }

  async list(tenantId: string): Promise<SpecialMeasureRecord[]> {
    const rows = await this.db()
      .selectFrom('special_measures')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      definition: r.definition,
      createdAt: r.created_at,
    }));
  }

  async get(tenantId: string, id: string): Promise<SpecialMeasureRecord | undefined> {
    const r = await this.db()
      .selectFrom('special_measures')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && { id: r.id, tenantId: r.tenant_id, definition: r.definition, createdAt: r.created_at };
  }
}
