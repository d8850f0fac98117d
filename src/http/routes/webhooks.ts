import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_TYPES } from '../../domain/webhooks/events.ts';
import type { Services } from '../../services/index.ts';
import type { EventRecord, WebhookDeliveryRecord, WebhookEndpointRecord } from '../../storage/port.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import {
  IdempotencyHeadersSchema,
  IdParamsSchema,
  isoDate,
  pageRequestFrom,
  PageQuerySchema,
  pageSchema,
} from '../schemas.ts';

const EndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  eventTypes: z.array(z.string()).describe('Empty: every event type.'),
  status: z.enum(['active', 'disabled']),
  createdAt: z.iso.datetime(),
});

const DeliverySchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  lastStatus: z.number().int().nullable().describe('HTTP status of the last answer; null if none came.'),
  lastError: z.string().nullable(),
});

const EventSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
});

const presentEndpoint = (w: WebhookEndpointRecord): z.infer<typeof EndpointSchema> => ({
  id: w.id,
  url: w.url,
  eventTypes: w.eventTypes,
  status: w.status,
  createdAt: w.createdAt.toISOString(),
});

const presentDelivery = (d: WebhookDeliveryRecord): z.infer<typeof DeliverySchema> => ({
  id: d.id,
  eventId: d.eventId,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: isoDate(d.nextAttemptAt),
  lastAttemptAt: isoDate(d.lastAttemptAt),
  lastStatus: d.lastStatus,
  lastError: d.lastError,
});

const presentEvent = (e: EventRecord): z.infer<typeof EventSchema> => ({
  id: e.id,
  type: e.type,
  subject: { type: e.subjectType, id: e.subjectId },
  data: e.payload,
  createdAt: e.createdAt.toISOString(),
});

export function registerWebhookRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearerAuth: [] }];
  r.post(
    '/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Register a webhook endpoint (admin). The signing secret is returned once, here.',
        description:
          'Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>` over `id.timestamp.body`) and retried with back-off for about 1.5 days. See docs/webhooks.md.',
        security,
        headers: IdempotencyHeadersSchema,
        body: z.strictObject({
          url: z.string().min(1).max(2000).describe('https, public host (see docs/webhooks.md).'),
          eventTypes: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).default([]),
        }),
        response: {
          201: EndpointSchema.extend({ secret: z.string().describe('`whsec_…`; shown only now.') }),
        },
      },
    },
    (request, reply) =>
      replyCreated(services, request, reply, async () => {
        const { endpoint, secret } = await services.webhooks.createEndpoint(actorOf(request), request.body);
        return { ...presentEndpoint(endpoint), secret };
      }),
  );
  r.get(
    '/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'The tenant’s webhook endpoints (secrets are never shown again).',
        security,
        response: { 200: z.object({ items: z.array(EndpointSchema) }) },
      },
    },
    async (request) => ({
      items: (await services.webhooks.listEndpoints(actorOf(request))).map(presentEndpoint),
    }),
  );
  r.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Disable an endpoint: nothing more is delivered to it; its history stays.',
        security,
        params: IdParamsSchema,
        response: { 200: EndpointSchema },
      },
    },
    async (request) =>
      presentEndpoint(await services.webhooks.disableEndpoint(actorOf(request), request.params.id)),
  );
  r.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'The latest 100 deliveries to an endpoint, with attempts and the last answer.',
        security,
        params: IdParamsSchema,
        response: { 200: z.object({ items: z.array(DeliverySchema) }) },
      },
    },
    async (request) => ({
      items: (await services.webhooks.listDeliveries(actorOf(request), request.params.id)).map(
        presentDelivery,
      ),
    }),
  );
  r.get(
    '/v1/events',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          'Every event the tenant was sent (or would be), oldest first; the same envelope as a delivery.',
        security,
        querystring: PageQuerySchema,
        response: { 200: pageSchema(EventSchema) },
      },
    },
    async (request) => {
      const page = await services.webhooks.listEvents(actorOf(request), pageRequestFrom(request.query));
      return { items: page.items.map(presentEvent), nextCursor: page.nextCursor };
    },
  );
}
