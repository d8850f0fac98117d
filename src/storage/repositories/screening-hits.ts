import type { Selectable } from 'kysely';
import { toPage, type Page, type PageRequest } from '../../domain/pagination/cursor.ts';
import type { ScreeningHitsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type { ScreeningHitRecord, ScreeningHitStore } from '../port.ts';
import { afterPosition, createdAfter, positionOf } from './keyset.ts';

export class KyselyScreeningHitStore implements ScreeningHitStore {
  constructor(private readonly db: DbHandle) {}

  async insertHit(h: ScreeningHitRecord): Promise<boolean> {
    const result = await this.db()
      .insertInto('screening_hits')
      .values({
        id: h.id,
        tenant_id: h.tenantId,
        party_id: h.partyId,
        party_version: h.partyVersion,
        party_hash: h.partyHash,
        source: h.source,
        entry_id: h.entryId,
        entry_hash: h.entryHash,
        list_version_id: h.listVersionId,
        matched_name: h.matchedName,
        score: h.score,
        band: h.band,
        explanation: JSON.stringify(h.explanation),
        status: h.status,
        created_at: h.createdAt,
        reviewed_at: h.reviewedAt,
        reviewed_by: h.reviewedBy,
        review_reason: h.reviewReason,
      })
      .onConflict((oc) =>
        oc.columns(['party_id', 'source', 'entry_id', 'entry_hash', 'party_hash']).doNothing(),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async listHitsOfParty(tenantId: string, partyId: string): Promise<ScreeningHitRecord[]> {
    const rows = await this.db()
      .selectFrom('screening_hits')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toHit);
  }

  async listHits(
    tenantId: string,
    status: ScreeningHitRecord['status'] | undefined,
    page: PageRequest,
  ): Promise<Page<ScreeningHitRecord>> {
    const after = afterPosition(page.after);
    let q = this.db().selectFrom('screening_hits').selectAll().where('tenant_id', '=', tenantId);
    if (status !== undefined) q = q.where('status', '=', status);
    if (after !== undefined) q = q.where(createdAfter(after));
    const rows = await q
      .orderBy('created_at')
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toHit), page.limit, (h) => positionOf(h.createdAt, h.id));
  }

  async getHit(tenantId: string, id: string): Promise<ScreeningHitRecord | undefined> {
    const row = await this.db()
      .selectFrom('screening_hits')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toHit(row);
  }

  async reviewHit(
    tenantId: string,
    id: string,
    review: { status: 'true_match' | 'false_positive'; reviewedBy: string; reason: string; at: Date },
  ): Promise<boolean> {
    const result = await this.db()
      .updateTable('screening_hits')
      .set({
        status: review.status,
        reviewed_by: review.reviewedBy,
        review_reason: review.reason,
        reviewed_at: review.at,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async partyIdsUnscoped(after: string | undefined, limit: number): Promise<string[]> {
    let q = this.db().selectFrom('parties').select('id');
    if (after !== undefined) q = q.where('id', '>', after);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  async partiesForScreeningUnscoped(
    after: string | undefined,
    limit: number,
  ): Promise<
    Array<{ tenantId: string; partyId: string; version: number; type: string; data: Record<string, unknown> }>
  > {
    let q = this.db()
      .selectFrom('parties as p')
      .innerJoin('party_versions as pv', (j) =>
        j.onRef('pv.party_id', '=', 'p.id').onRef('pv.version', '=', 'p.current_version'),
      )
      .select(['p.tenant_id', 'p.id', 'p.current_version', 'p.type', 'pv.data']);
    if (after !== undefined) q = q.where('p.id', '>', after);
    const rows = await q.orderBy('p.id').limit(limit).execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      partyId: r.id,
      version: r.current_version,
      type: r.type,
      data: r.data as Record<string, unknown>,
    }));
  }
}

function toHit(r: Selectable<ScreeningHitsTable>): ScreeningHitRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    partyId: r.party_id,
    partyVersion: r.party_version,
    partyHash: r.party_hash,
    source: r.source,
    entryId: r.entry_id,
    entryHash: r.entry_hash,
    listVersionId: r.list_version_id,
    matchedName: r.matched_name,
    score: Number(r.score),
    band: r.band as ScreeningHitRecord['band'],
    explanation: r.explanation,
    status: r.status as ScreeningHitRecord['status'],
    createdAt: r.created_at,
    reviewedAt: r.reviewed_at,
    reviewedBy: r.reviewed_by,
    reviewReason: r.review_reason,
  };
}
