import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BUILT_IN_PROFILES,
  DEFAULT_PROFILE_ID,
  findBuiltInProfile,
} from '../../../src/domain/profiles/built-in.ts';
import { parseTenantProfile } from '../../../src/domain/profiles/parse.ts';
import { RuleProfileSchema, type RuleProfile } from '../../../src/domain/profiles/profile.ts';
import {
  isBeneficialOwner,
  missingApplicationFields,
  missingRequiredFields,
  verificationProgress,
} from '../../../src/domain/profiles/requirements.ts';

function profile(id: string): RuleProfile {
  const found = findBuiltInProfile(id);
  assert.ok(found, id);
  return found;
}

/** A tenant profile derived from the default, with overrides; JSON round-trip makes it a plain copy. */
function aTenantProfile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = JSON.parse(JSON.stringify(profile(DEFAULT_PROFILE_ID))) as Record<string, unknown>;
  return { ...base, id: 'acme-strict', name: 'Acme strict', ...overrides };
}

describe('built-in rule profiles', () => {
  it('are valid profiles, us-iaas-2024 is the default, and they cannot be changed in place', () => {
    assert.equal(DEFAULT_PROFILE_ID, 'us-iaas-2024');
    assert.deepEqual(
      BUILT_IN_PROFILES.map((p) => p.id),
      ['us-iaas-2024', 'us-bank-cip'],
    );
    for (const built of BUILT_IN_PROFILES) assert.deepEqual(RuleProfileSchema.parse(built), built);
    const iaas = profile('us-iaas-2024');
    assert.throws(() => {
      (iaas.retention as { years: number }).years = 1;
    }, TypeError);
  });

  it('us-iaas-2024 keeps records two years after the later of closure and last access', () => {
    const iaas = profile('us-iaas-2024');
    assert.deepEqual(iaas.retention, { years: 2, anchor: 'later_of_closure_and_last_access' });
    assert.equal(iaas.fullCipFor, 'foreign_persons');
    assert.equal(iaas.usPerson.undeterminedTreatedAs, 'foreign');
    assert.equal(iaas.beneficialOwnerThresholdPercent, 25);
    assert.ok(!iaas.requiredFields.individual.includes('nationalIds'));
    assert.ok(!iaas.requiredFields.individual.includes('dateOfBirth'));
  });

  it('us-bank-cip requires name, date of birth, address and an ID number of everyone, for five years after closure', () => {
    const bank = profile('us-bank-cip');
    assert.deepEqual(bank.requiredFields.individual, ['name.full', 'dateOfBirth', 'address', 'nationalIds']);
    assert.deepEqual(bank.retention, { years: 5, anchor: 'closure' });
    assert.equal(bank.fullCipFor, 'all_customers');
  });
});

describe('tenant-defined profiles', () => {
  it('rejects malformed JSON', () => {
    const result = parseTenantProfile('{ not json', 'body');
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems.map((p) => [p.field, p.code]), [
      ['body', 'malformed_json'],
    ]);
  });

  it('rejects the id of a built-in profile, so a tenant cannot shadow it', () => {
    const result = parseTenantProfile(aTenantProfile({ id: 'us-iaas-2024' }));
    assert.deepEqual(!result.ok && result.problems.map((p) => [p.field, p.code]), [
      ['profile.id', 'reserved_id'],
    ]);
  });

  it('names every wrong field: unknown field paths, impossible verification, inverted thresholds, unknown keys', () => {
    const base = aTenantProfile();
    const result = parseTenantProfile({
      ...base,
      requiredFields: { individual: ['name.full', 'shoeSize'], entity: [], beneficialOwner: [] },
      verification: {
        anyOf: ['email_possession'],
        minimum: 2,
        required: ['document'],
        maxFailedAttempts: 3,
        afterFailedAttempts: 'deny',
      },
      screening: { block: 0.5, review: 0.9 },
      colour: 'blue',
    });
    assert.equal(result.ok, false);
    const fields = !result.ok ? result.problems.map((p) => p.field) : [];
    for (const field of [
      'profile.requiredFields.individual.1',
      'profile.verification.minimum',
      'profile.verification.required.0',
      'profile.screening.review',
      'profile.colour',
    ]) {
      assert.ok(fields.includes(field), `${field} in ${fields.join(', ')}`);
    }
  });

  it('refuses a US jurisdiction that names no country (UK), with the code GB as the hint', () => {
    const base = aTenantProfile();
    const usPerson = { ...(base.usPerson as object), usJurisdictions: ['US', 'UK', 'PR'] };
    const result = parseTenantProfile({ ...base, usPerson }, 'profile', { isNew: true });
    assert.equal(result.ok, false);
    const problems = !result.ok ? result.problems.map((p) => [p.field, p.message]) : [];
    assert.deepEqual(
      problems.map(([field]) => field),
      ['profile.usPerson.usJurisdictions.1'],
    );
    assert.match(String(problems[0]?.[1]), /United Kingdom is GB/);
    // Only a new profile is held to it: a version stored before the check still loads.
    const stored = parseTenantProfile({ ...base, usPerson });
    assert.equal(stored.ok, true);
  });

  it('accepts a valid profile and fills in the defaults', () => {
    const input = aTenantProfile();
    delete input.beneficialOwnerThresholdPercent;
    const result = parseTenantProfile(JSON.stringify(input));
    assert.ok(result.ok);
    assert.equal(result.profile.id, 'acme-strict');
    assert.equal(result.profile.beneficialOwnerThresholdPercent, 25);
  });
});

