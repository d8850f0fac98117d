/** The service layer, assembled once per process by the composition root (src/main.ts). */
import type { Store } from '../storage/port.ts';
import { ApiKeyService } from './api-keys.ts';
import { AuditService } from './audit.ts';
import { defaultDeps, type ServiceDeps } from './context.ts';
import { IdempotencyService } from './idempotency.ts';
import { TenantService } from './tenants.ts';

export interface Services {
  deps: ServiceDeps;
  store: Store;
  tenants: TenantService;
  apiKeys: ApiKeyService;
  audit: AuditService;
  idempotency: IdempotencyService;
}

export function createServices(store: Store, overrides: Partial<ServiceDeps> = {}): Services {
  const deps = { ...defaultDeps(store), ...overrides };
  return {
    deps,
    store,
    tenants: new TenantService(deps),
    apiKeys: new ApiKeyService(deps),
    audit: new AuditService(deps),
    idempotency: new IdempotencyService(deps),
  };
}
