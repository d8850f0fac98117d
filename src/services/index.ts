/** The service layer, assembled once per process by the composition root (src/main.ts). */
import type { GeoLookup } from '../domain/determination/geo.ts';
import type { Store } from '../storage/port.ts';
import { ApplicationReadService } from './application-records.ts';
import { ApplicationService } from './applications.ts';
import { MeasureService } from './measures.ts';
import { ProfileService } from './profiles.ts';
import { ReviewService } from './reviews.ts';
import { DecisionLog } from './decision-log.ts';
import { WebhookService, type WebhookTransport } from './events.ts';
import { RedressService } from './redress.ts';
import { ReverificationService } from './reverification.ts';
import { VendorCheckService } from './vendor-checks.ts';
import type { IdentityVendor } from './vendors.ts';
import { VerificationService, type CodeSender } from './verifications.ts';
import { AppError } from '../errors.ts';
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
  verifications: VerificationService;
  vendorChecks: VendorCheckService;
  webhooks: WebhookService;
  redress: RedressService;
  reverifications: ReverificationService;
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

/** Without a configured sender, starting a possession check fails loudly rather than losing the code. */
const NO_SENDER: CodeSender = {
  send: async () => {
    throw new AppError('CONFIG_INVALID', 'No one-time-code sender is configured.');
  },
};

/** Without a configured transport, deliveries fail and are retried (they are never silently dropped). */
const NO_TRANSPORT: WebhookTransport = {
  post: async () => {
    throw new Error('no webhook transport is configured');
  },
};

export interface ServiceOptions extends Partial<ServiceDeps> {
  geo?: GeoLookup;
  sender?: CodeSender;
  vendors?: readonly IdentityVendor[];
  webhookTransport?: WebhookTransport;
  /** Development and tests: webhook URLs may be http and private addresses. */
  allowInsecureWebhookUrls?: boolean;
}

export function createServices(store: Store, options: ServiceOptions = {}): Services {
  const {
    geo = NO_GEO,
    sender = NO_SENDER,
    vendors = [],
    webhookTransport = NO_TRANSPORT,
    allowInsecureWebhookUrls = false,
    ...overrides
  } = options;
  const deps = { ...defaultDeps(store), ...overrides };
  const profiles = new ProfileService(deps);
  const measures = new MeasureService(deps);
  const decisions = new DecisionLog(deps, profiles);
  const verifications = new VerificationService(deps, sender, profiles, decisions);
  return {
    profiles,
    measures,
    applications: new ApplicationService(deps, geo, profiles, measures, decisions),
    applicationRecords: new ApplicationReadService(deps),
    reviews: new ReviewService(deps, decisions),
    verifications,
    vendorChecks: new VendorCheckService(deps, verifications, vendors),
    webhooks: new WebhookService(deps, {
      allowInsecureUrls: allowInsecureWebhookUrls,
      transport: webhookTransport,
      leaseMs: 60_000,
    }),
    redress: new RedressService(deps),
    reverifications: new ReverificationService(deps),
    deps,
    store,
    tenants: new TenantService(deps),
    apiKeys: new ApiKeyService(deps),
    audit: new AuditService(deps),
    idempotency: new IdempotencyService(deps),
  };
}
