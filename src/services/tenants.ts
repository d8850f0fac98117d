import type { Page, PageRequest } from '../domain/pagination/cursor.ts';
import { AppError } from '../errors.ts';
import type { TenantRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

export interface CreateResellerInput {
  name: string;
}

export class TenantService {
  constructor(private readonly deps: ServiceDeps) {}

  /** A reseller is a child tenant of the acting provider; resellers cannot have resellers of their own. */
  async createReseller(actor: Actor, input: CreateResellerInput): Promise<TenantRecord> {
    requirePermission(actor, 'tenants:write');
    const { store } = this.deps;
    return store.transaction(async () => {
      const parent = await store.tenants.getVisible(actor.tenantId, actor.tenantId);
      if (parent === undefined) throw new AppError('TENANT_NOT_FOUND', 'The acting tenant no longer exists.');
      if (parent.kind !== 'provider') {
        throw new AppError('FORBIDDEN', 'Only a provider tenant can register resellers.');
      }
      const tenant: TenantRecord = {
        id: this.deps.newId(),
        parentId: parent.id,
        name: input.name,
        kind: 'reseller',
        createdAt: this.deps.now(),
      };
      await store.tenants.insert(tenant);
      await recordAudit(
        this.deps,
        actor,
        'tenant.created',
        { type: 'tenant', id: tenant.id },
        { kind: tenant.kind },
      );
      return tenant;
    });
  }

  async getTenant(actor: Actor, id: string): Promise<TenantRecord> {
    requirePermission(actor, 'tenants:read');
    const tenant = await this.deps.store.tenants.getVisible(actor.tenantId, id);
    if (tenant === undefined) throw new AppError('TENANT_NOT_FOUND', 'No such tenant.', { field: 'path.id' });
    return tenant;
  }

  /** The caller's own tenant: every role may know whom it acts for. */
  async describeSelf(actor: Actor): Promise<TenantRecord> {
    requirePermission(actor, 'self:read');
    const tenant = await this.deps.store.tenants.getVisible(actor.tenantId, actor.tenantId);
    if (tenant === undefined) throw new AppError('TENANT_NOT_FOUND', 'The acting tenant no longer exists.');
    return tenant;
  }

  listTenants(actor: Actor, page: PageRequest): Promise<Page<TenantRecord>> {
    requirePermission(actor, 'tenants:read');
    return this.deps.store.tenants.listVisible(actor.tenantId, page);
  }
}
