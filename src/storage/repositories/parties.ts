import type { Selectable } from 'kysely';
import type { PartyLinksTable, PartyVersionsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type { PartyLinkRecord, PartyRecord, PartyStore, PartyVersionRecord } from '../port.ts';

export class KyselyPartyStore implements PartyStore {
  constructor(private readonly db: DbHandle) {}

  async insert(party: PartyRecord, first: PartyVersionRecord): Promise<void> {
    await this.db()
      .insertInto('parties')
      .values({
        id: party.id,
        tenant_id: party.tenantId,
        type: party.type,
        current_version: party.currentVersion,
        created_at: party.createdAt,
      })
      .execute();
    await this.insertVersion(first);
  }

  async appendVersion(
    tenantId: string,
    version: PartyVersionRecord,
    expectedVersion: number,
  ): Promise<boolean> {
    const moved = await this.db()
      .updateTable('parties')
      .set({ current_version: version.version })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', version.partyId)
      .where('current_version', '=', expectedVersion)
      .executeTakeFirst();
    if (moved.numUpdatedRows !== 1n) return false;
    await this.insertVersion(version);
    return true;
  }

  async get(tenantId: string, id: string): Promise<PartyRecord | undefined> {
    const r = await this.db()
      .selectFrom('parties')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        tenantId: r.tenant_id,
        type: r.type as PartyRecord['type'],
        currentVersion: r.current_version,
        createdAt: r.created_at,
      }
    );
  }

  async listVersions(tenantId: string, id: string): Promise<PartyVersionRecord[]> {
    const rows = await this.db()
      .selectFrom('party_versions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    return rows.map(toVersion);
  }

  async link(link: PartyLinkRecord): Promise<void> {
    await this.db()
      .insertInto('party_links')
      .values({
        tenant_id: link.tenantId,
        entity_party_id: link.entityPartyId,
        person_party_id: link.personPartyId,
        role: link.role,
        ownership_percent: link.ownershipPercent,
        control: link.control,
      })
      .execute();
  }

  async listLinks(tenantId: string, entityPartyId: string): Promise<PartyLinkRecord[]> {
    const rows = await this.db()
      .selectFrom('party_links')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('entity_party_id', '=', entityPartyId)
      .orderBy('role')
      .orderBy('person_party_id')
      .execute();
    return rows.map(toLink);
  }

  private async insertVersion(v: PartyVersionRecord): Promise<void> {
    await this.db()
      .insertInto('party_versions')
      .values({
        party_id: v.partyId,
        version: v.version,
        tenant_id: v.tenantId,
        data: JSON.stringify(v.data),
        created_at: v.createdAt,
        created_by: v.createdBy,
      })
      .execute();
  }
}

function toVersion(r: Selectable<PartyVersionsTable>): PartyVersionRecord {
  return {
    partyId: r.party_id,
    tenantId: r.tenant_id,
    version: r.version,
    data: r.data as Record<string, unknown>,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function toLink(r: Selectable<PartyLinksTable>): PartyLinkRecord {
  return {
    tenantId: r.tenant_id,
    entityPartyId: r.entity_party_id,
    personPartyId: r.person_party_id,
    role: r.role as PartyLinkRecord['role'],
    ownershipPercent: r.ownership_percent === null ? null : Number(r.ownership_percent),
    control: r.control,
  };
}
