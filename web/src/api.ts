/**
 * The console's one way to the server: typed calls to the Gatehouse API under /v1. The session is
 * the HttpOnly cookie the browser sends by itself; unsafe requests add the session's CSRF token.
 * Every path used here is checked against /openapi.json by test/web/api-client.test.ts.
 */
import { accessEventsQuery, type AccessSearch } from './access-log.ts';

export type Role = 'admin' | 'analyst' | 'reviewer' | 'auditor' | 'ingest' | 'reseller';

export interface ConsoleUser {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: Role;
}

export interface Session {
  user: ConsoleUser;
  csrfToken: string;
}

export interface Signal {
  kind: string;
  value: string | null;
  points: string;
  role: string;
  weight: number;
  reason: string;
  source: string;
}

export interface Decision {
  id: string;
  status: string;
  rule: string;
  reasons: Array<{ code: string; message: string }>;
  limits: Record<string, unknown> | null;
  profile: { id: string; version: number };
  actor: { type: string; id: string };
  decidedAt: string;
}

export interface Application {
  id: string;
  accountId: string;
  account: { id: string; externalId: string | null; status: string; openedAt: string };
  partyId: string;
  partyVersion: number;
  profile: { id: string; version: number };
  determination: {
    status: string;
    treatedAs: string;
    rule: string;
    explanation: string;
    score: number;
    signals: Signal[];
  };
  decision: Decision;
  decisions: Decision[];
  requirements: Array<Record<string, unknown>>;
  warnings: Array<{ path: string; code: string; message: string }>;
  measureHits: MeasureHit[];
  createdAt: string;
}

/** A special measure that applies to the application, and on what (a name or number masked for analysts). */
export interface MeasureHit {
  measureId: string;
  kind: 'prohibit' | 'condition';
  action: 'deny' | 'condition';
  conditions: Array<Record<string, unknown>>;
  matchedOn: Array<{ attribute: string; value: string; subject?: string }>;
  status: 'scheduled' | 'in_force' | 'expired';
  citation: string;
}

export interface Party {
  id: string;
  type: 'individual' | 'entity';
  currentVersion: number;
  current: Record<string, unknown>;
  links: Array<{
    personPartyId: string;
    role: string;
    ownershipPercent: number | null;
    control: boolean;
    /** Set when the entity's applications stopped listing the person. */
    endedAt: string | null;
  }>;
  masked: boolean;
  createdAt: string;
}

export interface Hit {
  id: string;
  partyId: string;
  source: string;
  entryId: string;
  matchedName: string;
  score: number;
  band: 'block' | 'review';
  explanation: {
    matchedName?: string;
    summary?: string;
    nameScore?: number;
    tokens?: Array<{ query?: string | null; candidate?: string | null; kind: string }>;
    features?: Array<{ detail: string; delta: number }>;
  };
  status: 'open' | 'true_match' | 'false_positive';
  createdAt: string;
  reviewReason: string | null;
}

export interface QueueItem {
  applicationId: string;
  accountId: string;
  partyId: string;
  accountStatus: string;
  treatedAs: string | null;
  rule: string | null;
  partyData: Record<string, unknown>;
  openHits: number;
  awaitingSecondApproval: boolean;
  assignedTo: { userId: string; name: string } | null;
  createdAt: string;
}

export interface Dashboard {
  perDay: Array<{ day: string; outcome: string; count: number }>;
  byCountry: Array<{ treatedAs: string; country: string | null; count: number }>;
  hitsByList: Array<{ source: string; status: string; count: number }>;
  pendingAccounts: number;
  restrictedAccounts: number;
  unverifiedForeignAccounts: number;
  averageHoursToReviewDecision: number | null;
}

export interface Measure {
  id: string;
  name?: string;
  status?: string;
  effectiveDate?: string;
  [key: string]: unknown;
}

export interface MeasureAction {
  accountId: string;
  action: 'close' | 'apply_conditions';
  dueBy: string;
  status: 'open' | 'done';
  foundAt: string;
}

export interface ListVersion {
  id: string;
  source: string;
  status: string;
  entryCount: number;
  publishedAt: string | null;
  importedAt: string;
  ageDays: number;
  delta: { added: number; changed: number; removed: number };
}

export interface AuditEvent {
  id: string;
  actor: { type: string; id: string };
  action: string;
  target: { type: string; id: string };
  occurredAt: string;
  details: Record<string, unknown>;
}

export interface AccessEvent {
  key: string;
  account: string;
  externalId: string | null;
  principal: string | null;
  ip: string;
  at: string;
  action: string;
  userAgent: string | null;
  region: string | null;
}

export interface AccessIpSummary {
  ip: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  country: string | null;
  asn: number | null;
  asOrg: string | null;
}

export type DecisionResult =
  | { state: 'decided'; decision: Decision }
  | { state: 'awaiting_second_approval'; proposal: { id: string; status: string; proposedBy: string } };

/** A problem+json answer; `code` is the stable error code (docs/errors.md). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { ...headers } };
  const sent = init.headers as Record<string, string>;
  if (method !== 'GET' && csrfToken !== undefined) sent['x-csrf-token'] = csrfToken;
  if (body !== undefined) {
    sent['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const problem = (parsed ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(
      response.status,
      problem.code ?? 'INTERNAL',
      problem.detail ?? problem.title ?? response.statusText,
    );
  }
  return parsed as T;
}

const q = encodeURIComponent;

/**
 * The queue, hits, redress requests, measure actions, applications and their checks are personal data,
 * and a tenant may require a purpose for every read (`PUT /v1/settings/privacy`): the console reads them
 * for the reviewer's queue, and says so.
 */
