/**
 * Presenters list exactly which fields leave the server. A new column in the store does not reach
 * clients until it is added here (and to the schema beside it).
 */
import { z } from 'zod';
import { ROLES } from '../domain/access/roles.ts';
import type { ApiKeyRecord, AuditEventRecord, TenantRecord } from '../storage/port.ts';
import { isoDate } from './schemas.ts';

export const TenantSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  kind: z.enum(['provider', 'reseller']),
  createdAt: z.iso.datetime(),
});

export function presentTenant(t: TenantRecord): z.infer<typeof TenantSchema> {
  return { id: t.id, parentId: t.parentId, name: t.name, kind: t.kind, createdAt: t.createdAt.toISOString() };
}

export const ApiKeySchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  role: z.enum(ROLES),
  name: z.string(),
  prefix: z.string().describe('The public start of the key, to recognise it; not enough to use it.'),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable().describe('Updated at most once a minute.'),
});

export function presentApiKey(k: ApiKeyRecord): z.infer<typeof ApiKeySchema> {
  return {
    id: k.id,
    tenantId: k.tenantId,
    role: k.role,
    name: k.name,
    prefix: `gth_${k.lookupId}`,
    createdAt: k.createdAt.toISOString(),
    createdBy: k.createdBy,
    revokedAt: isoDate(k.revokedAt),
    lastUsedAt: isoDate(k.lastUsedAt),
  };
}

export const AuditEventSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  actor: z.object({ type: z.enum(['api_key', 'cli', 'system', 'user']), id: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }),
  requestId: z.string().nullable(),
  occurredAt: z.iso.datetime(),
  details: z.record(z.string(), z.unknown()),
});

export function presentAuditEvent(e: AuditEventRecord): z.infer<typeof AuditEventSchema> {
  return {
    id: e.id,
    tenantId: e.tenantId,
    actor: { type: e.actorType, id: e.actorId },
    action: e.action,
    target: { type: e.targetType, id: e.targetId },
    requestId: e.requestId,
    occurredAt: e.occurredAt.toISOString(),
    details: e.details,
  };
}
