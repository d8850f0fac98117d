import type { Signal } from '../domain/determination/signals.ts';
import { extendMeasure, sweepActionDeadline, withDefaultDates } from '../domain/special-measures/dates.ts';
import { matchMeasure } from '../domain/special-measures/evaluate.ts';
import { subjectFromApplication, type SubjectSourceApplication } from '../domain/special-measures/subject.ts';
import type { MeasureActionRecord, SweepCandidate } from '../storage/port.ts';
import {
  SpecialMeasureSchema,
  type MeasureExtensionInput,
  type SpecialMeasure,
  type SpecialMeasureInput,
} from '../domain/special-measures/schema.ts';
import { AppError } from '../errors.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

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
    const { found } = await this.sweep(actor, measure.id);
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
   * Finds the existing accounts a measure touches and records the action due on each (close, or apply
   * the conditions) with its deadline, the effective date. Safe to repeat: an account is recorded once
   * per measure. Matches on the account's current party data and its latest determination's countries.
   */
  async sweep(actor: Actor, measureId: string): Promise<{ found: number; actions: MeasureActionRecord[] }> {
    requirePermission(actor, 'measures:write');
    const measure = await this.getMeasure(actor, measureId);
    const due = sweepActionDeadline(measure);
    const { store } = this.deps;
    let found = 0;
    let after: string | undefined;
    for (;;) {
      const batch = await store.measures.sweepCandidates(actor.tenantId, after, 500);
      for (const candidate of batch) {
        const hit = matchMeasure(measure, subjectOf(candidate));
        if (hit === null) continue;
        const created = await store.measures.insertAction({
          id: this.deps.newId(),
          tenantId: actor.tenantId,
          measureId,
          accountId: candidate.account.id,
          action: due.action,
          dueBy: due.dueBy,
          matchedOn: hit.matchedOn,
          status: 'open',
          createdAt: this.deps.now(),
        });
        if (created) found += 1;
      }
      after = batch.at(-1)?.account.id;
      if (batch.length < 500) break;
    }
    await recordAudit(
      this.deps,
      actor,
      'special_measure.swept',
      { type: 'special_measure', id: measureId },
      { found },
    );
    return { found, actions: await store.measures.listActions(actor.tenantId, measureId) };
  }

  async listActions(actor: Actor, measureId: string): Promise<MeasureActionRecord[]> {
    await this.getMeasure(actor, measureId);
    return this.deps.store.measures.listActions(actor.tenantId, measureId);
  }

  /** Every measure of the tenant, parsed (used by decisions; not permission-checked here). */
  async measuresOf(tenantId: string): Promise<SpecialMeasure[]> {
    const records = await this.deps.store.measures.list(tenantId);
    return records.map((r) => SpecialMeasureSchema.parse(r.definition));
  }
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
