/**
 * Events and webhooks. `emitEvent` writes the event and one delivery per subscribed endpoint inside
 * the caller's transaction (an outbox): an event exists exactly when its change committed, and a
 * crash between commit and sending loses nothing, because delivery is a separate, retried step.
 */
import { endpointWants, isEventType, type EventType } from '../domain/webhooks/events.ts';
import { isDelivered, nextAttemptAt } from '../domain/webhooks/retry.ts';
import { formatSecret, signWebhook } from '../domain/webhooks/signature.ts';
import { checkWebhookUrl } from '../domain/webhooks/url.ts';
import type { Page, PageRequest } from '../domain/pagination/cursor.ts';
import { AppError } from '../errors.ts';
import type {
  ClaimedDelivery,
  EventRecord,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
} from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

/** Sends one signed delivery; the default uses fetch, tests use a real local HTTP server. */
export interface WebhookTransport {
  post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number }>;
}

export async function emitEvent(
  deps: ServiceDeps,
  tenantId: string,
  type: EventType,
  subject: { type: string; id: string },
  payload: Record<string, unknown>,
): Promise<EventRecord> {
  const now = deps.now();
  const event: EventRecord = {
    id: deps.newId(),
    tenantId,
    type,
    subjectType: subject.type,
    subjectId: subject.id,
    payload,
    createdAt: now,
  };
  await deps.store.events.insert(event);
  for (const endpoint of await deps.store.events.listEndpoints(tenantId)) {
    if (endpoint.status !== 'active' || !endpointWants(endpoint.eventTypes, type)) continue;
    await deps.store.events.insertDelivery({
      id: deps.newId(),
      tenantId,
      endpointId: endpoint.id,
      eventId: event.id,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastAttemptAt: null,
      lastStatus: null,
      lastError: null,
      createdAt: now,
    });
  }
  return event;
}

/** The JSON a receiver gets: the event envelope, stable across retries. */
export function deliveryBody(event: EventRecord): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    subject: { type: event.subjectType, id: event.subjectId },
    data: event.payload,
  });
}

export interface WebhookOptions {
  /** Development and tests: allow http and private addresses (see domain/webhooks/url.ts). */
  allowInsecureUrls: boolean;
  transport: WebhookTransport;
  /** How long a claimed delivery is held before another worker may retry it. */
  leaseMs: number;
}

export class WebhookService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly options: WebhookOptions,
  ) {}

  /** The secret is returned here once; later reads never show it. */
  async createEndpoint(
    actor: Actor,
    input: { url: string; eventTypes: string[] },
  ): Promise<{ endpoint: WebhookEndpointRecord; secret: string }> {
    requirePermission(actor, 'webhooks:manage');
    const url = checkWebhookUrl(input.url, this.options.allowInsecureUrls);
    if (!url.ok) throw new AppError('VALIDATION_FAILED', `url ${url.message}.`, { field: 'body.url' });
    const unknown = input.eventTypes.find((t) => !isEventType(t));
    if (unknown !== undefined) {
      throw new AppError('VALIDATION_FAILED', `Unknown event type '${unknown}'.`, {
        field: 'body.eventTypes',
      });
    }
    const secret = formatSecret(this.deps.randomBytes(24));
    const endpoint: WebhookEndpointRecord = {
      id: this.deps.newId(),
      tenantId: actor.tenantId,
      url: url.url,
      eventTypes: [...new Set(input.eventTypes)],
      secret,
      status: 'active',
      createdAt: this.deps.now(),
      createdBy: `${actor.type}:${actor.id}`,
    };
    await this.deps.store.transaction(async () => {
      await this.deps.store.events.insertEndpoint(endpoint);
      await recordAudit(this.deps, actor, 'webhook.created', { type: 'webhook', id: endpoint.id }, {});
    });
    return { endpoint, secret };
  }

  async listEndpoints(actor: Actor): Promise<WebhookEndpointRecord[]> {
    requirePermission(actor, 'webhooks:manage');
    return this.deps.store.events.listEndpoints(actor.tenantId);
  }

  async disableEndpoint(actor: Actor, id: string): Promise<WebhookEndpointRecord> {
    requirePermission(actor, 'webhooks:manage');
    return this.deps.store.transaction(async () => {
      const updated = await this.deps.store.events.setEndpointStatus(actor.tenantId, id, 'disabled');
      if (!updated)
        throw new AppError('WEBHOOK_NOT_FOUND', 'No such webhook endpoint.', { field: 'path.id' });
      await recordAudit(this.deps, actor, 'webhook.disabled', { type: 'webhook', id }, {});
      return (await this.deps.store.events.getEndpoint(actor.tenantId, id))!;
    });
  }

  async listDeliveries(actor: Actor, endpointId: string): Promise<WebhookDeliveryRecord[]> {
    requirePermission(actor, 'webhooks:manage');
    const endpoint = await this.deps.store.events.getEndpoint(actor.tenantId, endpointId);
    if (endpoint === undefined)
      throw new AppError('WEBHOOK_NOT_FOUND', 'No such webhook endpoint.', { field: 'path.id' });
    return this.deps.store.events.listDeliveries(actor.tenantId, endpointId, 100);
  }

  async listEvents(actor: Actor, page: PageRequest): Promise<Page<EventRecord>> {
    requirePermission(actor, 'applications:read');
    return this.deps.store.events.list(actor.tenantId, page);
  }

  /**
   * One pass of the delivery worker: claims due deliveries (any tenant), sends each signed, and
   * records the outcome with the next attempt's time. Returns how many were attempted.
   */
  async deliverDue(limit = 50): Promise<{ attempted: number; delivered: number }> {
    const now = this.deps.now();
    const claimed = await this.deps.store.transaction(() =>
      this.deps.store.events.claimDueDeliveriesUnscoped(
        now,
        new Date(now.getTime() + this.options.leaseMs),
        limit,
      ),
    );
    let delivered = 0;
    for (const item of claimed) if (await this.attempt(item)) delivered += 1;
    return { attempted: claimed.length, delivered };
  }

  private async attempt({ delivery, endpoint, event }: ClaimedDelivery): Promise<boolean> {
    const body = deliveryBody(event);
    const at = this.deps.now();
    const headers = {
      'content-type': 'application/json',
      ...signWebhook(endpoint.secret, event.id, at, body),
    };
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = (await this.options.transport.post(endpoint.url, headers, body)).status;
    } catch (cause) {
      error = cause instanceof Error ? cause.message.slice(0, 300) : 'request failed';
    }
    const ok = isDelivered(status);
    const next = ok || endpoint.status !== 'active' ? null : nextAttemptAt(delivery.attempts, at);
    await this.deps.store.events.recordDeliveryOutcome(delivery.id, {
      status: ok ? 'delivered' : next === null ? 'failed' : 'pending',
      nextAttemptAt: next,
      lastAttemptAt: at,
      lastStatus: status,
      lastError: ok ? null : (error ?? `HTTP ${status}`),
    });
    return ok;
  }
}
