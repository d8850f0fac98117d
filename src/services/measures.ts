import type { Signal } from '../domain/determination/signals.ts';
import { extendMeasure, sweepActionDeadline, withDefaultDates } from '../domain/special-measures/dates.ts';
import { matchMeasure } from '../domain/special-measures/evaluate.ts';
import { subjectFromApplication, type SubjectSourceApplication } from '../domain/special-measures/subject.ts';
import type { MeasureActionRecord, SweepCandidate, SweepTrigger } from '../storage/port.ts';
import { signalsFromApplication } from '../domain/determination/from-application.ts';
import {
  SpecialMeasureSchema,
  type MeasureExtensionInput,
  type SpecialMeasure,
  type SpecialMeasureInput,
} from '../domain/special-measures/schema.ts';
import { AppError } from '../errors.ts';
import { recordAudit } from './audit.ts';
import { maskMeasureMatch, readPurpose } from './personal-data.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { emitEvent } from './events.ts';
import { recordLedgerEntry } from './ledger.ts';

/** The registry of special measures a tenant must obey (entered by its compliance team). */
export class MeasureService {
  constructor(private readonly deps: ServiceDeps) {}

  async createMeasure(actor: Actor, input: SpecialMeasureInput): Promise<SpecialMeasure> {
    requirePermission(actor, 'measures:write');
    const measure: SpecialMeasure = { id: this.deps.newId(), ...withDefaultDates(input) };
    return this.deps.store.transaction(async () => {
      await this.deps.store.measures.insert({
        id: measure.id,
        tenantId: actor.tenantId,
        definition: measure,
        createdAt: this.deps.now(),
      });
      await recordLedgerEntry(this.deps, actor.tenantId, 'special_measure', measure.id);
      await recordAudit(
        this.deps,
        actor,
        'special_measure.created',
        { type: 'special_measure', id: measure.id },
        { kind: measure.kind },
      );
      return measure;
    });
  }

  /** Records the measure, then sweeps the existing accounts at once (the sweep can be re-run). */
  async createMeasureAndSweep(
    actor: Actor,
    input: SpecialMeasureInput,
  ): Promise<{ measure: SpecialMeasure; sweep: { found: number } }> {
    const measure = await this.createMeasure(actor, input);
    const { found } = await this.sweep(actor, measure.id, 'created');
    return { measure, sweep: { found } };
  }

  /** Extends a measure's expiry (a new determination); the history of extensions is kept. */
  async extendMeasure(actor: Actor, id: string, extension: MeasureExtensionInput): Promise<SpecialMeasure> {
    requirePermission(actor, 'measures:write');
    return this.deps.store.transaction(async () => {
      await this.deps.store.lockForTransaction(`gatehouse:measure:${id}`);
      const result = extendMeasure(await this.getMeasure(actor, id), extension);
      if (!result.ok) {
        const { field, code, message } = result.problem;
        throw new AppError('VALIDATION_FAILED', `${field} ${message}`, {
          problems: [{ field: `body.${field}`, code, message }],
        });
      }
      await this.deps.store.measures.updateDefinition(actor.tenantId, id, result.measure);
      await recordLedgerEntry(this.deps, actor.tenantId, 'special_measure', id, 'extended');
      await recordAudit(
        this.deps,
        actor,
        'special_measure.extended',
        { type: 'special_measure', id },
        { extensions: result.measure.extensions.length },
      );
      return result.measure;
    });
  }

  async listMeasures(actor: Actor): Promise<SpecialMeasure[]> {
    requirePermission(actor, 'measures:read');
    return this.measuresOf(actor.tenantId);
  }

  async getMeasure(actor: Actor, id: string): Promise<SpecialMeasure> {
    requirePermission(actor, 'measures:read');
    const record = await this.deps.store.measures.get(actor.tenantId, id);
    if (record === undefined)
      throw new AppError('MEASURE_NOT_FOUND', 'No such special measure.', { field: 'path.id' });
    return SpecialMeasureSchema.parse(record.definition);
  }

  /**
   * Finds the existing accounts a measure touches, the tenant's and its resellers', and records the
   * action due on each (close, or apply the conditions) with its deadline, the effective date. Safe to repeat: an account is recorded once
   * per measure. Matches on the account's current party data, its latest determination's countries,
   * and, for an entity, the current data of each owner and signatory (a named-person measure may name
   * one of them rather than the entity).
   */
  async sweep(
    actor: Actor,
    measureId: string,
    trigger: SweepTrigger = 'manual',
  ): Promise<{ found: number; actions: MeasureActionRecord[] }> {
    requirePermission(actor, 'measures:write');
    const measure = await this.getMeasure(actor, measureId);
    const due = sweepActionDeadline(measure);
    const { store } = this.deps;
    let found = 0;
    let after: string | undefined;
    for (;;) {
      const batch = await store.measures.sweepCandidates(actor.tenantId, after, 500);
      for (const candidate of batch) {
        const hit = matchCandidate(measure, candidate);
        if (hit === null) continue;
        if (await this.recordAction(actor, measure, candidate.account.id, due, hit)) found += 1;
      }
      after = batch.at(-1)?.account.id;
      if (batch.length < 500) break;
    }
    await store.transaction(async () => {
      await store.lifecycle.recordSweep({
        id: this.deps.newId(),
        tenantId: actor.tenantId,
        measureId,
        trigger,
        found,
        ranAt: this.deps.now(),
      });
      await recordAudit(
        this.deps,
        actor,
        'special_measure.swept',
        { type: 'special_measure', id: measureId },
        { found, trigger },
      );
    });
    return { found, actions: await store.measures.listActions(actor.tenantId, measureId) };
  }

