/**
 * Ingestion of the access log: validate each line (domain/access-log), resolve the accounts the
 * ingesting tenant may log for, derive each event's idempotency key, then hand the batch to the sink:
 * the store directly, or NATS JetStream in scale-out mode. The answer is given only after the sink
 * has made the batch durable (committed, or stored by the stream), so an acknowledged event is never
 * lost; a retried batch stores nothing twice.
 *
 * No audit record per batch: ingestion is a machine stream of the provider's own records, counted in
 * the response; reads of the log are what the audit log records (access-log-search.ts).
 */
import { ACTION_CODES } from '../domain/access-log/actions.ts';
import { eventKeyOf } from '../domain/access-log/event-key.ts';
import {
  MAX_EVENTS_PER_BATCH,
  splitNdjson,
  validateBatch,
  validateNdjson,
  type LineReject,
  type ParsedBatch,
} from '../domain/access-log/validate.ts';
import { AppError } from '../errors.ts';
import type { AccessEventRow } from '../storage/port.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { isStoreUnavailable, OutageMemory } from './outage-memory.ts';

export interface IngestOutcome {
  accepted: number;
  /** Events already stored by an earlier try; null when the sink cannot tell (scale-out mode). */
  duplicates: number | null;
  rejected: LineReject[];
}

/** Where accepted rows go. Resolves once they are durable; `inserted` is null if not known yet. */
export interface AccessEventSink {
  write(rows: readonly AccessEventRow[]): Promise<{ inserted: number | null }>;
}

export function directSink(deps: ServiceDeps): AccessEventSink {
  return { write: (rows) => deps.store.accessEvents.insertBatch(rows) };
}

/**
 * How long a resolved account ref is reused without asking the database again. A ref's account never
 * changes (external ids and tenants are not updated, accounts are not deleted); the one answer that can
 * change is a ref becoming ambiguous when a reseller later creates an account with the same external
 * id, and this bounds how long the first account keeps receiving its events. Refs not found are never
 * cached: a new account is ingestible the moment it exists.
 */
export const ACCOUNT_REF_TTL_MS = 60_000;
const ACCOUNT_REF_LIMIT = 200_000;

