import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Signal } from '../../../src/domain/determination/signals.ts';
import {
  describeMatch,
  evaluateMeasures,
  matchMeasure,
  type MeasureSubject,
} from '../../../src/domain/special-measures/evaluate.ts';
import { normalizeName } from '../../../src/domain/special-measures/names.ts';
import { subjectFromApplication } from '../../../src/domain/special-measures/subject.ts';
import { aMeasure } from './builders.ts';

const inForce = new Date('2026-09-01T00:00:00Z');
const aSubject = (overrides: Partial<MeasureSubject> = {}): MeasureSubject => ({
  countries: {},
  names: ['Anna Maria Eriksson'],
  identifiers: [],
  ...overrides,
});

describe('evaluating jurisdiction measures', () => {
  const prohibitIran = aMeasure({}, 'prohibit-ir');
  const conditionRussia = aMeasure(
    {
      kind: 'condition',
      target: { type: 'jurisdiction', countries: ['RU'] },
      conditions: [
        { type: 'extra_verification', methods: ['document', 'vendor'] },
        { type: 'service_limits', maxInstances: 1, allowGpu: false },
      ],
    },
    'condition-ru',
  );

  it('ignores a customer with no tie to the jurisdiction', () => {
    const subject = aSubject({ countries: { nationality: ['SE'], residence: ['SE'], ip: ['GB'] } });
    assert.deepEqual(evaluateMeasures([prohibitIran, conditionRussia], subject, inForce), []);
  });

  it('ignores measures that are not in force yet or any more', () => {
    const subject = aSubject({ countries: { residence: ['IR'] } });
    assert.deepEqual(evaluateMeasures([prohibitIran], subject, new Date('2026-07-13T00:00:00Z')), []);
    assert.deepEqual(evaluateMeasures([prohibitIran], subject, new Date('2027-07-14T00:00:00Z')), []);
  });

  it('denies a new application from a prohibited country, and conditions one from a conditioned country', () => {
    const iranian = aSubject({ countries: { nationality: ['IR'], residence: ['TR'], ip: ['IR', 'TR'] } });
    assert.deepEqual(evaluateMeasures([prohibitIran, conditionRussia], iranian, inForce), [
      {
        measureId: 'prohibit-ir',
        kind: 'prohibit',
        action: 'deny',
        conditions: [],
        matchedOn: [
          { attribute: 'nationality', value: 'IR' },
          { attribute: 'ip', value: 'IR' },
        ],
        status: 'in_force',
        citation: '91 FR 1234 (fictional)',
      },
    ]);
    const paysFromRussia = aSubject({ countries: { residence: ['AM'], payment: ['RU'] } });
    const [hit, ...rest] = evaluateMeasures([prohibitIran, conditionRussia], paysFromRussia, inForce);
    assert.equal(rest.length, 0);
    assert.equal(hit?.action, 'condition');
    assert.deepEqual(hit?.matchedOn, [{ attribute: 'payment', value: 'RU' }]);
    assert.deepEqual(hit?.conditions, conditionRussia.conditions);
  });

  it('looks only at the attributes a measure names', () => {
    const nationalsOnly = aMeasure({
      target: { type: 'jurisdiction', countries: ['IR'], attributes: ['nationality'] },
    });
    assert.equal(
      matchMeasure(nationalsOnly, aSubject({ countries: { ip: ['IR'], residence: ['IR'] } })),
      null,
    );
    assert.notEqual(matchMeasure(nationalsOnly, aSubject({ countries: { nationality: ['IR'] } })), null);
  });

  it('covers a named region but not the rest of its country, and a country covers its regions', () => {
    const crimea = aMeasure({ target: { type: 'jurisdiction', regions: ['UA-43'] } });
    assert.equal(matchMeasure(crimea, aSubject({ countries: { residence: ['UA', 'UA-30'] } })), null);
    assert.deepEqual(
      matchMeasure(crimea, aSubject({ countries: { residence: ['UA', 'UA-43'] } }))?.matchedOn,
      [{ attribute: 'residence', value: 'UA-43' }],
    );
    assert.notEqual(
      matchMeasure(
        aMeasure({ target: { type: 'jurisdiction', countries: ['UA'] } }),
        aSubject({ countries: { residence: ['UA-43'] } }),
      ),
      null,
    );
  });

  it('applies a measure to existing accounts before it takes effect, for the sweep', () => {
    const scheduled = aMeasure({ determinationDate: '2026-08-01' });
    const subject = aSubject({ countries: { residence: ['IR'] } });
    assert.deepEqual(evaluateMeasures([scheduled], subject, inForce), []);
    assert.equal(matchMeasure(scheduled, subject, 'scheduled')?.status, 'scheduled');
  });
});

