import { sql, type Selectable } from 'kysely';
import { toPage, type Page, type PageRequest } from '../../domain/pagination/cursor.ts';
import type { EventsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type {
  ClaimedDelivery,
  DeliveryOutcome,
  EventRecord,
  EventStore,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
} from '../port.ts';
import { afterPosition, createdAfter, positionOf } from './keyset.ts';

/** The event outbox, the tenants' webhook endpoints and the deliveries of events to them. */
export class KyselyEventStore implements EventStore {
  constructor(private readonly db: DbHandle) {}

  async insert(e: EventRecord): Promise<void> {
    await this.db()
      .insertInto('events')
      .values({
        id: e.id,
        tenant_id: e.tenantId,
        type: e.type,
        subject_type: e.subjectType,
        subject_id: e.subjectId,
        payload: JSON.stringify(e.payload),
        created_at: e.createdAt,
      })
      .execute();
  }

  async list(tenantId: string, page: PageRequest): Promise<Page<EventRecord>> {
    const after = afterPosition(page.after);
    let q = this.db().selectFrom('events').selectAll().where('tenant_id', '=', tenantId);
    if (after !== undefined) q = q.where(createdAfter(after));
    const rows = await q
      .orderBy('created_at')
      .orderBy('id')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toEvent), page.limit, (e) => positionOf(e.createdAt, e.id));
  }

  async insertEndpoint(w: WebhookEndpointRecord): Promise<void> {
    await this.db()
      .insertInto('webhook_endpoints')
      .values({
        id: w.id,
        tenant_id: w.tenantId,
        url: w.url,
        event_types: JSON.stringify(w.eventTypes),
        secret: w.secret,
        status: w.status,
        created_at: w.createdAt,
        created_by: w.createdBy,
      })
      .execute();
  }

  async listEndpoints(tenantId: string): Promise<WebhookEndpointRecord[]> {
    const rows = await this.db()
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toEndpoint);
  }

  async getEndpoint(tenantId: string, id: string): Promise<WebhookEndpointRecord | undefined> {
    const row = await this.db()
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toEndpoint(row);
  }

  async setEndpointStatus(
    tenantId: string,
    id: string,
    status: WebhookEndpointRecord['status'],
  ): Promise<boolean> {
    const result = await this.db()
      .updateTable('webhook_endpoints')
      .set({ status })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async insertDelivery(d: WebhookDeliveryRecord): Promise<void> {
    await this.db()
      .insertInto('webhook_deliveries')
      .values({
        id: d.id,
        tenant_id: d.tenantId,
        endpoint_id: d.endpointId,
        event_id: d.eventId,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: d.nextAttemptAt,
        last_attempt_at: d.lastAttemptAt,
        last_status: d.lastStatus,
        last_error: d.lastError,
        created_at: d.createdAt,
      })
      .execute();
  }

  async listDeliveries(
    tenantId: string,
    endpointId: string,
    limit: number,
  ): Promise<WebhookDeliveryRecord[]> {
    const rows = await this.db()
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('endpoint_id', '=', endpointId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async claimDueDeliveriesUnscoped(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    // One statement: pick due rows (skipping those another worker holds) and lease them.
    const claimed = await sql<Selectable<WebhookDeliveriesTable>>`
      UPDATE webhook_deliveries SET next_attempt_at = ${leaseUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(this.db());
    if (claimed.rows.length === 0) return [];
    const deliveries = claimed.rows.map(toDelivery);
    const endpoints = await this.db()
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', 'in', [...new Set(deliveries.map((d) => d.endpointId))])
      .execute();
    const events = await this.db()
      .selectFrom('events')
      .selectAll()
      .where(
        'id',
        'in',
        deliveries.map((d) => d.eventId),
      )
      .execute();
    const endpointById = new Map(endpoints.map((r) => [r.id, toEndpoint(r)]));
    const eventById = new Map(events.map((r) => [r.id, toEvent(r)]));
    return deliveries.flatMap((delivery) => {
      const endpoint = endpointById.get(delivery.endpointId);
      const event = eventById.get(delivery.eventId);
      return endpoint === undefined || event === undefined ? [] : [{ delivery, endpoint, event }];
    });
  }

  async recordDeliveryOutcome(id: string, o: DeliveryOutcome): Promise<void> {
    await this.db()
      .updateTable('webhook_deliveries')
      .set({
        status: o.status,
        next_attempt_at: o.nextAttemptAt,
        last_attempt_at: o.lastAttemptAt,
        last_status: o.lastStatus,
        last_error: o.lastError,
      })
      .where('id', '=', id)
      .execute();
  }
}

function toEvent(r: Selectable<EventsTable>): EventRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    type: r.type,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    payload: r.payload as Record<string, unknown>,
    createdAt: r.created_at,
  };
}

function toEndpoint(r: Selectable<WebhookEndpointsTable>): WebhookEndpointRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    url: r.url,
    eventTypes: r.event_types as string[],
    secret: r.secret,
    status: r.status as WebhookEndpointRecord['status'],
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function toDelivery(r: Selectable<WebhookDeliveriesTable>): WebhookDeliveryRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    status: r.status as WebhookDeliveryRecord['status'],
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at === null ? null : new Date(r.next_attempt_at),
    lastAttemptAt: r.last_attempt_at === null ? null : new Date(r.last_attempt_at),
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
  };
}
