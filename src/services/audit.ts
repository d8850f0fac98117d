import type { Page, PageRequest } from '../domain/pagination/cursor.ts';
import type { AuditEventRecord, AuditQuery } from '../storage/port.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

export interface AuditTarget {
  type: string;
  id: string;
}

/**
 * Writes the audit record of a state change. Call it inside the transaction of the change, so the
 * change and its record commit together or not at all. `details` must hold no personal data.
 */
export async function recordAudit(
  deps: ServiceDeps,
  actor: Actor,
  action: string,
  target: AuditTarget,
  details: Record<string, unknown> = {},
  tenantId: string = actor.tenantId,
): Promise<void> {
  await deps.store.audit.append({
    id: deps.newId(),
    tenantId,
    actorType: actor.type,
    actorId: actor.id,
    action,
    targetType: target.type,
    targetId: target.id,
    requestId: actor.requestId,
    occurredAt: deps.now(),
    details,
  });
}

export class AuditService {
  constructor(private readonly deps: ServiceDeps) {}

  listEvents(actor: Actor, query: AuditQuery, page: PageRequest): Promise<Page<AuditEventRecord>> {
    requirePermission(actor, 'audit:read');
    return this.deps.store.audit.list(actor.tenantId, query, page);
  }
}