describe('evaluating person measures', () => {
  const named = aMeasure({
    target: {
      type: 'person',
      personType: 'individual',
      names: ['ERIKSSON, Anna-María'],
      identifiers: [{ type: 'passport', value: 'L898902C3', country: 'SE' }],
    },
  });

  it('does not match a different spelling (this is not fuzzy screening) or an entity of the same name', () => {
    assert.equal(matchMeasure(named, aSubject({ names: ['Ana Maria Eriksson'] })), null);
    assert.equal(matchMeasure(named, aSubject({ type: 'entity' })), null);
    assert.equal(
      matchMeasure(
        named,
        aSubject({ names: [], identifiers: [{ type: 'passport', value: 'L898902C3', country: 'NO' }] }),
      ),
      null,
    );
  });

  it('matches a name regardless of case, accents, punctuation, spacing and word order', () => {
    assert.equal(normalizeName('  ERIKSSON,  Anna-María '), 'anna eriksson maria');
    assert.equal(normalizeName('Strauß Søren'), 'soren strauss');
    assert.deepEqual(matchMeasure(named, aSubject({ names: ['anna maria   eriksson'] }))?.matchedOn, [
      { attribute: 'name', value: 'anna maria   eriksson' },
    ]);
  });

  it('matches an identifier exactly, ignoring case and separators', () => {
    const subject = aSubject({
      names: ['A. Eriksson'],
      identifiers: [{ type: 'Passport', value: 'l898 902-c3', country: 'SE' }],
    });
    assert.deepEqual(matchMeasure(named, subject)?.matchedOn, [
      { attribute: 'identifier', value: 'Passport l898 902-c3' },
    ]);
  });
});

describe('the subject of an application', () => {
  it('collects the countries from the determination signals, names, identifiers and an ISO region', () => {
    const signals: Signal[] = [
      { kind: 'citizenship', country: 'SE' },
      { kind: 'residence_country', country: 'UA' },
      { kind: 'document_country', country: 'SE' },
      { kind: 'billing_country', country: 'se' },
      { kind: 'phone_country', country: 'UA' },
      { kind: 'ip_country', country: 'PL', ip: '192.0.2.1', context: 'signup' },
      { kind: 'ip_hosting_or_vpn', ip: '192.0.2.1', network: 'x' },
    ];
    const subject = subjectFromApplication(
      {
        type: 'individual',
        name: { full: 'Anna Maria Eriksson', otherScripts: [{ full: 'Анна Мария Эрикссон' }] },
        address: { country: 'UA', region: '43' },
        nationalIds: [{ country: 'SE', number: '811228-9874' }],
        documents: [{ type: 'passport', country: 'SE', number: 'L898902C3' }],
      },
      signals,
    );
    assert.deepEqual(subject.countries, {
      nationality: ['SE'],
      residence: ['UA', 'UA-43'],
      document: ['SE'],
      payment: ['SE'],
      ip: ['PL'],
    });
    assert.deepEqual(subject.names, ['Anna Maria Eriksson', 'Анна Мария Эрикссон']);
    assert.deepEqual(subject.identifiers, [
      { type: 'national_id', value: '811228-9874', country: 'SE' },
      { type: 'passport', value: 'L898902C3', country: 'SE' },
    ]);
  });

  it('describes a match with whose data it was: a path of the application, or a linked person’s party', () => {
    assert.equal(describeMatch({ attribute: 'nationality', value: 'RU' }), 'nationality RU');
    assert.equal(
      describeMatch({ attribute: 'name', value: 'Olga Exampleova', subject: 'signatories[1]' }),
      'signatories[1] name Olga Exampleova',
    );
    assert.equal(
      describeMatch({ attribute: 'identifier', value: 'passport 123', beneficialOwner: 'p-1' }),
      'beneficial owner p-1 identifier passport 123',
    );
    assert.equal(
      describeMatch({ attribute: 'name', value: 'Mari Clerk', signatory: 'p-2' }),
      'signatory p-2 name Mari Clerk',
    );
  });
});
