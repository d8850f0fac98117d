import type { TenantRecord } from '../storage/port.ts';
import { ApiKeyService } from './api-keys.ts';
import { ConsoleUserService } from './console-users.ts';
import { recordAudit } from './audit.ts';
import type { Actor, ServiceDeps } from './context.ts';

export interface BootstrapResult {
  tenant: TenantRecord;
  /** Set only when this call created the provider: the first admin key, to be shown once. */
  adminKey: string | undefined;
  /** Set only when this call created the provider and was asked to: the first console admin, shown once. */
  consoleAdmin?: { email: string; password: string } | undefined;
}

/** The first console admin's email; another admin can add users under real addresses. */
export const FIRST_CONSOLE_ADMIN_EMAIL = 'admin@localhost';

/**
 * On the first start of an empty store, creates the provider tenant and its first admin key. Several
 * API nodes may start at once against one PostgreSQL: a transaction-scoped advisory lock makes exactly
 * one of them create it.
 */
export async function bootstrapProvider(
  deps: ServiceDeps,
  providerName: string,
  options: { consoleAdmin?: boolean } = {},
): Promise<BootstrapResult> {
  const { store } = deps;
  return store.transaction(async () => {
    await store.lockForTransaction('gatehouse:bootstrap');
    const [existing] = await store.tenants.listRootsUnscoped();
    if (existing !== undefined) return { tenant: existing, adminKey: undefined };
    const tenant: TenantRecord = {
      id: deps.newId(),
      parentId: null,
      name: providerName,
      kind: 'provider',
      createdAt: deps.now(),
    };
    await store.tenants.insert(tenant);
    const system: Actor = {
      tenantId: tenant.id,
      type: 'system',
      id: 'bootstrap',
      role: 'admin',
      requestId: null,
    };
    await recordAudit(
      deps,
      system,
      'tenant.created',
      { type: 'tenant', id: tenant.id },
      { kind: 'provider' },
    );
    const created = await new ApiKeyService(deps).createKey(system, {
      role: 'admin',
      name: 'initial admin key',
    });
    if (options.consoleAdmin !== true) return { tenant, adminKey: created.token };
    const admin = await new ConsoleUserService(deps).createUser(system, {
      email: FIRST_CONSOLE_ADMIN_EMAIL,
      name: 'First admin',
      role: 'admin',
    });
    return {
      tenant,
      adminKey: created.token,
      consoleAdmin: { email: admin.user.email, password: admin.password },
    };
  });
}
