/** The service layer, assembled once per process by the composition root (src/main.ts). */
import type { GeoLookup } from '../domain/determination/geo.ts';
import type { Store } from '../storage/port.ts';
import { ApplicationReadService } from './application-records.ts';
import { ApplicationService } from './applications.ts';
import { MeasureService } from './measures.ts';
import { ProfileService } from './profiles.ts';
import { ReviewService } from './reviews.ts';
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
  profiles: ProfileService;
  measures: MeasureService;
  applications: ApplicationService;
  applicationRecords: ApplicationReadService;
  reviews: ReviewService;
}

/**
 * Knows no address: every IP is "country unknown". The composition root passes the offline mmdb
 * lookup; tests pass a fixed table.
 */
const NO_GEO: GeoLookup = {
  lookup: async (ip) => ({
    ok: true,
    ip,
    country: null,
    asn: null,
    asOrg: null,
    hosting: false,
    network: null,
    publicAddress: true,
  }),
};

export interface ServiceOptions extends Partial<ServiceDeps> {
  geo?: GeoLookup;
}

export function createServices(store: Store, options: ServiceOptions = {}): Services {
  const { geo = NO_GEO, ...overrides } = options;
  const deps = { ...defaultDeps(store), ...overrides };
  const profiles = new ProfileService(deps);
  const measures = new MeasureService(deps);
  return {
    profiles,
    measures,
    applications: new ApplicationService(deps, geo, profiles, measures),
    applicationRecords: new ApplicationReadService(deps),
    reviews: new ReviewService(deps),
    deps,
    store,
    tenants: new TenantService(deps),
    apiKeys: new ApiKeyService(deps),
    audit: new AuditService(deps),
    idempotency: new IdempotencyService(deps),
  };
}
