import type { Selectable } from 'kysely';
import { toPage, type Page, type PageRequest } from '../../domain/pagination/cursor.ts';
import { AppError } from '../../errors.ts';
import type { ActorType, AuditEventInput, AuditEventRecord, AuditQuery, AuditStore } from '../port.ts';
import type { AuditEventsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';

export class KyselyAuditStore implements AuditStore {
  constructor(private readonly db: DbHandle) {}

  async append(event: AuditEventInput): Promise<AuditEventRecord> {
    const row = await this.db()
      .insertInto('audit_events')
      .values({
        id: event.id,
        tenant_id: event.tenantId,
        actor_type: event.actorType,
        actor_id: event.actorId,
        action: event.action,
        target_type: event.targetType,
        target_id: event.targetId,
        request_id: event.requestId,
        occurred_at: event.occurredAt,
        details: JSON.stringify(event.details),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAuditEvent(row);
  }

  /** Newest first; the position is the sequence number of the last event returned. */
  async list(tenantId: string, query: AuditQuery, page: PageRequest): Promise<Page<AuditEventRecord>> {
    let q = this.db().selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId);
    if (page.after !== undefined) q = q.where('seq', '<', parseSequence(page.after));
    if (query.action !== undefined) q = q.where('action', '=', query.action);
    if (query.from !== undefined) q = q.where('occurred_at', '>=', query.from);
    if (query.to !== undefined) q = q.where('occurred_at', '<', query.to);
    const rows = await q
      .orderBy('seq', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toAuditEvent), page.limit, (e) => String(e.seq));
  }
}

function parseSequence(position: string): number {
  if (!/^\d{1,15}$/.test(position)) {
    throw new AppError('INVALID_CURSOR', 'The cursor does not belong to this list.', {
      field: 'query.cursor',
    });
  }
  return Number(position);
}

function toAuditEvent(row: Selectable<AuditEventsTable>): AuditEventRecord {
  return {
    id: row.id,
    seq: row.seq,
    tenantId: row.tenant_id,
    actorType: row.actor_type as ActorType,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    requestId: row.request_id,
    occurredAt: row.occurred_at,
    details: row.details,
  };
}
