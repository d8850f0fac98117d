import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { PartyLinksTable, PartyVersionsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import { DELETED_WORDS } from './decision-words.ts';
import type { PartyCipher, PartyKeyColumns } from '../party-cipher.ts';
import { toAccount } from './accounts.ts';
import type {
  AccountRecord,
  DeletionCertificateRecord,
  PartyKeyRecord,
  PartyLinkRecord,
  PartyRecord,
  PartyStore,
  PartyVersionRecord,
  ScrubbedRecords,
} from '../port.ts';

export class KyselyPartyStore implements PartyStore {
  constructor(
    private readonly db: DbHandle,
    private readonly cipher: PartyCipher,
  ) {}

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
    await this.insertVersion(first, await this.createKey(party.tenantId, party.id, party.createdAt));
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
    const key = await this.keyColumns(tenantId, version.partyId);
    await this.insertVersion(version, this.cipher.dataKey(tenantId, version.partyId, key));
    return true;
  }

  /** The party's key columns (kek id and wrapped data key, null once destroyed). */
  async keyColumns(tenantId: string, partyId: string): Promise<PartyKeyColumns> {
    const row = await this.db()
      .selectFrom('party_keys')
      .select(['kek_id', 'wrapped_key'])
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .executeTakeFirst();
    return row ?? { kek_id: null, wrapped_key: null };
  }

  async getKey(tenantId: string, partyId: string): Promise<PartyKeyRecord | undefined> {
    const row = await this.db()
      .selectFrom('party_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .executeTakeFirst();
    return (
      row && {
        partyId: row.party_id,
        tenantId: row.tenant_id,
        kekId: row.kek_id,
        destroyed: row.wrapped_key === null,
        createdAt: row.created_at,
        destroyedAt: row.destroyed_at,
        destroyedBy: row.destroyed_by,
      }
    );
  }

  /** Parties whose data key some other KEK than `kekId` wraps, for re-wrapping (keyset by party id). */
  async keysNotWrappedBy(
    kekId: string,
    afterPartyId: string | undefined,
    limit: number,
  ): Promise<Array<{ tenantId: string; partyId: string }>> {
    let q = this.db()
      .selectFrom('party_keys')
      .select(['tenant_id', 'party_id'])
      .where('wrapped_key', 'is not', null)
      .where('kek_id', '!=', kekId);
    if (afterPartyId !== undefined) q = q.where('party_id', '>', afterPartyId);
    const rows = await q.orderBy('party_id').limit(limit).execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, partyId: r.party_id }));
  }

  async countKeysByKek(): Promise<Array<{ kekId: string; live: number; destroyed: number }>> {
    const { rows } = await sql<{ kek_id: string; live: string | number; destroyed: string | number }>`
      SELECT kek_id, count(*) FILTER (WHERE wrapped_key IS NOT NULL) AS live,
        count(*) FILTER (WHERE wrapped_key IS NULL) AS destroyed
      FROM party_keys GROUP BY kek_id ORDER BY kek_id`.execute(this.db());
    return rows.map((r) => ({ kekId: r.kek_id, live: Number(r.live), destroyed: Number(r.destroyed) }));
  }

  /** Re-wraps one data key under the active KEK (the sealed records are untouched). */
  async rewrapKey(tenantId: string, partyId: string, at: Date): Promise<boolean> {
    const key = await this.keyColumns(tenantId, partyId);
    if (key.wrapped_key === null) return false;
    const next = this.cipher.rewrap(tenantId, partyId, key);
    const result = await this.db()
      .updateTable('party_keys')
      .set({ kek_id: next.kekId, wrapped_key: next.wrapped, rewrapped_at: at })
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .where('kek_id', '=', key.kek_id ?? '')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Crypto-shredding: the data key is overwritten (gone from this database; backups keep it only wrapped
   * by a KEK that rotation later retires), every version's sealed data is replaced by a tombstone and
   * the blind-index terms are deleted. Returns the versions tombstoned.
   */
  async shred(tenantId: string, partyId: string, by: string, at: Date): Promise<number[]> {
    await this.db()
      .updateTable('party_keys')
      .set({ wrapped_key: null, destroyed_at: at, destroyed_by: by })
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .where('wrapped_key', 'is not', null)
      .execute();
    const versions = await this.db()
      .updateTable('party_versions')
      .set({ data: JSON.stringify({ $shredded: at.toISOString() }) })
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .returning('version')
      .execute();
    await this.db()
      .deleteFrom('party_search_terms')
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .execute();
    return versions.map((v) => v.version).sort((a, b) => a - b);
  }

  async findByTerms(
    tenantId: string,
    groups: readonly (readonly Buffer[])[],
    limit: number,
  ): Promise<string[]> {
    return findPartiesByTerms(this.db, tenantId, groups, limit);
  }

  /**
   * Removes what is personal from the records around a shredded party, keeping their skeleton (ids,
   * statuses, times, rule ids) so decisions and the ledger still stand: sign-up IPs, determination
   * signals and warnings of its applications, the evidence of their verification checks, the subject
   * digests and review reasons of its screening hits, and the statements and evidence of its redress
   * requests.
   */
  async scrubRecordsOf(tenantId: string, partyId: string, at: Date): Promise<ScrubbedRecords> {
    const marker = at.toISOString();
    const applications = await sql<{ id: string }>`
      UPDATE applications SET signup_ip = NULL, warnings = '[]'::jsonb, measure_hits = '[]'::jsonb,
        determination = determination || jsonb_build_object('signals', '[]'::jsonb,
          'explanation', ${DELETED_WORDS}::text, '$shredded', ${marker}::text)
      WHERE tenant_id = ${tenantId}::uuid AND party_id = ${partyId}::uuid RETURNING id`.execute(this.db());
    const checks = await sql<{ id: string }>`
      UPDATE verification_checks c SET evidence = jsonb_build_object('$shredded', ${marker}::text)
      FROM applications a
      WHERE c.tenant_id = ${tenantId}::uuid AND a.tenant_id = c.tenant_id AND a.id = c.application_id
        AND a.party_id = ${partyId}::uuid RETURNING c.id`.execute(this.db());
    // A hit keeps its list entry and verdict; the digest of the customer's data and the reviewer's
    // words about the customer go. (The digest is keyed with the destroyed data key, or was written
    // plain by a version before 2026-12-02; either way it is replaced. The reason is sealed under that
    // key, or plain if written before 2026-12-02: replaced too.)
    const gone = sql`jsonb_build_object('$shredded', ${marker}::text)`;
    const hits = await sql<{ id: string }>`
      UPDATE screening_hits SET party_hash = 'shredded:' || id::text,
        review_reason = CASE WHEN review_reason IS NULL THEN NULL ELSE ${gone} END
      WHERE tenant_id = ${tenantId}::uuid AND party_id = ${partyId}::uuid RETURNING id`.execute(this.db());
    // A redress request keeps its status and the decision that answered it; the customer's words go.
    const redress = await sql<{ id: string }>`
      UPDATE redress_requests r SET statement = ${gone}, evidence = ${gone}
      FROM applications a
      WHERE r.tenant_id = ${tenantId}::uuid AND a.tenant_id = r.tenant_id AND a.id = r.application_id
        AND a.party_id = ${partyId}::uuid RETURNING r.id`.execute(this.db());
    const words = await this.scrubDecisionWordsOf(tenantId, partyId, marker);
    return {
      applications: applications.rows.map((r) => r.id),
      checks: checks.rows.map((r) => r.id),
      screeningHits: hits.rows.map((r) => r.id),
      redressRequests: redress.rows.map((r) => r.id),
      ...words,
    };
  }

  /**
   * What was written about the customer in the decisions on them: the messages of their decisions'
   * reasons (a measure's matched name, a reviewer's words; the codes stay), their four-eyes proposals'
   * reasons, the matched values of special-measure actions on their accounts, and the reasons of
   * `decision.made` events written before events carried codes only (2026-12-02).
   */
  private async scrubDecisionWordsOf(
    tenantId: string,
    partyId: string,
    marker: string,
  ): Promise<Pick<ScrubbedRecords, 'decisions' | 'decisionProposals' | 'measureActions'>> {
    // Each element of a jsonb array, rebuilt by `element` over `r.value`, in the array's order.
    const rebuilt = (array: RawBuilder<unknown>, element: RawBuilder<unknown>) => sql`(
      SELECT coalesce(jsonb_agg(${element} ORDER BY r.ordinality), '[]'::jsonb)
      FROM jsonb_array_elements(${array}) WITH ORDINALITY r)`;
    const deleted = sql`${DELETED_WORDS}::text`;
    const decisions = await sql<{ id: string }>`
      UPDATE decisions d SET reasons = ${rebuilt(
        sql`d.reasons`,
        sql`jsonb_build_object('code', r.value->>'code', 'message', ${deleted})`,
      )}
      FROM applications a
      WHERE d.tenant_id = ${tenantId}::uuid AND a.tenant_id = d.tenant_id AND a.id = d.application_id
        AND a.party_id = ${partyId}::uuid RETURNING d.id`.execute(this.db());
    const proposals = await sql<{ id: string }>`
      UPDATE decision_proposals p SET reason = to_jsonb(${deleted}),
        resolution_reason = CASE WHEN resolution_reason IS NULL THEN NULL ELSE to_jsonb(${deleted}) END
      FROM applications a
      WHERE p.tenant_id = ${tenantId}::uuid AND a.tenant_id = p.tenant_id AND a.id = p.application_id
        AND a.party_id = ${partyId}::uuid RETURNING p.id`.execute(this.db());
    const actions = await sql<{ id: string }>`
      UPDATE measure_actions m SET matched_on = ${rebuilt(
        sql`m.matched_on`,
        sql`r.value || jsonb_build_object('value', ${deleted}, '$shredded', ${marker}::text)`,
      )}
      FROM accounts a
      WHERE m.tenant_id = ${tenantId}::uuid AND a.tenant_id = m.tenant_id AND a.id = m.account_id
        AND a.party_id = ${partyId}::uuid RETURNING m.id`.execute(this.db());
    await sql`
      UPDATE events e SET payload = jsonb_set(e.payload, '{reasons}',
        ${rebuilt(sql`e.payload->'reasons'`, sql`jsonb_build_object('code', r.value->>'code')`)})
      FROM applications a
      WHERE e.tenant_id = ${tenantId}::uuid AND e.type = 'decision.made' AND e.subject_type = 'application'
        AND a.tenant_id = e.tenant_id AND e.subject_id = a.id::text AND a.party_id = ${partyId}::uuid
        AND jsonb_typeof(e.payload->'reasons') = 'array'`.execute(this.db());
    return {
      decisions: decisions.rows.map((r) => r.id),
      decisionProposals: proposals.rows.map((r) => r.id),
      measureActions: actions.rows.map((r) => r.id),
    };
  }

  async insertCertificate(c: DeletionCertificateRecord): Promise<void> {
    await this.db()
      .insertInto('deletion_certificates')
      .values({
        id: c.id,
        tenant_id: c.tenantId,
        party_id: c.partyId,
        retention_end: c.retentionEnd,
        removed: JSON.stringify(c.removed),
        created_at: c.createdAt,
        created_by: c.createdBy,
      })
      .execute();
  }

  async getCertificate(tenantId: string, id: string): Promise<DeletionCertificateRecord | undefined> {
    const r = await this.db()
      .selectFrom('deletion_certificates')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        tenantId: r.tenant_id,
        partyId: r.party_id,
        retentionEnd: r.retention_end,
        removed: r.removed as Record<string, unknown>,
        createdAt: r.created_at,
        createdBy: r.created_by,
      }
    );
  }

  /**
   * Parties whose accounts are all closed, the newest closure before `closedBefore`, and whose data key
   * still exists: the only ones whose retention can have ended. Keyset by party id.
   */
  async shreddingCandidatesUnscoped(
    closedBefore: Date,
    afterPartyId: string | undefined,
    limit: number,
  ): Promise<Array<{ tenantId: string; partyId: string }>> {
    const { rows } = await sql<{ tenant_id: string; party_id: string }>`
      SELECT k.tenant_id, k.party_id FROM party_keys k
      WHERE k.wrapped_key IS NOT NULL ${afterPartyId === undefined ? sql`` : sql`AND k.party_id > ${afterPartyId}::uuid`}
        AND EXISTS (SELECT 1 FROM accounts a WHERE a.party_id = k.party_id)
        AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.party_id = k.party_id
          AND (a.closed_at IS NULL OR a.closed_at >= ${closedBefore}))
      ORDER BY k.party_id LIMIT ${limit}`.execute(this.db());
    return rows.map((r) => ({ tenantId: r.tenant_id, partyId: r.party_id }));
  }

  /** Every account whose customer is the party, closed ones included. */
  async accountsOf(tenantId: string, partyId: string): Promise<AccountRecord[]> {
    const rows = await this.db()
      .selectFrom('accounts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .orderBy('id')
      .execute();
    return rows.map(toAccount);
  }

  /** People linked to the entity (owners, signatories) who have no account and no link to another entity. */
  async linkedPeopleOnlyOf(tenantId: string, entityPartyId: string): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      SELECT DISTINCT l.person_party_id AS id FROM party_links l
      WHERE l.tenant_id = ${tenantId}::uuid AND l.entity_party_id = ${entityPartyId}::uuid
        AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.party_id = l.person_party_id)
        AND NOT EXISTS (SELECT 1 FROM party_links o WHERE o.person_party_id = l.person_party_id
          AND o.entity_party_id <> l.entity_party_id)`.execute(this.db());
    return rows.map((r) => r.id);
  }

  /** Versions stored before encryption existed (plain jsonb), oldest parties first. */
  async plaintextVersionsUnscoped(limit: number): Promise<PartyVersionRecord[]> {
    const rows = await this.db()
      .selectFrom('party_versions')
      .selectAll()
      .where(sql<boolean>`NOT (data ? '$sealed') AND NOT (data ? '$shredded')`)
      .orderBy('party_id')
      .orderBy('version')
      .limit(limit)
      .execute();
    return rows.map((r) => toVersion(r, r.data as Record<string, unknown>));
  }

  /** Seals one plaintext version in place (creating the party's key if it has none). */
  async sealPlaintextVersion(v: PartyVersionRecord, at: Date): Promise<void> {
    const key = await this.keyColumns(v.tenantId, v.partyId);
    let dataKey: Buffer;
    if (key.kek_id === null) {
      dataKey = await this.createKey(v.tenantId, v.partyId, at);
    } else {
      dataKey = this.cipher.dataKey(v.tenantId, v.partyId, key);
    }
    await this.db()
      .updateTable('party_versions')
      .set({
        data: JSON.stringify(this.cipher.sealVersion(dataKey, v.tenantId, v.partyId, v.version, v.data)),
      })
      .where('party_id', '=', v.partyId)
      .where('version', '=', v.version)
      .execute();
    await this.insertTerms(v.tenantId, v.partyId, v.data);
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
      .selectFrom('party_versions as v')
      .leftJoin('party_keys as k', 'k.party_id', 'v.party_id')
      .selectAll('v')
      .select(['k.kek_id', 'k.wrapped_key'])
      .where('v.tenant_id', '=', tenantId)
      .where('v.party_id', '=', id)
      .orderBy('v.version', 'desc')
      .execute();
    return rows.map((r) =>
      toVersion(r, this.cipher.openVersion(r.tenant_id, r.party_id, r.version, r.data, r)),
    );
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
        ended_at: link.endedAt,
      })
      // A person listed again by the entity's next application: their share as now declared.
      .onConflict((oc) =>
        oc.columns(['entity_party_id', 'person_party_id', 'role']).doUpdateSet({
          ownership_percent: link.ownershipPercent,
          control: link.control,
          ended_at: link.endedAt,
        }),
      )
      .execute();
  }

  async endLinks(
    tenantId: string,
    entityPartyId: string,
    role: PartyLinkRecord['role'],
    personPartyIds: readonly string[],
    at: Date,
  ): Promise<void> {
    if (personPartyIds.length === 0) return;
    await this.db()
      .updateTable('party_links')
      .set({ ended_at: at })
      .where('tenant_id', '=', tenantId)
      .where('entity_party_id', '=', entityPartyId)
      .where('role', '=', role)
      .where('person_party_id', 'in', personPartyIds)
      .where('ended_at', 'is', null)
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

  /** Draws the party's data key and stores it wrapped; returns the key itself for sealing. */
  private async createKey(tenantId: string, partyId: string, at: Date): Promise<Buffer> {
    const key = this.cipher.newPartyKey(tenantId, partyId);
    await this.db()
      .insertInto('party_keys')
      .values({
        party_id: partyId,
        tenant_id: tenantId,
        kek_id: key.kekId,
        wrapped_key: key.wrapped,
        created_at: at,
      })
      .execute();
    return key.dataKey;
  }

  private async insertVersion(v: PartyVersionRecord, dataKey: Buffer): Promise<void> {
    const sealed = this.cipher.sealVersion(dataKey, v.tenantId, v.partyId, v.version, v.data);
    await this.db()
      .insertInto('party_versions')
      .values({
        party_id: v.partyId,
        version: v.version,
        tenant_id: v.tenantId,
        data: JSON.stringify(sealed),
        created_at: v.createdAt,
        created_by: v.createdBy,
      })
      .execute();
    await this.insertTerms(v.tenantId, v.partyId, v.data);
  }

  private async insertTerms(tenantId: string, partyId: string, data: Record<string, unknown>): Promise<void> {
    const terms = this.cipher.searchTerms(tenantId, data);
    if (terms.length === 0) return;
    await this.db()
      .insertInto('party_search_terms')
      .values(terms.map((term) => ({ tenant_id: tenantId, term, party_id: partyId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

function toVersion(r: Selectable<PartyVersionsTable>, data: Record<string, unknown>): PartyVersionRecord {
  return {
    partyId: r.party_id,
    tenantId: r.tenant_id,
    version: r.version,
    data,
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
    endedAt: r.ended_at,
  };
}

/** Parties of the tenant having, for every one of `groups`, at least one of its terms; newest first. */
export async function findPartiesByTerms(
  db: DbHandle,
  tenantId: string,
  groups: readonly (readonly Buffer[])[],
  limit: number,
): Promise<string[]> {
  if (groups.length === 0 || groups.some((g) => g.length === 0)) return [];
  let q = db().selectFrom('parties as p').select('p.id').where('p.tenant_id', '=', tenantId);
  for (const group of groups) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('party_search_terms as t')
          .select(sql`1`.as('one'))
          .where('t.tenant_id', '=', tenantId)
          .whereRef('t.party_id', '=', 'p.id')
          .where('t.term', 'in', [...group]),
      ),
    );
  }
  const rows = await q.orderBy('p.created_at', 'desc').orderBy('p.id').limit(limit).execute();
  return rows.map((r) => r.id);
}
