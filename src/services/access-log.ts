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
  type AccessEventInput,
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
    return this.write(rowsOf(batch, await this.accountsOf(actor.tenantId, batch)));
  }

  /**
   * Not async: once the sink has the rows, nothing here holds them (or the batch) while the write is
   * awaited, so the sink can let them go as soon as it has encoded them (access-events.ts, insertBatch).
   */
  private write({
    rows,
    rejected,
  }: {
    rows: AccessEventRow[];
    rejected: LineReject[];
  }): Promise<IngestOutcome> {
    const accepted = rows.length;
    const written = accepted === 0 ? Promise.resolve({ inserted: 0 }) : this.sink.write(rows);
    return written.then(({ inserted }) => ({
      accepted,
      duplicates: inserted === null ? null : accepted - inserted,
      rejected,
    }));
  }

  /**
   * Each line's account id, in the order of batch.events; undefined where its ref names no account the
   * tenant may log for. One lookup per line in what this node remembers; the rest in one query.
   */
  private async accountsOf(tenantId: string, batch: ParsedBatch): Promise<Array<string | undefined>> {
    const now = this.deps.now().getTime();
    const known = this.knownAccounts.get(tenantId);
    const ids = new Array<string | undefined>(batch.events.length);
    let unknown: Set<string> | undefined;
    for (let i = 0; i < batch.events.length; i += 1) {
      const ref = (batch.events[i] as AccessEventInput).account;
      const hit = known?.get(ref);
      if (hit !== undefined && hit.until > now) ids[i] = hit.accountId;
      else (unknown ??= new Set()).add(ref);
    }
    if (unknown === undefined) return ids;
    const looked = await this.resolve(tenantId, unknown, now);
    for (let i = 0; i < batch.events.length; i += 1) {
      if (ids[i] === undefined) ids[i] = looked.get((batch.events[i] as AccessEventInput).account);
    }
    return ids;
  }

  /**
   * Refs this node does not remember, from the database. With the database down in scale-out mode, a
   * batch is still accepted when every account it names was resolved by this node within the grace
   * period; otherwise it is refused whole (503), since an unknown account cannot be told from one not
   * seen yet.
   */
  private async resolve(
    tenantId: string,
    refs: ReadonlySet<string>,
    now: number,
  ): Promise<Map<string, string>> {
    const key = (ref: string) => `${tenantId}\u0000${ref}`;
    const found = new Map<string, string>();
    try {
      const looked = accountsByRef(await this.deps.store.accessEvents.resolveAccounts(tenantId, [...refs]));
      this.rememberAccounts(tenantId, looked, now + ACCOUNT_REF_TTL_MS);
      for (const ref of refs) {
        const accountId = looked.get(ref);
        this.resolvedAccounts.remember(key(ref), accountId ?? null);
        if (accountId !== undefined) found.set(ref, accountId);
      }
      return found;
    } catch (error) {
      if (!isStoreUnavailable(error) || !this.resolvedAccounts.enabled) throw error;
      for (const ref of refs) {
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
 * The rows to store for a validated batch, given each line's account (in the order of batch.events); a
 * line whose account did not resolve is rejected. Rejects come back in line order. Runs for every
 * event, so it is one loop.
 */
export function rowsOf(
  batch: ParsedBatch,
  accountIds: ReadonlyArray<string | undefined>,
): { rows: AccessEventRow[]; rejected: LineReject[] } {
  const rejected = [...batch.rejected];
  const rows: AccessEventRow[] = [];
  for (let i = 0; i < batch.events.length; i += 1) {
    const event = batch.events[i] as AccessEventInput;
    const accountId = accountIds[i];
    if (accountId === undefined) {
      rejected.push({
        line: batch.lines[i] as number,
        code: 'unknown_account',
        message: 'No such account for this tenant.',
      });
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
