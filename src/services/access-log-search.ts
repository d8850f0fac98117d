/**
 * Investigators' reads of the access log: by network (an address or CIDR block) and time, by account
 * and time, and an account's distinct addresses. Each read states its purpose and is written to the
 * audit log with the searcher before results are returned; a read whose audit record cannot be
 * written returns nothing. The audit record holds no address: a network is recorded as a SHA-256
 * digest (an auditor shown the network can confirm the search), an account by its id.
 */
import { createHash } from 'node:crypto';
import { actionOfCode, type AccessAction } from '../domain/access-log/actions.ts';
import {
  parseEventPosition,
  parseNetworkQuery,
  positionOfEvent,
  windowProblem,
  WIDEST_PREFIX,
} from '../domain/access-log/search.ts';
import type { GeoLookup } from '../domain/determination/geo.ts';
import { decodeCursor, toPage, type Page } from '../domain/pagination/cursor.ts';
import { AppError } from '../errors.ts';
import type { AccessEventSearch, StoredAccessEvent } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

export interface AccessSearchInput {
  from: Date;
  to: Date;
  /** Why the investigator searches; required, and kept in the audit log. */
  purpose: string;
  cursor?: string | undefined;
  limit: number;
}

export interface AccessEventView {
  key: string;
  accountId: string;
  externalId: string | null;
  principal: string | null;
  ip: string;
  at: Date;
  action: AccessAction;
  userAgent: string | null;
  region: string | null;
}

export interface AccessIpSummary {
  ip: string;
  firstSeen: Date;
  lastSeen: Date;
  count: number;
  country: string | null;
  asn: number | null;
  asOrg: string | null;
}

const MAX_SUMMARY_ADDRESSES = 1000;

export class AccessSearchService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly geo: GeoLookup,
  ) {}

  async byNetwork(actor: Actor, network: string, input: AccessSearchInput): Promise<Page<AccessEventView>> {
    requirePermission(actor, 'access-events:read');
    const query = parseNetworkQuery(network);
    if (query === undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        `'ip' must be an address or a CIDR block no wider than /${WIDEST_PREFIX.ipv4} (IPv4) or /${WIDEST_PREFIX.ipv6} (IPv6).`,
        { field: 'query.ip' },
      );
    }
    const search = searchOf(input);
    const rows = await this.deps.store.accessEvents.searchByNetwork(actor.tenantId, query, search);
    const page = pageOf(rows, input.limit);
    const digest = createHash('sha256').update(query.cidr).digest('hex');
    await this.audit(actor, 'access_events.searched', { type: 'network', id: digest }, input, {
      prefixLength: query.prefixLength,
      returned: page.items.length,
    });
    return page;
  }

  async byAccount(actor: Actor, account: string, input: AccessSearchInput): Promise<Page<AccessEventView>> {
    requirePermission(actor, 'access-events:read');
    const search = searchOf(input);
    const accountId = await this.resolveAccount(actor, account);
    const rows = await this.deps.store.accessEvents.searchByAccount(actor.tenantId, accountId, search);
    const page = pageOf(rows, input.limit);
    await this.audit(actor, 'access_events.searched', { type: 'account', id: accountId }, input, {
      returned: page.items.length,
    });
    return page;
  }

  async summariseAccount(
    actor: Actor,
    account: string,
    input: Omit<AccessSearchInput, 'cursor' | 'limit'>,
  ): Promise<AccessIpSummary[]> {
    requirePermission(actor, 'access-events:read');
    searchOf({ ...input, limit: 1 });
    const accountId = await this.resolveAccount(actor, account);
    const rows = await this.deps.store.accessEvents.summariseIps(
      actor.tenantId,
      accountId,
      input.from,
      input.to,
      MAX_SUMMARY_ADDRESSES,
    );
    const summary = await Promise.all(
      rows.map(async (row) => {
        const geo = await this.geo.lookup(row.ip);
        return geo.ok
          ? { ...row, country: geo.country, asn: geo.asn, asOrg: geo.asOrg }
          : { ...row, country: null, asn: null, asOrg: null };
      }),
    );
    await this.audit(actor, 'access_events.summarised', { type: 'account', id: accountId }, input, {
      returned: summary.length,
    });
    return summary;
  }

  private async resolveAccount(actor: Actor, account: string): Promise<string> {
    const refs = await this.deps.store.accessEvents.resolveAccounts(actor.tenantId, [account]);
    const ids = new Set(refs.map((r) => r.accountId));
    const [only] = ids;
    if (only === undefined || ids.size > 1) {
      throw new AppError('ACCOUNT_NOT_FOUND', 'No such account for this tenant.', { field: 'query.account' });
    }
    return only;
  }

  private async audit(
    actor: Actor,
    action: string,
    target: { type: string; id: string },
    input: Omit<AccessSearchInput, 'cursor' | 'limit'> & { cursor?: string | undefined },
    details: Record<string, unknown>,
  ): Promise<void> {
    await recordAudit(this.deps, actor, action, target, {
      purpose: input.purpose,
      from: input.from.toISOString(),
      to: input.to.toISOString(),
      continued: input.cursor !== undefined,
      ...details,
    });
  }
}

function searchOf(input: AccessSearchInput): AccessEventSearch {
  const purpose = input.purpose.trim();
  if (purpose.length < 3 || purpose.length > 500) {
    throw new AppError('VALIDATION_FAILED', 'State the purpose of the search (3-500 characters).', {
      field: 'header.x-gatehouse-purpose',
    });
  }
  const problem = windowProblem(input.from, input.to);
  if (problem !== undefined) throw new AppError('VALIDATION_FAILED', problem, { field: 'query.to' });
  let after: AccessEventSearch['after'];
  if (input.cursor !== undefined) {
    const position = decodeCursor(input.cursor);
    after = position === undefined ? undefined : parseEventPosition(position);
    if (after === undefined) {
      throw new AppError('INVALID_CURSOR', 'The cursor does not belong to this list.', {
        field: 'query.cursor',
      });
    }
  }
  return { from: input.from, to: input.to, after, limit: input.limit };
}

function pageOf(rows: StoredAccessEvent[], limit: number): Page<AccessEventView> {
  const page = toPage(rows, limit, (r) => positionOfEvent(r.at, r.eventKey));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      key: r.eventKey,
      accountId: r.accountId,
      externalId: r.externalId,
      principal: r.principal,
      ip: r.ip,
      at: r.at,
      action: actionOfCode(r.action),
      userAgent: r.userAgent,
      region: r.region,
    })),
  };
}