export class AccessLogService {
  /** Accounts resolved lately, for a database outage in scale-out mode (outage-memory.ts). */
  private readonly resolvedAccounts: OutageMemory<string | null>;
  /** Refs found lately: most batches name the same accounts as the last one, so most need no query. */
  private readonly knownAccounts = new Map<string, Map<string, { accountId: string; until: number }>>();
  private knownAccountCount = 0;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly sink: AccessEventSink,
    outageGraceMs = 0,
  ) {
    this.resolvedAccounts = new OutageMemory(outageGraceMs, deps.now);
  }

  ingestJson(actor: Actor, items: readonly unknown[]): Promise<IngestOutcome> {
    requirePermission(actor, 'access-events:write');
    refuseOversize(items.length);
    return this.ingest(actor, validateBatch(items, this.deps.now()));
  }

  ingestNdjson(actor: Actor, text: string): Promise<IngestOutcome> {
    requirePermission(actor, 'access-events:write');
    const lines = splitNdjson(text);
    refuseOversize(lines.length);
    return this.ingest(actor, validateNdjson(lines, this.deps.now()));
  }

  private async ingest(actor: Actor, batch: ParsedBatch): Promise<IngestOutcome> {
    const refs = new Set<string>();
    for (const { event } of batch.events) refs.add(event.account);
    const accountOf = await this.resolve(actor.tenantId, refs);
    const { rows, rejected } = rowsOf(batch, accountOf);
    const { inserted } = rows.length === 0 ? { inserted: 0 } : await this.sink.write(rows);
    return { accepted: rows.length, duplicates: inserted === null ? null : rows.length - inserted, rejected };
  }

  /**
   * With the database down in scale-out mode, a batch is still accepted when every account it names was
   * resolved by this node within the grace period; otherwise it is refused whole (503), since an unknown
   * account cannot be told from one not seen yet.
   */
  private async resolve(tenantId: string, refs: ReadonlySet<string>): Promise<Map<string, string>> {
    const key = (ref: string) => `${tenantId}\u0000${ref}`;
    const now = this.deps.now().getTime();
    const found = new Map<string, string>();
    const unknown: string[] = [];
    const known = this.knownAccounts.get(tenantId);
    for (const ref of refs) {
      const hit = known?.get(ref);
      if (hit !== undefined && hit.until > now) found.set(ref, hit.accountId);
      else unknown.push(ref);
    }
    if (unknown.length === 0) return found;
    try {
      const looked = accountsByRef(await this.deps.store.accessEvents.resolveAccounts(tenantId, unknown));
      this.rememberAccounts(tenantId, looked, now + ACCOUNT_REF_TTL_MS);
      for (const ref of unknown) {
        const accountId = looked.get(ref);
        this.resolvedAccounts.remember(key(ref), accountId ?? null);
        if (accountId !== undefined) found.set(ref, accountId);
      }
      return found;
    } catch (error) {
      if (!isStoreUnavailable(error) || !this.resolvedAccounts.enabled) throw error;
      for (const ref of unknown) {
        const accountId = this.resolvedAccounts.recall(key(ref));
        if (accountId === undefined) throw error;
        if (accountId !== null) found.set(ref, accountId);
      }
      return found;
    }
  }

  private rememberAccounts(tenantId: string, accounts: ReadonlyMap<string, string>, until: number): void {
    if (this.knownAccountCount + accounts.size > ACCOUNT_REF_LIMIT) {
      this.knownAccounts.clear();
      this.knownAccountCount = 0;
    }
    let known = this.knownAccounts.get(tenantId);
    if (known === undefined) {
      known = new Map<string, { accountId: string; until: number }>();
      this.knownAccounts.set(tenantId, known);
    }
    for (const [ref, accountId] of accounts) {
      if (!known.has(ref)) this.knownAccountCount += 1;
      known.set(ref, { accountId, until });
    }
  }
}

/**
 * The rows to store for a validated batch, given the accounts its refs resolved to; a line whose account
 * did not resolve is rejected. Rejects come back in line order. Runs for every event, so it is one loop.
 */
export function rowsOf(
  batch: ParsedBatch,
  accountOf: ReadonlyMap<string, string>,
): { rows: AccessEventRow[]; rejected: LineReject[] } {
  const rejected = [...batch.rejected];
  const rows: AccessEventRow[] = [];
  for (const { line, event } of batch.events) {
    const accountId = accountOf.get(event.account);
    if (accountId === undefined) {
      rejected.push({ line, code: 'unknown_account', message: 'No such account for this tenant.' });
      continue;
    }
    rows.push({
      accountId,
      eventKey: eventKeyOf(accountId, event).toString(),
      at: event.at,
      ip: event.ip,
      action: ACTION_CODES[event.action],
      principal: event.principal ?? null,
      userAgent: event.userAgent ?? null,
      region: event.region ?? null,
    });
  }
  rejected.sort((a, b) => a.line - b.line);
  return { rows, rejected };
}

function refuseOversize(count: number): void {
  if (count > MAX_EVENTS_PER_BATCH) {
    throw new AppError(
      'ACCESS_BATCH_TOO_LARGE',
      `A batch may carry at most ${MAX_EVENTS_PER_BATCH} events; this one has ${count}.`,
      { field: 'body' },
    );
  }
}

/**
 * A ref that names two accounts (an external id used by both the provider and one of its resellers)
 * is ambiguous and treated as unknown: guessing would attribute events to the wrong customer.
 */
function accountsByRef(resolved: ReadonlyArray<{ ref: string; accountId: string }>): Map<string, string> {
  const byRef = new Map<string, string | null>();
  for (const { ref, accountId } of resolved) {
    const seen = byRef.get(ref);
    byRef.set(ref, seen === undefined || seen === accountId ? accountId : null);
  }
  return new Map([...byRef].filter((entry): entry is [string, string] => entry[1] !== null));
}
