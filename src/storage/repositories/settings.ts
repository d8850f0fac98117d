import { sql, type Selectable } from 'kysely';
import type { RuleProfilesTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type {
  MeasureActionRecord,
  MeasureStore,
  SettingsStore,
  SpecialMeasureRecord,
  StoredProfileRecord,
  SweepCandidate,
  TenantSettingsRecord,
} from '../port.ts';
import { toAccount } from './accounts.ts';
import type { PartyCipher } from '../party-cipher.ts';
import { keyOf, openActionMatches, partyOf, sealActionMatches } from './decision-words.ts';

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
        requireReadPurpose: row.require_read_purpose,
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
        require_read_purpose: settings.requireReadPurpose,
        updated_at: settings.updatedAt,
      })
      .onConflict((oc) =>
        oc.column('tenant_id').doUpdateSet({
          default_profile_id: settings.defaultProfileId,
          require_read_purpose: settings.requireReadPurpose,
          updated_at: settings.updatedAt,
        }),
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
  constructor(
    private readonly db: DbHandle,
    private readonly cipher: PartyCipher,
  ) {}

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

  async updateDefinition(tenantId: string, id: string, definition: unknown): Promise<void> {
    await this.db()
      .updateTable('special_measures')
      .set({ definition: JSON.stringify(definition) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  async insertAction(a: MeasureActionRecord): Promise<boolean> {
    // The account may be a reseller's (a child tenant's): its party is found by the account alone.
    const party = await partyOf(this.db, 'accounts', a.tenantId, a.accountId, { withResellers: true });
    const row = { tenantId: party?.tenant_id ?? a.tenantId, partyId: party?.party_id ?? '', id: a.id };
    const inserted = await this.db()
      .insertInto('measure_actions')
      .values({
        id: a.id,
        tenant_id: a.tenantId,
        measure_id: a.measureId,
        account_id: a.accountId,
        action: a.action,
        due_by: a.dueBy,
        matched_on: sealActionMatches(this.cipher, row, a.matchedOn, keyOf(party)),
        status: a.status,
        created_at: a.createdAt,
      })
      .onConflict((oc) => oc.columns(['measure_id', 'account_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async listActions(tenantId: string, measureId: string): Promise<MeasureActionRecord[]> {
    const rows = await this.actions()
      .where('m.tenant_id', '=', tenantId)
      .where('m.measure_id', '=', measureId)
      .orderBy('m.due_by')
      .orderBy('m.account_id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      measureId: r.measure_id,
      accountId: r.account_id,
      action: r.action as MeasureActionRecord['action'],
      // PGlite and pg both hand back a date column as a Date at local midnight; keep the calendar day.
      dueBy: dateOnly(r.due_by as unknown),
      matchedOn: openActionMatches(
        this.cipher,
        { tenantId: r.account_tenant_id, partyId: r.party_id, id: r.id },
        r.matched_on,
        r,
      ),
      status: r.status as MeasureActionRecord['status'],
      createdAt: r.created_at,
    }));
  }

  private actions() {
    return this.db()
      .selectFrom('measure_actions as m')
      .innerJoin('accounts as a', 'a.id', 'm.account_id')
      .leftJoin('party_keys as k', 'k.party_id', 'a.party_id')
      .selectAll('m')
      .select(['a.party_id', 'a.tenant_id as account_tenant_id', 'k.kek_id', 'k.wrapped_key']);
  }

  async sealPlaintextActionsUnscoped(limit: number): Promise<Array<{ tenantId: string; id: string }>> {
    const rows = await this.actions()
      .where('k.wrapped_key', 'is not', null)
      .where(
        sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(m.matched_on) e WHERE jsonb_typeof(e->'value') = 'string')`,
      )
      .orderBy('m.id')
      .limit(limit)
      .execute();
    for (const r of rows) {
      const row = { tenantId: r.account_tenant_id, partyId: r.party_id, id: r.id };
      const matches = openActionMatches(this.cipher, row, r.matched_on, r);
      await this.db()
        .updateTable('measure_actions')
        .set({ matched_on: sealActionMatches(this.cipher, row, matches, r) })
        .where('id', '=', r.id)
        .execute();
    }
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
  }

  async sweepCandidates(
    tenantId: string,
    afterAccountId: string | undefined,
    limit: number,
  ): Promise<SweepCandidate[]> {
    let q = this.db()
      .selectFrom('accounts as a')
      .innerJoin('parties as p', (j) =>
        j.onRef('p.id', '=', 'a.party_id').onRef('p.tenant_id', '=', 'a.tenant_id'),
      )
      .innerJoin('party_versions as pv', (j) =>
        j.onRef('pv.party_id', '=', 'p.id').onRef('pv.version', '=', 'p.current_version'),
      )
      .leftJoin('party_keys as pk', 'pk.party_id', 'p.id')
      .selectAll('a')
      .select([
        'p.type as party_type',
        'pv.data as party_data',
        'pv.version as party_version',
        'pk.kek_id',
        'pk.wrapped_key',
      ])
      .select((eb) =>
        eb
          .selectFrom('applications as ap')
          .select('ap.determination')
          .whereRef('ap.tenant_id', '=', 'a.tenant_id')
          .whereRef('ap.account_id', '=', 'a.id')
          .orderBy('ap.created_at', 'desc')
          .limit(1)
          .as('determination'),
      )
      .select((eb) =>
        eb
          .selectFrom('party_links as l')
          .innerJoin('parties as op', 'op.id', 'l.person_party_id')
          .innerJoin('party_versions as opv', (j) =>
            j.onRef('opv.party_id', '=', 'op.id').onRef('opv.version', '=', 'op.current_version'),
          )
          .leftJoin('party_keys as opk', 'opk.party_id', 'op.id')
          .select(
            sql<unknown>`coalesce(jsonb_agg(jsonb_build_object('partyId', op.id, 'role', l.role, 'version', opv.version,
              'data', opv.data, 'kekId', opk.kek_id, 'wrappedKey', encode(opk.wrapped_key, 'base64'))
              ORDER BY l.role, op.id), '[]'::jsonb)`.as('o'),
          )
          .whereRef('l.tenant_id', '=', 'a.tenant_id')
          .whereRef('l.entity_party_id', '=', 'a.party_id')
          .where('l.ended_at', 'is', null)
          .as('people'),
      )
      // The tenant's accounts and its resellers' (measures apply to reseller accounts too).
      .where((eb) =>
        eb.or([
          eb('a.tenant_id', '=', tenantId),
          eb('a.tenant_id', 'in', eb.selectFrom('tenants').select('id').where('parent_id', '=', tenantId)),
        ]),
      )
      .where('a.status', '!=', 'closed');
    if (afterAccountId !== undefined) q = q.where('a.id', '>', afterAccountId);
    const rows = await q.orderBy('a.id').limit(limit).execute();
    const candidates: SweepCandidate[] = [];
    for (const r of rows) {
      // A shredded party (past its retention) has no data left to match; the page keeps its length.
      const partyData =
        this.cipher.openVersionOrSkip(r.tenant_id, r.party_id, r.party_version, r.party_data, r) ?? {};
      const people: SweepCandidate['people'] = [];
      for (const o of (r.people ?? []) as StoredPerson[]) {
        const key = {
          kek_id: o.kekId,
          wrapped_key: o.wrappedKey === null ? null : Buffer.from(o.wrappedKey, 'base64'),
        };
        const data = this.cipher.openVersionOrSkip(r.tenant_id, o.partyId, o.version, o.data, key);
        if (data !== undefined) people.push({ partyId: o.partyId, role: o.role, data });
      }
      candidates.push({
        account: toAccount(r),
        partyType: r.party_type as SweepCandidate['partyType'],
        partyData,
        latestDetermination: r.determination,
        people,
      });
    }
    return candidates;
  }
}

interface StoredPerson {
  partyId: string;
  role: 'beneficial_owner' | 'signatory';
  version: number;
  data: unknown;
  kekId: string | null;
  wrappedKey: string | null;
}

function dateOnly(value: unknown): string {
  if (value instanceof Date) {
    const local = new Date(value.getTime() - value.getTimezoneOffset() * 60_000);
    return local.toISOString().slice(0, 10);
  }
  return String(value).slice(0, 10);
}
