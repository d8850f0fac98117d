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

export class AccessLogService {
  /** Accounts resolved lately, for a database outage in scale-out mode (outage-memory.ts). */
  private readonly resolvedAccounts: OutageMemory<string | null>;

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
    const refs = [...new Set(batch.events.map((e) => e.event.account))];
    const accountOf = await this.resolve(actor.tenantId, refs);
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
    const { inserted } = rows.length === 0 ? { inserted: 0 } : await this.sink.write(rows);
    rejected.sort((a, b) => a.line - b.line);
    return { accepted: rows.length, duplicates: inserted === null ? null : rows.length - inserted, rejected };
  }

  /**
   * With the database down in scale-out mode, a batch is still accepted when every account it names was
   * resolved by this node within the grace period; otherwise it is refused whole (503), since an unknown
   * account cannot be told from one not seen yet.
   */
  private async resolve(tenantId: string, refs: readonly string[]): Promise<Map<string, string>> {
    const key = (ref: string) => `${tenantId}\u0000${ref}`;
    try {
      const found = accountsByRef(await this.deps.store.accessEvents.resolveAccounts(tenantId, refs));
      for (const ref of refs) this.resolvedAccounts.remember(key(ref), found.get(ref) ?? null);
      return found;
    } catch (error) {
      if (!isStoreUnavailable(error) || !this.resolvedAccounts.enabled) throw error;
      const found = new Map<string, string>();
      for (const ref of refs) {
        const accountId = this.resolvedAccounts.recall(key(ref));
        if (accountId === undefined) throw error;
        if (accountId !== null) found.set(ref, accountId);
      }
      return found;
    }
  }
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
