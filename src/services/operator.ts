/**
 * Use cases for the operator at the machine (the `gatehouse` CLI with direct store access). They are
 * not tenant-scoped by a key; every change is still audited, as `cli:<os user>`.
 */
import { AppError } from '../errors.ts';
import type { TenantRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import type { Actor, ServiceDeps } from './context.ts';

export function operatorActor(tenantId: string, operator: string): Actor {
  return { tenantId, type: 'cli', id: operator, role: 'admin', requestId: null };
}

/** A further provider tenant, for a store that hosts several providers. */
export async function createProviderTenant(
  deps: ServiceDeps,
  operator: string,
  name: string,
): Promise<TenantRecord> {
  return deps.store.transaction(async () => {
    const tenant: TenantRecord = {
      id: deps.newId(),
      parentId: null,
      name,
      kind: 'provider',
      createdAt: deps.now(),
    };
    await deps.store.tenants.insert(tenant);
    await recordAudit(
      deps,
      operatorActor(tenant.id, operator),
      'tenant.created',
      { type: 'tenant', id: tenant.id },
      { kind: 'provider' },
    );
    return tenant;
  });
}

export function listAllTenants(deps: ServiceDeps): Promise<TenantRecord[]> {
  return deps.store.tenants.listAllUnscoped();
}

/** The tenant an operator command acts on: the one named, or the only provider. */
export async function resolveOperatorTenant(
  deps: ServiceDeps,
  tenantId: string | undefined,
): Promise<TenantRecord> {
  if (tenantId !== undefined) {
    const tenant = await deps.store.tenants.getUnscoped(tenantId);
    if (tenant === undefined)
      throw new AppError('TENANT_NOT_FOUND', `No tenant ${tenantId}.`, { field: 'option.tenant' });
    return tenant;
  }
  const [only, ...others] = await deps.store.tenants.listRootsUnscoped();
  if (only === undefined) {
    throw new AppError(
      'TENANT_NOT_FOUND',
      'The store has no tenant yet: start Gatehouse once (gatehouse serve) to create it.',
    );
  }
  if (others.length > 0) {
    throw new AppError(
      'TENANT_AMBIGUOUS',
      'The store has several provider tenants: name one with --tenant.',
      { field: 'option.tenant' },
    );
  }
  return only;
}
