import { withDefaultDates } from '../domain/special-measures/dates.ts';
import {
  SpecialMeasureSchema,
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

  /** Every measure of the tenant, parsed (used by decisions; not permission-checked here). */
  async measuresOf(tenantId: string): Promise<SpecialMeasure[]> {
    const records = await this.deps.store.measures.list(tenantId);
    return records.map((r) => SpecialMeasureSchema.parse(r.definition));
  }
}