describe('required fields', () => {
  const anna = {
    type: 'individual' as const,
    name: { full: 'Anna Maria Eriksson' },
    address: { line1: '  ', city: '', country: '' },
    emails: [],
    phones: ['+46701234567'],
  };

  it('counts blank strings, empty lists and empty objects as missing', () => {
    assert.deepEqual(missingRequiredFields(profile('us-iaas-2024'), 'individual', anna), [
      'address',
      'emails',
      'paymentInstruments',
    ]);
  });

  it('asks a US person only for the light list under the IaaS profile, but everything under bank CIP', () => {
    const iaas = profile('us-iaas-2024');
    assert.deepEqual(missingRequiredFields(iaas, 'individual', anna, { treatedAs: 'us_person' }), [
      'address',
      'emails',
    ]);
    assert.deepEqual(
      missingRequiredFields(profile('us-bank-cip'), 'individual', anna, { treatedAs: 'us_person' }),
      ['dateOfBirth', 'address', 'nationalIds'],
    );
  });

  it('checks the fields of each beneficial owner, but not of a minority holder without control', () => {
    const entity = {
      type: 'entity' as const,
      legalName: 'Nordlys Data AB',
      incorporation: { country: 'SE', number: '556677-8899' },
      address: { line1: 'Sveavägen 1', city: 'Stockholm', country: 'SE' },
      emails: ['ops@nordlys.example'],
      phones: ['+4681234567'],
      paymentInstruments: [{ type: 'invoice' }],
      beneficialOwners: [
        { name: { full: 'Erik Nordlund' }, ownershipPercent: 60, emails: ['erik@nordlys.example'] },
        { name: { full: 'Sara Lind' }, ownershipPercent: 10 },
        { name: { full: 'Olof Berg' }, control: true, address: { line1: 'x', city: 'y', country: 'SE' } },
      ],
    };
    assert.deepEqual(missingApplicationFields(profile('us-iaas-2024'), entity), [
      'beneficialOwners[0].address',
      'beneficialOwners[0].phones',
      'beneficialOwners[2].emails',
      'beneficialOwners[2].phones',
    ]);
  });

  it('makes a person a beneficial owner at 25% or by control', () => {
    const iaas = profile('us-iaas-2024');
    assert.equal(isBeneficialOwner(iaas, { ownershipPercent: 24.9 }), false);
    assert.equal(isBeneficialOwner(iaas, { ownershipPercent: 25 }), true);
    assert.equal(isBeneficialOwner(iaas, { control: true }), true);
  });
});

describe('verification progress', () => {
  it('is not satisfied by methods the profile does not accept', () => {
    const bank = profile('us-bank-cip');
    const progress = verificationProgress(bank, ['email_possession', 'phone_possession']);
    assert.equal(progress.satisfied, false);
    assert.deepEqual(progress.counted, []);
    assert.equal(progress.stillNeeded, 1);
    assert.deepEqual(progress.acceptable, ['document', 'vendor']);
  });

  it('needs two distinct methods under the IaaS profile, and required methods whatever the count', () => {
    const iaas = profile('us-iaas-2024');
    assert.equal(verificationProgress(iaas, ['email_possession', 'email_possession']).stillNeeded, 1);
    assert.equal(verificationProgress(iaas, ['email_possession', 'phone_possession']).satisfied, true);
    const strict = { ...iaas, verification: { ...iaas.verification, required: ['document' as const] } };
    const progress = verificationProgress(strict, ['email_possession', 'phone_possession']);
    assert.deepEqual(
      [progress.satisfied, progress.missingRequired, progress.stillNeeded],
      [false, ['document'], 1],
    );
  });
});
