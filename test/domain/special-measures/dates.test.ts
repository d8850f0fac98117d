import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  currentExpiry,
  extendMeasure,
  measureDateWarnings,
  measureStatus,
  sweepActionDeadline,
} from '../../../src/domain/special-measures/dates.ts';
import {
  SpecialMeasureInputSchema,
  SpecialMeasureSchema,
} from '../../../src/domain/special-measures/schema.ts';
import { aMeasure } from './builders.ts';

const at = (iso: string) => new Date(iso);

describe('special measure input', () => {
  const base = {
    kind: 'prohibit',
    target: { type: 'jurisdiction', countries: ['IR'] },
    determinationDate: '2026-01-15',
    citation: 'x',
  };
  const problems = (input: Record<string, unknown>) => {
    const result = SpecialMeasureInputSchema.safeParse({ ...base, ...input });
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
  };

  it('rejects a condition measure without conditions and a prohibition with them', () => {
    assert.deepEqual(problems({ kind: 'condition' }), ['conditions']);
    assert.deepEqual(problems({ conditions: [{ type: 'enhanced_monitoring' }] }), ['conditions']);
  });

  it('rejects dates out of order, an empty jurisdiction and lower-case country codes', () => {
    assert.deepEqual(problems({ effectiveDate: '2026-01-14' }), ['effectiveDate']);
    assert.deepEqual(problems({ effectiveDate: '2026-08-01', expiryDate: '2026-08-01' }), ['expiryDate']);
    assert.deepEqual(problems({ target: { type: 'jurisdiction', countries: [] } }), ['target.countries']);
    assert.deepEqual(problems({ target: { type: 'jurisdiction', countries: ['ir'] } }), [
      'target.countries.0',
    ]);
    assert.deepEqual(problems({ determinationDate: '2026-02-30' }), ['determinationDate']);
  });

  it('rejects codes that name no country: the measure would never apply', () => {
    assert.deepEqual(problems({ target: { type: 'jurisdiction', countries: ['IR', 'UK'] } }), [
      'target.countries.1',
    ]);
    assert.deepEqual(problems({ target: { type: 'jurisdiction', countries: ['XK'] } }), []);
    assert.deepEqual(problems({ target: { type: 'jurisdiction', regions: ['QQ-43'] } }), [
      'target.regions.0',
    ]);
    assert.deepEqual(
      problems({
        target: { type: 'person', names: ['X'], identifiers: [{ type: 'p', value: '1', country: 'UK' }] },
      }),
      ['target.identifiers.0.country'],
    );
    assert.deepEqual(problems({ target: { type: 'person', names: ['Ivan Petrov', '#42'] } }), [
      'target.names.1',
    ]);
    // A measure stored before the check still loads: only input is held to it.
    const stored = { ...aMeasure(), target: { type: 'jurisdiction', countries: ['UK'], regions: [] } };
    assert.equal(SpecialMeasureSchema.safeParse(stored).success, true);
  });
});

describe('special measure dates', () => {
  it('takes effect 180 days after determination and lasts 365 days by default', () => {
    const measure = aMeasure();
    assert.equal(measure.effectiveDate, '2026-07-14');
    assert.equal(measure.expiryDate, '2027-07-14');
    assert.deepEqual(measureDateWarnings(measure), []);
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  });

  it('keeps explicit dates, and warns when the effective date gives less than 180 days of notice', () => {
    const measure = aMeasure({ effectiveDate: '2026-03-01' });
    assert.equal(measure.expiryDate, '2027-03-01');
    assert.equal(measureDateWarnings(measure).length, 1);
  });

  it('is scheduled before its effective date, in force from it, and expired from its expiry date', () => {
    const measure = aMeasure();
    assert.equal(measureStatus(measure, at('2026-07-13T23:59:59.999Z')), 'scheduled');
    assert.equal(measureStatus(measure, at('2026-07-14T00:00:00Z')), 'in_force');
    assert.equal(measureStatus(measure, at('2027-07-13T23:59:59.999Z')), 'in_force');
    assert.equal(measureStatus(measure, at('2027-07-14T00:00:00Z')), 'expired');
  });
});

describe('special measure extensions', () => {
  it('refuses an extension that does not move the expiry later, or predates the measure', () => {
    const measure = aMeasure();
    const earlier = extendMeasure(measure, { determinationDate: '2027-05-01', expiryDate: '2027-07-14' });
    assert.deepEqual(!earlier.ok && [earlier.problem.field, earlier.problem.code], [
      'expiryDate',
      'expiry_not_later',
    ]);
    const predates = extendMeasure(measure, { determinationDate: '2025-12-31' });
    assert.deepEqual(!predates.ok && predates.problem.code, 'determined_before_measure');
  });

  it('keeps an extended measure in force past its original expiry, 365 more days by default', () => {
    const extended = extendMeasure(aMeasure(), { determinationDate: '2027-05-01', citation: '92 FR 1' });
    assert.ok(extended.ok);
    assert.equal(currentExpiry(extended.measure), '2028-07-13');
    assert.equal(extended.measure.expiryDate, '2027-07-14', 'the original expiry stays on record');
    assert.equal(measureStatus(extended.measure, at('2027-12-01T00:00:00Z')), 'in_force');
    const again = extendMeasure(extended.measure, {
      determinationDate: '2028-05-01',
      expiryDate: '2029-01-01',
    });
    assert.ok(again.ok);
    assert.equal(again.measure.extensions.length, 2);
    assert.equal(measureStatus(again.measure, at('2028-12-31T12:00:00Z')), 'in_force');
    assert.equal(measureStatus(again.measure, at('2029-01-01T00:00:00Z')), 'expired');
  });
});

describe('sweep deadlines', () => {
  it('closes existing accounts under a prohibition, and conditions them under a condition, by the effective date', () => {
    assert.deepEqual(sweepActionDeadline(aMeasure()), {
      measureId: 'measure-1',
      action: 'close',
      conditions: [],
      dueBy: '2026-07-14',
    });
    const conditioned = aMeasure({ kind: 'condition', conditions: [{ type: 'enhanced_monitoring' }] });
    assert.equal(sweepActionDeadline(conditioned).action, 'apply_conditions');
  });
});
