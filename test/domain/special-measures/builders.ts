import { withDefaultDates } from '../../../src/domain/special-measures/dates.ts';
import {
  SpecialMeasureInputSchema,
  type SpecialMeasure,
} from '../../../src/domain/special-measures/schema.ts';

/** A measure as the service would store it: the input validated, dates defaulted, an id given. */
export function aMeasure(input: Record<string, unknown> = {}, id = 'measure-1'): SpecialMeasure {
  const parsed = SpecialMeasureInputSchema.parse({
    kind: 'prohibit',
    target: { type: 'jurisdiction', countries: ['IR'] },
    determinationDate: '2026-01-15',
    citation: '91 FR 1234 (fictional)',
    ...input,
  });
  return { id, ...withDefaultDates(parsed) };
}
