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
import { ListService } from './lists.ts';
import { Redecider } from './redecide.ts';
import { RescreeningService } from './rescreening.ts';
import { ScreeningIndexCache } from './screening-index.ts';
import { ScreeningService } from './screening.ts';
import { VerificationService, type CodeSender } from './verifications.ts';
import { AppError } from '../errors.ts';
import { ApiKeyService } from './api-keys.ts';
import { ConsoleSessionService } from './console-sessions.ts';
import { ConsoleUserService } from './console-users.ts';
import { ConsoleQueryService } from './console-queries.ts';
import { PersonalDataService } from './personal-data.ts';
import { AuditService } from './audit.ts';
import { defaultDeps, type ServiceDeps } from './context.ts';
import { IdempotencyService } from './idempotency.ts';
import { TenantService } from './tenants.ts';
import { AccessLogService, directSink, type AccessEventSink } from './access-log.ts';
import { AccessSearchService } from './access-log-search.ts';
import { AccessRetentionService } from './access-log-retention.ts';
import { LedgerService, ledgerSigner } from './ledger.ts';
import { AccessLogDigestService } from './access-log-digests.ts';
import { LegalHoldService } from './legal-holds.ts';
import { RetentionService } from './retention.ts';
import { PartyRetentionService } from './party-retention.ts';
import { EncryptionService } from './encryption.ts';

export interface Services {
  deps: ServiceDeps;
  store: Store;
  tenants: TenantService;
  apiKeys: ApiKeyService;
  consoleUsers: ConsoleUserService;
  consoleSessions: ConsoleSessionService;
  consoleQueries: ConsoleQueryService;
  personalData: PersonalDataService;
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
  lists: ListService;
  screening: ScreeningService;
  rescreening: RescreeningService;
  accessLog: AccessLogService;
  accessSearch: AccessSearchService;
  accessRetention: AccessRetentionService;
  accessDigests: AccessLogDigestService;
  legalHolds: LegalHoldService;
  retention: RetentionService;
  partyRetention: PartyRetentionService;
  encryption: EncryptionService;
  ledger: LedgerService;
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
  /** Where accepted access events go: the store (default) or a JetStream publisher in scale-out mode. */
  accessEventSink?: AccessEventSink;
  /**
   * Scale-out mode: how long keys and accounts this node verified stay usable for ingestion while the
   * database is unavailable (services/outage-memory.ts); 0 (default) in direct mode.
   */
  outageGraceMs?: number;
  /** The ledger's checkpoint signing key (C2SP `PRIVATE+KEY+…`); a throwaway one when unset (tests). */
  ledgerSigningKey?: string;
}

export function createServices(store: Store, options: ServiceOptions = {}): Services {
  const {
    geo = NO_GEO,
    sender = NO_SENDER,
    vendors = [],
    webhookTransport = NO_TRANSPORT,
    allowInsecureWebhookUrls = false,
    accessEventSink,
    outageGraceMs = 0,
    ledgerSigningKey,
    ...overrides
  } = options;
  const deps = { ...defaultDeps(store), ...overrides };
  const profiles = new ProfileService(deps);
  const measures = new MeasureService(deps);
  const decisions = new DecisionLog(deps, profiles);
  const redecider = new Redecider(deps, profiles, decisions);
  const verifications = new VerificationService(deps, sender, redecider);
  const lists = new ListService(deps);
  const screeningIndex = new ScreeningIndexCache(deps, lists);
  lists.onNewVersion(async () => screeningIndex.invalidate());
  const screening = new ScreeningService(deps, screeningIndex, profiles, redecider);
  redecider.useScreeningFindings(screening.findingsOfAccount);
  const applicationRecords = new ApplicationReadService(deps);
  const legalHolds = new LegalHoldService(deps);
  const partyRetention = new PartyRetentionService(deps, profiles, (tenantId, subject) =>
    legalHolds.isHeld(tenantId, subject),
  );
  // Retention keeps what a legal hold covers: the account itself or its party.
  const accessRetention = new AccessRetentionService(deps, profiles, (tenantId, accountId) =>
    legalHolds.isHeld(tenantId, { type: 'account', id: accountId }),
  );
  return {
    profiles,
    measures,
    applications: new ApplicationService(deps, geo, profiles, measures, decisions, screening),
    applicationRecords,
    personalData: new PersonalDataService(deps, applicationRecords, profiles),
    reviews: new ReviewService(deps, decisions),
    verifications,
    vendorChecks: new VendorCheckService(deps, redecider, vendors),
    lists,
    screening,
    rescreening: new RescreeningService(deps, profiles, screening, redecider),
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
    apiKeys: new ApiKeyService(deps, outageGraceMs),
    consoleUsers: new ConsoleUserService(deps),
    consoleSessions: new ConsoleSessionService(deps),
    consoleQueries: new ConsoleQueryService(deps),
    audit: new AuditService(deps),
    idempotency: new IdempotencyService(deps),
    accessLog: new AccessLogService(deps, accessEventSink ?? directSink(deps), outageGraceMs),
    accessSearch: new AccessSearchService(deps, geo),
    accessRetention,
    accessDigests: new AccessLogDigestService(deps),
    legalHolds,
    partyRetention,
    encryption: new EncryptionService(deps),
    retention: new RetentionService(deps, accessRetention, partyRetention),
    ledger: new LedgerService(deps, ledgerSigner(ledgerSigningKey, deps.randomBytes)),
  };
}
