import { sql, type Selectable } from 'kysely';
import { toPage, type Page, type PageRequest } from '../../domain/pagination/cursor.ts';
import type { ScreeningHitsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type { ScreenableParty, ScreeningHitRecord, ScreeningHitStore } from '../port.ts';
import { afterPosition, createdAfter, positionOf } from './keyset.ts';
import type { PartyCipher, PartyKeyColumns, RowOfParty } from '../party-cipher.ts';

/** A hit's explanation quotes the customer (name words, date of birth): sealed under the party's key. */
const EXPLANATION = 'screening-hit-explanation';
/** A reviewer's reason for a verdict is written about the customer: sealed the same way. */
const REVIEW_REASON = 'screening-hit-review-reason';
/** What a hit of a shredded party explains: nothing about the customer is left. */
const SHREDDED_EXPLANATION = { summary: '[deleted at the end of retention]', tokens: [], features: [] };
/** Why a hit of a shredded party was reviewed: the reviewer's words about the customer went with it. */
export const SHREDDED_REASON = '[deleted at the end of retention]';
/** The digest of the screened data (names, date of birth, countries, identifiers), keyed per party. */
const SUBJECT = 'screening-subject';

type HitRow = Selectable<ScreeningHitsTable> & PartyKeyColumns;

export class KyselyScreeningHitStore implements ScreeningHitStore {
  constructor(
    private readonly db: DbHandle,
    private readonly cipher: PartyCipher,
  ) {}

  private hits() {
    return this.db()
      .selectFrom('screening_hits')
      .leftJoin('party_keys as k', 'k.party_id', 'screening_hits.party_id')
      .selectAll('screening_hits')
      .select(['k.kek_id', 'k.wrapped_key']);
  }

  private toHit(r: HitRow): ScreeningHitRecord {
    const row = rowOf(r);
    const explanation = this.cipher.openForParty(EXPLANATION, row, r.explanation, r, SHREDDED_EXPLANATION);
    const reason =
      r.review_reason === null
        ? null
        : this.cipher.openTextForParty(REVIEW_REASON, row, r.review_reason, r, SHREDDED_REASON);
    return toHit(r, explanation, reason);
  }

  private keyOf(tenantId: string, partyId: string): Promise<PartyKeyColumns | undefined> {
    return this.db()
      .selectFrom('party_keys')
      .select(['kek_id', 'wrapped_key'])
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .executeTakeFirst();
  }

  async subjectHashOf(tenantId: string, partyId: string, digest: string): Promise<string> {
    return this.cipher.storedDigest(SUBJECT, tenantId, partyId, digest, await this.keyOf(tenantId, partyId));
  }

  async insertHit(h: ScreeningHitRecord, formerDigests: readonly string[] = []): Promise<boolean> {
    const key = await this.keyOf(h.tenantId, h.partyId);
    const keyed = (digest: string) => this.cipher.storedDigest(SUBJECT, h.tenantId, h.partyId, digest, key);
    const partyHash = keyed(h.partyHash);
    // Hits stored before the digest was keyed carry it plain, and those stored before 2026-12-02 the
    // digest of the data as typed: moved to this digest now, so that this hit, if raised before, still
    // meets its row (and its review) in the unique index instead of being raised again.
    const older = [
      ...new Set([h.partyHash, ...formerDigests, ...formerDigests.map(keyed)].filter((d) => d !== partyHash)),
    ];
    if (older.length > 0) {
      await sql`
        UPDATE screening_hits s SET party_hash = ${partyHash}
        WHERE s.tenant_id = ${h.tenantId}::uuid AND s.party_id = ${h.partyId}::uuid
          AND s.party_hash IN (${sql.join(older)})
          AND NOT EXISTS (SELECT 1 FROM screening_hits n WHERE n.party_id = s.party_id AND n.source = s.source
            AND n.entry_id = s.entry_id AND n.entry_hash = s.entry_hash AND n.party_hash = ${partyHash})`.execute(
        this.db(),
      );
    }
    const seal = (kind: string, value: unknown) => this.cipher.sealForParty(kind, h, value, key);
    const result = await this.db()
      .insertInto('screening_hits')
      .values({
        id: h.id,
        tenant_id: h.tenantId,
        party_id: h.partyId,
        party_version: h.partyVersion,
        party_hash: partyHash,
        source: h.source,
        entry_id: h.entryId,
        entry_hash: h.entryHash,
        list_version_id: h.listVersionId,
        matched_name: h.matchedName,
        score: h.score,
        band: h.band,
        explanation: seal(EXPLANATION, h.explanation),
        status: h.status,
        created_at: h.createdAt,
        reviewed_at: h.reviewedAt,
        reviewed_by: h.reviewedBy,
        review_reason: h.reviewReason === null ? null : seal(REVIEW_REASON, h.reviewReason),
      })
      .onConflict((oc) =>
        oc.columns(['party_id', 'source', 'entry_id', 'entry_hash', 'party_hash']).doNothing(),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async listHitsOfParty(tenantId: string, partyId: string): Promise<ScreeningHitRecord[]> {
    const rows = await this.hits()
      .where('screening_hits.tenant_id', '=', tenantId)
      .where('screening_hits.party_id', '=', partyId)
      .orderBy('screening_hits.created_at')
      .orderBy('screening_hits.id')
      .execute();
    return rows.map((r) => this.toHit(r));
  }

  async listHits(
    tenantId: string,
    status: ScreeningHitRecord['status'] | undefined,
    page: PageRequest,
  ): Promise<Page<ScreeningHitRecord>> {
    const after = afterPosition(page.after);
    let q = this.hits().where('screening_hits.tenant_id', '=', tenantId);
    if (status !== undefined) q = q.where('screening_hits.status', '=', status);
    if (after !== undefined) q = q.where(createdAfter(after, 'screening_hits'));
    const rows = await q
      .orderBy('screening_hits.created_at')
      .orderBy('screening_hits.id')
      .limit(page.limit + 1)
      .execute();
    return toPage(
      rows.map((r) => this.toHit(r)),
      page.limit,
      (h) => positionOf(h.createdAt, h.id),
    );
  }

  async getHit(tenantId: string, id: string): Promise<ScreeningHitRecord | undefined> {
    const row = await this.hits()
      .where('screening_hits.tenant_id', '=', tenantId)
      .where('screening_hits.id', '=', id)
      .executeTakeFirst();
    return row && this.toHit(row);
  }

  async reviewHit(
    tenantId: string,
    id: string,
    review: { status: 'true_match' | 'false_positive'; reviewedBy: string; reason: string; at: Date },
  ): Promise<boolean> {
    const hit = await this.db()
      .selectFrom('screening_hits')
      .select('party_id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (hit === undefined) return false;
    const key = await this.keyOf(tenantId, hit.party_id);
    const row = { tenantId, partyId: hit.party_id, id };
    const reason = this.cipher.sealForParty(REVIEW_REASON, row, review.reason, key);
    const result = await this.db()
      .updateTable('screening_hits')
      .set({
        status: review.status,
        reviewed_by: review.reviewedBy,
        review_reason: reason,
        reviewed_at: review.at,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async sealPlaintextUnscoped(limit: number): Promise<number> {
    const rows = await this.hits()
      .where('k.wrapped_key', 'is not', null)
      .where(
        sql<boolean>`(NOT (screening_hits.explanation ? '$sealed') AND NOT (screening_hits.explanation ? '$shredded'))
          OR jsonb_typeof(screening_hits.review_reason) = 'string'`,
      )
      .orderBy('screening_hits.id')
      .limit(limit)
      .execute();
    for (const r of rows) {
      const hit = this.toHit(r);
      const seal = (kind: string, value: unknown) => this.cipher.sealForParty(kind, rowOf(r), value, r);
      await this.db()
        .updateTable('screening_hits')
        .set({
          explanation: seal(EXPLANATION, hit.explanation),
          review_reason: hit.reviewReason === null ? null : seal(REVIEW_REASON, hit.reviewReason),
        })
        .where('id', '=', r.id)
        .execute();
    }
    return rows.length;
  }

  async partyIdsUnscoped(after: string | undefined, limit: number): Promise<string[]> {
    let q = this.db().selectFrom('parties').select('id');
    if (after !== undefined) q = q.where('id', '>', after);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  async partiesForScreeningUnscoped(after: string | undefined, limit: number): Promise<ScreenableParty[]> {
    let q = this.db()
      .selectFrom('parties as p')
      .innerJoin('party_versions as pv', (j) =>
        j.onRef('pv.party_id', '=', 'p.id').onRef('pv.version', '=', 'p.current_version'),
      )
      .leftJoin('party_keys as k', 'k.party_id', 'p.id')
      .select(['p.tenant_id', 'p.id', 'p.current_version', 'p.type', 'pv.data', 'k.kek_id', 'k.wrapped_key'])
      // Shredded parties (data key destroyed) have nothing left to screen.
      .where((eb) => eb.or([eb('k.party_id', 'is', null), eb('k.wrapped_key', 'is not', null)]));
    if (after !== undefined) q = q.where('p.id', '>', after);
    const rows = await q.orderBy('p.id').limit(limit).execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      partyId: r.id,
      version: r.current_version,
      type: r.type,
      // Excluded above when shredded, so undefined means KEY_UNAVAILABLE.
      data: this.cipher.openVersionOrSkip(r.tenant_id, r.id, r.current_version, r.data, r),
    }));
  }
}

function rowOf(r: HitRow): RowOfParty {
  return { tenantId: r.tenant_id, partyId: r.party_id, id: r.id };
}

/** A stored hit with its explanation and reason opened. */
function toHit(
  r: Selectable<ScreeningHitsTable>,
  explanation: unknown,
  reviewReason: string | null,
): ScreeningHitRecord {
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
    explanation,
    status: r.status as ScreeningHitRecord['status'],
    createdAt: r.created_at,
    reviewedAt: r.reviewed_at,
    reviewedBy: r.reviewed_by,
    reviewReason,
  };
}
