/**
 * What a profile still asks of an application: missing fields and outstanding verification. Both are
 * answers (values), not errors: an application with open requirements is pending, not invalid.
 */
import type { RuleProfile } from './profile.ts';
import type { CustomerType, RequiredFields, VerificationMethod } from './settings.ts';

export type TreatedAs = 'us_person' | 'foreign';

export interface RequirementOptions {
  /** The determination's `treatedAs`; unknown status is foreign, as the proposal presumes. */
  treatedAs?: TreatedAs;
}

/** The field list that applies: the light US-person list only where the profile gives US persons one. */
export function requiredFieldsFor(
  profile: RuleProfile,
  customerType: CustomerType,
  options: RequirementOptions = {},
): readonly string[] {
  const light = profile.fullCipFor === 'foreign_persons' && options.treatedAs === 'us_person';
  const lists: RequiredFields = light ? profile.usPersonRequiredFields : profile.requiredFields;
  return lists[customerType];
}

/** The required field paths that the application lacks (absent, blank, or an empty list or object). */
export function missingRequiredFields(
  profile: RuleProfile,
  customerType: CustomerType,
  application: Record<string, unknown>,
  options: RequirementOptions = {},
): string[] {
  return requiredFieldsFor(profile, customerType, options).filter(
    (path) => !isPresent(valueAt(application, path)),
  );
}

export interface OwnerLike {
  ownershipPercent?: number | undefined;
  control?: boolean | undefined;
}

/** A person is a beneficial owner at or above the ownership threshold, or by substantial control. */
export function isBeneficialOwner(profile: RuleProfile, owner: OwnerLike): boolean {
  const share = typeof owner.ownershipPercent === 'number' ? owner.ownershipPercent : 0;
  return (
    share >= profile.beneficialOwnerThresholdPercent ||
    (profile.beneficialOwnerByControl && owner.control === true)
  );
}

/**
 * Missing fields of a whole application: the customer's own, and for an entity those of each listed
 * person who qualifies as a beneficial owner under this profile, as `beneficialOwners[i].path`.
 */
export function missingApplicationFields(
  profile: RuleProfile,
  application: Record<string, unknown> & { type: 'individual' | 'entity' },
  options: RequirementOptions = {},
): string[] {
  const own = missingRequiredFields(profile, application.type, application, options);
  if (application.type !== 'entity' || !Array.isArray(application.beneficialOwners)) return own;
  const owners = application.beneficialOwners as unknown[];
  const ofOwners = owners.flatMap((owner, index) => {
    if (!isRecord(owner) || !isBeneficialOwner(profile, owner)) return [];
    return missingRequiredFields(profile, 'beneficialOwner', owner, options).map(
      (path) => `beneficialOwners[${index}].${path}`,
    );
  });
  return [...own, ...ofOwners];
}

export interface VerificationProgress {
  satisfied: boolean;
  /** Distinct accepted methods that passed, in the profile's order. */
  counted: VerificationMethod[];
  /** Required methods that have not passed yet. */
  missingRequired: VerificationMethod[];
  /** How many more accepted methods must pass (at least the missing required ones). */
  stillNeeded: number;
  /** Methods that would still count: accepted and not yet passed. */
  acceptable: VerificationMethod[];
}

export function verificationProgress(
  profile: RuleProfile,
  passed: readonly VerificationMethod[],
): VerificationProgress {
  const rule = profile.verification;
  const counted = rule.anyOf.filter((method) => passed.includes(method));
  const missingRequired = rule.required.filter((method) => !passed.includes(method));
  const stillNeeded = Math.max(rule.minimum - counted.length, missingRequired.length);
  const acceptable = rule.anyOf.filter((method) => !passed.includes(method));
  return { satisfied: stillNeeded === 0, counted, missingRequired, stillNeeded, acceptable };
}

function valueAt(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.some(isPresent);
  if (isRecord(value)) return Object.values(value).some(isPresent);
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