export const QUEUE_PURPOSE = { 'x-gatehouse-purpose': 'Review queue (console)' };

/** Method and path template of every call, for the OpenAPI check. */
export const API_OPERATIONS = [
  ['post', '/v1/session'],
  ['get', '/v1/session'],
  ['delete', '/v1/session'],
  ['get', '/v1/review-queue'],
  ['post', '/v1/review-queue/{id}/assign'],
  ['get', '/v1/dashboard'],
  ['get', '/v1/screening-hits'],
  ['post', '/v1/screening-hits/{id}/review'],
  ['get', '/v1/applications/{id}'],
  ['post', '/v1/applications/{id}/decision'],
  ['get', '/v1/parties/{id}'],
  ['post', '/v1/parties/{id}/reveal'],
  ['get', '/v1/parties/search'],
  ['get', '/v1/special-measures'],
  ['get', '/v1/special-measures/{id}/actions'],
  ['get', '/v1/redress'],
  ['get', '/v1/reverifications'],
  ['get', '/v1/lists'],
  ['get', '/v1/audit-events'],
  ['get', '/v1/applications/{id}/verifications'],
  ['get', '/v1/access-events'],
  ['get', '/v1/access-events/ip-summary'],
] as const;

/** Access-log reads state their purpose in a header; the server audits it with the searcher. */
const purposeHeader = (purpose: string) => ({ 'x-gatehouse-purpose': purpose });

export const api = {
  signIn: (email: string, password: string) =>
    call<Session & { expiresAt: string }>('POST', '/v1/session', { email, password }),
  session: () => call<Session>('GET', '/v1/session'),
  signOut: () => call<undefined>('DELETE', '/v1/session'),
  reviewQueue: () => call<{ items: QueueItem[] }>('GET', '/v1/review-queue', undefined, QUEUE_PURPOSE),
  assignToMe: (applicationId: string) =>
    call<undefined>('POST', `/v1/review-queue/${q(applicationId)}/assign`),
  dashboard: () => call<Dashboard>('GET', '/v1/dashboard'),
  hits: (status: 'open' | 'true_match' | 'false_positive') =>
    call<{ items: Hit[] }>('GET', `/v1/screening-hits?status=${status}&limit=200`, undefined, QUEUE_PURPOSE),
  reviewHit: (id: string, outcome: 'true_match' | 'false_positive', reason: string) =>
    call<Hit>('POST', `/v1/screening-hits/${q(id)}/review`, { outcome, reason }),
  application: (id: string) =>
    call<Application>('GET', `/v1/applications/${q(id)}`, undefined, QUEUE_PURPOSE),
  decide: (id: string, status: string, reason: string) =>
    call<DecisionResult>('POST', `/v1/applications/${q(id)}/decision`, { status, reason }),
  withdrawProposal: (id: string, reason: string) =>
    call<{ outcome: 'withdrawn' | 'declined'; status: string; proposedBy: string }>(
      'POST',
      `/v1/applications/${q(id)}/proposal/withdraw`,
      { reason },
    ),
  party: (id: string) => call<Party>('GET', `/v1/parties/${q(id)}`),
  revealParty: (id: string, purpose: string) =>
    call<Party>('POST', `/v1/parties/${q(id)}/reveal`, { purpose }),
  searchParties: (text: string) =>
    call<{
      masked: boolean;
      items: Array<{
        partyId: string;
        type: string;
        data: Record<string, unknown>;
        latestApplicationId: string | null;
        createdAt: string;
      }>;
    }>('GET', `/v1/parties/search?q=${q(text)}`),
  measures: () => call<{ items: Measure[] }>('GET', '/v1/special-measures'),
  measureActions: (measureId: string) =>
    call<{ items: MeasureAction[] }>(
      'GET',
      `/v1/special-measures/${q(measureId)}/actions`,
      undefined,
      QUEUE_PURPOSE,
    ),
  redress: () =>
    call<{ items: Array<{ id: string; applicationId: string; status: string; createdAt: string }> }>(
      'GET',
      '/v1/redress?status=open',
      undefined,
      QUEUE_PURPOSE,
    ),
  reverifications: () =>
    call<{ items: Array<{ id: string; accountId: string; status: string; dueAt: string }> }>(
      'GET',
      '/v1/reverifications?status=due',
    ),
  lists: () => call<{ items: ListVersion[] }>('GET', '/v1/lists'),
  verifications: (applicationId: string) =>
    call<{
      items: Array<{
        id: string;
        method: string;
        status: string;
        evidence: Record<string, unknown>;
        createdAt: string;
      }>;
    }>('GET', `/v1/applications/${q(applicationId)}/verifications`, undefined, QUEUE_PURPOSE),
  auditEvents: () => call<{ items: AuditEvent[] }>('GET', '/v1/audit-events?limit=200'),
  accessEvents: (search: AccessSearch, cursor?: string) =>
    call<{ items: AccessEvent[]; next: string | null }>(
      'GET',
      `/v1/access-events?${accessEventsQuery(search, cursor)}`,
      undefined,
      purposeHeader(search.purpose),
    ),
  accessIpSummary: (account: string, window: { from: string; to: string }, purpose: string) =>
    call<{ items: AccessIpSummary[] }>(
      'GET',
      `/v1/access-events/ip-summary?account=${q(account)}&from=${q(window.from)}&to=${q(window.to)}`,
      undefined,
      purposeHeader(purpose),
    ),
};
