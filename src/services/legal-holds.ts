/**
 * Legal holds (issue #5 point 7): a hold on a party or an account overrides retention (89 FR 5698: the
 * retention period is a minimum; a preservation obligation keeps records longer). Setting and
 * releasing are audited and ledgered in the transaction of the change; holds are never deleted.
 */
import type { z } from 'zod';
import {
  LegalHoldInputSchema,
  LegalHoldReleaseSchema,
  parseSubjectRef,
  type LegalHoldSubjectInput,
} from '../domain/retention/legal-hold.ts';
import type { Page, PageRequest } from '../domain/pagination/cursor.ts';
import { AppError, problemsFromIssues } from '../errors.ts';
import type { LegalHoldRecord, LegalHoldSubject } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { recordLedgerEntry } from './ledger.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LegalHoldListQuery {
  /** `party:<id>` or `account:<id>`: the holds that cover it (on it, its party, or its accounts). */
  subject?: string | undefined;
  active?: boolean | undefined;
}

export class LegalHoldService {
  constructor(private readonly deps: ServiceDeps) {}

  /** `input` is the body of `POST /v1/legal-holds` as received; it is validated here for every edge. */
  async setHold(actor: Actor, input: unknown): Promise<LegalHoldRecord> {
    requirePermission(actor, 'legal-holds:write');
    const { subject: named, reason } = parseInput(LegalHoldInputSchema, input);
    const { store } = this.deps;
    return store.transaction(async () => {
      const subject = await this.resolveSubject(actor.tenantId, named, 'body.subject.id');
      const hold: LegalHoldRecord = {
        id: this.deps.newId(),
        tenantId: actor.tenantId,
        subject,
        reason,
        setBy: `${actor.type}:${actor.id}`,
        setAt: this.deps.now(),
        releasedBy: null,
        releasedAt: null,
        releaseReason: null,
      };
      await store.legalHolds.insert(hold);
      await recordLedgerEntry(this.deps, actor.tenantId, 'legal_hold', hold.id);
      await recordAudit(
        this.deps,
        actor,
        'legal_hold.set',
        { type: 'legal_hold', id: hold.id },
        // The reason is kept on the hold (and committed to by the ledger), not copied here: it may name people.
        { subjectType: subject.type, subjectId: subject.id },
      );
      return hold;
    });
  }

  /** Releases an active hold; a hold released already answers LEGAL_HOLD_RELEASED and is left as it was. */
  async releaseHold(actor: Actor, id: string, input: unknown): Promise<LegalHoldRecord> {
    requirePermission(actor, 'legal-holds:write');
    const { reason } = parseInput(LegalHoldReleaseSchema, input);
    const { store } = this.deps;
    return store.transaction(async () => {
      const hold = await this.getHold(actor, id);
      const release = { by: `${actor.type}:${actor.id}`, at: this.deps.now(), reason };
      // The update is conditional on the hold being active: of two concurrent releases, one wins.
      if (hold.releasedAt !== null || !(await store.legalHolds.release(actor.tenantId, id, release))) {
        throw new AppError('LEGAL_HOLD_RELEASED', `The legal hold ${id} was released already.`, {
          field: 'path.id',
        });
      }
      await recordLedgerEntry(this.deps, actor.tenantId, 'legal_hold', id, 'updated');
      await recordAudit(
        this.deps,
        actor,
        'legal_hold.released',
        { type: 'legal_hold', id },
        { subjectType: hold.subject.type, subjectId: hold.subject.id },
      );
      return { ...hold, releasedBy: release.by, releasedAt: release.at, releaseReason: reason };
    });
  }

  async getHold(actor: Actor, id: string): Promise<LegalHoldRecord> {
    requirePermission(actor, 'legal-holds:read');
    const hold = UUID.test(id) ? await this.deps.store.legalHolds.get(actor.tenantId, id) : undefined;
    if (hold === undefined) {
      throw new AppError('LEGAL_HOLD_NOT_FOUND', `No legal hold ${id}.`, { field: 'path.id' });
    }
    return hold;
  }

  /** Newest first. A subject of another tenant (or none) is not found, as on every other route. */
  async listHolds(
    actor: Actor,
    query: LegalHoldListQuery,
    page: PageRequest,
  ): Promise<Page<LegalHoldRecord>> {
    requirePermission(actor, 'legal-holds:read');
    let covering: LegalHoldSubject | undefined;
    if (query.subject !== undefined) {
      const named = parseSubjectRef(query.subject);
      if (named === undefined) {
        throw new AppError('VALIDATION_FAILED', 'query.subject: give party:<id> or account:<id>.', {
          problems: [
            { field: 'query.subject', code: 'invalid_format', message: 'give party:<id> or account:<id>' },
          ],
        });
      }
      covering = await this.resolveSubject(actor.tenantId, named, 'query.subject');
    }
    return this.deps.store.legalHolds.list(actor.tenantId, { covering, active: query.active }, page);
  }

  /**
   * Whether retention must keep the subject's records: an account is held if it or its party is; a
   * party is held if it or any of its accounts is. For system jobs (retention), which act for every
   * tenant: no actor, the tenant of the record being considered.
   */
  isHeld(tenantId: string, subject: LegalHoldSubject): Promise<boolean> {
    return this.deps.store.legalHolds.isCovered(tenantId, subject);
  }

  /** The subject as stored (an account named by its external id becomes its id), within the tenant. */
  private async resolveSubject(
    tenantId: string,
    named: LegalHoldSubjectInput,
    field: string,
  ): Promise<LegalHoldSubject> {
    const { parties, accounts } = this.deps.store;
    if (named.type === 'party') {
      const party = UUID.test(named.id) ? await parties.get(tenantId, named.id) : undefined;
      if (party === undefined) throw new AppError('PARTY_NOT_FOUND', `No party ${named.id}.`, { field });
      return { type: 'party', id: party.id };
    }
    const account =
      (UUID.test(named.id) ? await accounts.get(tenantId, named.id) : undefined) ??
      (await accounts.getByExternalId(tenantId, named.id));
    if (account === undefined) throw new AppError('ACCOUNT_NOT_FOUND', `No account ${named.id}.`, { field });
    return { type: 'account', id: account.id };
  }
}

/** Bad input is 422 LEGAL_HOLD_INVALID with every problem's field path (`body.reason`, …). */
function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = problemsFromIssues(parsed.error.issues, 'body');
  const first = problems[0];
  throw new AppError(
    'LEGAL_HOLD_INVALID',
    first === undefined ? 'The legal hold is invalid.' : `${first.field}: ${first.message}`,
    { problems },
  );
}
