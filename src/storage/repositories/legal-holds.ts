/**
 * Legal holds (migration 0012). Rows are never deleted; `release` is the one update a hold gets, and
 * the table's trigger refuses any other. "Covering" follows the party–account link both ways: a hold
 * on a party holds each of its accounts, and a hold on an account holds its party (whose records the
 * account's records refer to).
 */
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import { toPage, type Page, type PageRequest } from '../../domain/pagination/cursor.ts';
import type { LegalHoldsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type {
  LegalHoldQuery,
  LegalHoldRecord,
  LegalHoldStore,
  LegalHoldSubject,
  LegalHoldSubjectType,
} from '../port.ts';
import { afterPosition, positionOf } from './keyset.ts';

export class KyselyLegalHoldStore implements LegalHoldStore {
  constructor(private readonly db: DbHandle) {}

  async insert(hold: LegalHoldRecord): Promise<void> {
    await this.db()
      .insertInto('legal_holds')
      .values({
        id: hold.id,
        tenant_id: hold.tenantId,
        subject_type: hold.subject.type,
        subject_id: hold.subject.id,
        reason: hold.reason,
        set_by: hold.setBy,
        set_at: hold.setAt,
        released_by: hold.releasedBy,
        released_at: hold.releasedAt,
        release_reason: hold.releaseReason,
      })
      .execute();
  }

  async get(tenantId: string, id: string): Promise<LegalHoldRecord | undefined> {
    const row = await this.db()
      .selectFrom('legal_holds')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toLegalHold(row);
  }

  async release(
    tenantId: string,
    id: string,
    release: { by: string; at: Date; reason: string },
  ): Promise<boolean> {
    const result = await this.db()
      .updateTable('legal_holds')
      .set({ released_by: release.by, released_at: release.at, release_reason: release.reason })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async list(tenantId: string, query: LegalHoldQuery, page: PageRequest): Promise<Page<LegalHoldRecord>> {
    const after = afterPosition(page.after);
    const rows = await this.db()
      .selectFrom('legal_holds')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .$if(query.active !== undefined, (q) =>
        q.where('released_at', query.active === true ? 'is' : 'is not', null),
      )
      .$if(query.covering !== undefined, (q) =>
        q.where(covering(tenantId, query.covering as LegalHoldSubject)),
      )
      .$if(after !== undefined, (q) =>
        q.where(sql<SqlBool>`(set_at, id) < (${after?.at}, ${after?.id}::uuid)`),
      )
      .orderBy('set_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toLegalHold), page.limit, (h) => positionOf(h.setAt, h.id));
  }

  async isCovered(tenantId: string, subject: LegalHoldSubject): Promise<boolean> {
    const row = await this.db()
      .selectFrom('legal_holds')
      .select(sql`1`.as('one'))
      .where('tenant_id', '=', tenantId)
      .where('released_at', 'is', null)
      .where(covering(tenantId, subject))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}

/** Holds on the subject itself, and across the party–account link (see the file comment). */
function covering(tenantId: string, subject: LegalHoldSubject): Expression<SqlBool> {
  if (subject.type === 'account') {
    return sql<SqlBool>`(
      (subject_type = 'account' AND subject_id = ${subject.id}::uuid)
      OR (subject_type = 'party' AND subject_id IN (
        SELECT party_id FROM accounts WHERE tenant_id = ${tenantId}::uuid AND id = ${subject.id}::uuid)))`;
  }
  return sql<SqlBool>`(
    (subject_type = 'party' AND subject_id = ${subject.id}::uuid)
    OR (subject_type = 'account' AND subject_id IN (
      SELECT id FROM accounts WHERE tenant_id = ${tenantId}::uuid AND party_id = ${subject.id}::uuid)))`;
}

function toLegalHold(row: Selectable<LegalHoldsTable>): LegalHoldRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    subject: { type: row.subject_type as LegalHoldSubjectType, id: row.subject_id },
    reason: row.reason,
    setBy: row.set_by,
    setAt: row.set_at,
    releasedBy: row.released_by,
    releasedAt: row.released_at,
    releaseReason: row.release_reason,
  };
}