  /**
   * Scheduler job (every tenant): sweeps each measure once on the day it comes into force, catching
   * accounts opened between the measure's creation and its effective date.
   */
  async sweepMeasuresComingIntoForce(limit = 100): Promise<{ swept: number; found: number }> {
    const today = this.deps.now().toISOString().slice(0, 10);
    let swept = 0;
    let found = 0;
    for (const { tenantId, id } of await this.deps.store.lifecycle.measuresDueForEffectiveSweepUnscoped(
      today,
      limit,
    )) {
      const actor: Actor = { tenantId, type: 'system', id: 'scheduler', role: 'admin', requestId: null };
      found += (await this.sweep(actor, id, 'effective')).found;
      swept += 1;
    }
    return { swept, found };
  }

  async listSweeps(actor: Actor, measureId: string) {
    await this.getMeasure(actor, measureId);
    return this.deps.store.lifecycle.listSweeps(actor.tenantId, measureId);
  }

  private async recordAction(
    actor: Actor,
    measure: SpecialMeasure,
    accountId: string,
    due: ReturnType<typeof sweepActionDeadline>,
    hit: { matchedOn: unknown },
  ): Promise<boolean> {
    return this.deps.store.transaction(async () => {
      const id = this.deps.newId();
      const created = await this.deps.store.measures.insertAction({
        id,
        tenantId: actor.tenantId,
        measureId: measure.id,
        accountId,
        action: due.action,
        dueBy: due.dueBy,
        matchedOn: hit.matchedOn,
        status: 'open',
        createdAt: this.deps.now(),
      });
      if (created) {
        await recordLedgerEntry(this.deps, actor.tenantId, 'measure_action', id);
        await emitEvent(
          this.deps,
          actor.tenantId,
          'measure.action_due',
          { type: 'special_measure', id: measure.id },
          { measureId: measure.id, accountId, actionId: id, action: due.action, dueBy: due.dueBy },
        );
      }
      return created;
    });
  }

  /**
   * The name or number an action matched is the customer's: masked for roles without the right, and
   * every read is audited (`measure_actions.listed`: the accounts listed, masked or not, the purpose).
   */
  async listActions(actor: Actor, measureId: string, purpose?: string): Promise<MeasureActionRecord[]> {
    await this.getMeasure(actor, measureId);
    const read = await readPurpose(this.deps, actor, purpose);
    const actions = await this.deps.store.measures.listActions(actor.tenantId, measureId);
    await recordAudit(
      this.deps,
      actor,
      'measure_actions.listed',
      { type: 'special_measure', id: measureId },
      { accounts: actions.map((a) => a.accountId), ...read },
    );
    if (!read.masked) return actions;
    return actions.map((a) => ({
      ...a,
      matchedOn: (a.matchedOn as Array<{ attribute: string; value: string }>).map(maskMeasureMatch),
    }));
  }

  /**
   * Every measure that binds the tenant's applications, parsed (used by decisions; not
   * permission-checked here): its own and, for a reseller, its provider's, since measures apply to
   * reseller accounts too.
   */
  async measuresOf(tenantId: string): Promise<SpecialMeasure[]> {
    const { store } = this.deps;
    const parentId = (await store.tenants.getUnscoped(tenantId))?.parentId ?? null;
    const records = [
      ...(parentId === null ? [] : await store.measures.list(parentId)),
      ...(await store.measures.list(tenantId)),
    ];
    return records.map((r) => SpecialMeasureSchema.parse(r.definition));
  }
}

/**
 * The customer first; then each beneficial owner and signatory, whose match is tagged with their role
 * and party id (`beneficialOwner` or `signatory`).
 */
function matchCandidate(measure: SpecialMeasure, candidate: SweepCandidate): { matchedOn: unknown } | null {
  const own = matchMeasure(measure, subjectOf(candidate));
  if (own !== null) return own;
  for (const person of candidate.people) {
    const source = { ...person.data, type: 'individual' } as SubjectSourceApplication;
    const hit = matchMeasure(measure, subjectFromApplication(source, signalsFromApplication(source)));
    const tag = person.role === 'signatory' ? 'signatory' : 'beneficialOwner';
    if (hit !== null) return { matchedOn: hit.matchedOn.map((m) => ({ ...m, [tag]: person.partyId })) };
  }
  return null;
}

/** The stored determination keeps each signal's country as `value`; measures read them as signals. */
function subjectOf(candidate: SweepCandidate) {
  const determination = candidate.latestDetermination as {
    signals?: Array<{ kind: string; value: string | null }>;
  } | null;
  const signals = (determination?.signals ?? []).map(
    (s) => ({ kind: s.kind, country: s.value }) as unknown as Signal,
  );
  const source = { ...candidate.partyData, type: candidate.partyType } as SubjectSourceApplication;
  return subjectFromApplication(source, signals);
}
