/**
 * The profiles Gatehouse ships. `us-iaas-2024` follows the 2024 proposal (89 FR 5698, proposed 15 CFR 7
 * subpart D) as summarised in REQUIREMENTS.md; `us-bank-cip` follows the bank CIP rule (31 CFR
 * 1020.220) and the beneficial-ownership rule (31 CFR 1010.230). Both are frozen: a service that wants
 * a variant builds a tenant profile, it never edits these.
 */
import type { RuleProfile } from './profile.ts';

/** The states and DC (US) plus the inhabited territories and the minor outlying islands. */
const US_JURISDICTIONS = ['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM'];

const US_IAAS_2024: RuleProfile = {
  id: 'us-iaas-2024',
  version: 1,
  name: 'US IaaS CIP (2024 proposal)',
  description:
    'Customer Identification Program for US Infrastructure-as-a-Service providers per EO 13984 and the ' +
    'proposed rule 89 FR 5698 (January 2024). Every prospect is potentially foreign until shown to be a US ' +
    'person; foreign customers and their beneficial owners (25% or substantial control) are identified and ' +
    'verified; national ID and date of birth are optional; records are kept two years after the later of ' +
    'closure and last access.',
  fullCipFor: 'foreign_persons',
  requiredFields: {
    individual: ['name.full', 'address', 'emails', 'phones', 'paymentInstruments'],
    entity: [
      'legalName',
      'incorporation.country',
      'address',
      'emails',
      'phones',
      'paymentInstruments',
      'beneficialOwners',
    ],
    // The proposal collects name, address, email and phone for each beneficial owner; payment is per account.
    beneficialOwner: ['name.full', 'address', 'emails', 'phones'],
  },
  usPersonRequiredFields: {
    individual: ['name.full', 'address', 'emails'],
    entity: ['legalName', 'incorporation.country', 'emails'],
    beneficialOwner: [],
  },
  verification: {
    anyOf: ['document', 'email_possession', 'phone_possession', 'payment_instrument_match', 'vendor'],
    minimum: 2,
    required: [],
    maxFailedAttempts: 3,
    afterFailedAttempts: 'restrict',
  },
  usPerson: {
    grounds: { citizenship: true, residence: true, incorporation: true, ipLocation: false },
    usJurisdictions: US_JURISDICTIONS,
    minimumCorroboration: 0.5,
    undeterminedTreatedAs: 'foreign',
  },
  pendingAccount: {
    maxInstances: 2,
    maxMonthlySpendUsd: 100,
    allowGpu: false,
    enhancedMonitoring: true,
    maxPendingDays: 30,
  },
  reverification: { intervalDays: 365 },
  retention: { years: 2, anchor: 'later_of_closure_and_last_access' },
  screening: { block: 0.95, review: 0.8 },
  beneficialOwnerThresholdPercent: 25,
  beneficialOwnerByControl: true,
};

const US_BANK_CIP: RuleProfile = {
  id: 'us-bank-cip',
  version: 1,
  name: 'US bank-style CIP',
  description:
    'Bank-style Customer Identification Program (31 CFR 1020.220) for every customer, US or foreign: name, ' +
    'date of birth, address and an identification number, verified by document or an identity-verification ' +
    'vendor; beneficial owners of entities per 31 CFR 1010.230; records kept five years after closure.',
  fullCipFor: 'all_customers',
  requiredFields: {
    individual: ['name.full', 'dateOfBirth', 'address', 'nationalIds'],
    entity: ['legalName', 'incorporation.country', 'incorporation.number', 'address', 'beneficialOwners'],
    beneficialOwner: ['name.full', 'dateOfBirth', 'address', 'nationalIds'],
  },
  usPersonRequiredFields: {
    individual: ['name.full', 'dateOfBirth', 'address', 'nationalIds'],
    entity: ['legalName', 'incorporation.country', 'incorporation.number', 'address', 'beneficialOwners'],
    beneficialOwner: ['name.full', 'dateOfBirth', 'address', 'nationalIds'],
  },
  verification: {
    anyOf: ['document', 'vendor'],
    minimum: 1,
    required: [],
    maxFailedAttempts: 3,
    afterFailedAttempts: 'deny',
  },
  usPerson: {
    grounds: { citizenship: true, residence: true, incorporation: true, ipLocation: false },
    usJurisdictions: US_JURISDICTIONS,
    minimumCorroboration: 0.5,
    undeterminedTreatedAs: 'foreign',
  },
  pendingAccount: {
    maxInstances: 0,
    maxMonthlySpendUsd: 0,
    allowGpu: false,
    enhancedMonitoring: true,
    maxPendingDays: 30,
  },
  reverification: { intervalDays: null },
  retention: { years: 5, anchor: 'closure' },
  screening: { block: 0.95, review: 0.75 },
  beneficialOwnerThresholdPercent: 25,
  beneficialOwnerByControl: true,
};

export const DEFAULT_PROFILE_ID = 'us-iaas-2024';

export const BUILT_IN_PROFILES: readonly RuleProfile[] = [US_IAAS_2024, US_BANK_CIP].map(deepFreeze);

export function findBuiltInProfile(id: string): RuleProfile | undefined {
  return BUILT_IN_PROFILES.find((profile) => profile.id === id);
}

export function isBuiltInProfileId(id: string): boolean {
  return findBuiltInProfile(id) !== undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
