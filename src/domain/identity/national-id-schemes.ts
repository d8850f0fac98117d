/**
 * The national identifier schemes Gatehouse can check, per ISO country: every validator of `stdnum`
 * (the JavaScript port of python-stdnum) plus the few that it lacks (the US ITIN), behind one shape.
 *
 * stdnum reports a failure as an error object whose `name` tells the kind (InvalidLength,
 * InvalidFormat, InvalidChecksum, InvalidComponent); that name is all we keep of it, since its
 * message text is not ours to promise.
 */
import { entityValidators, personValidators, stdnum, type Validator } from 'stdnum';

export type SchemeFailure = 'length' | 'format' | 'checksum' | 'component';
export type Holder = 'individual' | 'entity' | 'unknown';

export type SchemeOutcome =
  { valid: true; compact: string; holder: Holder } | { valid: false; reason: SchemeFailure };

export interface NationalIdScheme {
  /** Lower-case key, e.g. `ssn`, `curp`, `cpf`: the `type` a caller may name. */
  type: string;
  /** English name, e.g. "Brazilian identity number". */
  name: string;
  check(value: string): SchemeOutcome;
}

/** stdnum validators that are not identifiers of a person or an organisation. */
const NOT_IDENTIFIERS = new Set(['aic', 'bank', 'cbu', 'clabe', 'kontonr', 'ncf']);

const FAILURES: Record<string, SchemeFailure> = {
  InvalidLength: 'length',
  InvalidFormat: 'format',
  InvalidChecksum: 'checksum',
  InvalidComponent: 'component',
};

function fromStdnum(type: string, validator: Validator): NationalIdScheme {
  return {
    type,
    name: validator.name,
    check(value) {
      const result = validator.validate(value);
      if (!result.isValid) return { valid: false, reason: FAILURES[result.error.name] ?? 'format' };
      const holder: Holder = result.isIndividual ? 'individual' : result.isCompany ? 'entity' : 'unknown';
      return { valid: true, compact: result.compact, holder };
    },
  };
}

/**
 * US Individual Taxpayer Identification Number: nine digits, starting with 9, whose middle two
 * digits are in the ranges the IRS assigns to ITINs (50–65, 70–88, 90–92, 94–99; IRS Publication
 * 1915). No check digit. python-stdnum's `us.itin` predates the 50–65 range.
 */
const ITIN_GROUPS = /^(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])$/;
const itin: NationalIdScheme = {
  type: 'itin',
  name: 'U.S. Individual Taxpayer Identification Number',
  check(value) {
    const trimmed = value.trim();
    const compact = trimmed.replace(/-/g, '');
    if (!/^\d{3}-?\d{2}-?\d{4}$/.test(trimmed)) {
      return { valid: false, reason: /^\d+$/.test(compact) && compact.length !== 9 ? 'length' : 'format' };
    }
    if (!compact.startsWith('9') || !ITIN_GROUPS.test(compact.slice(3, 5))) {
      return { valid: false, reason: 'component' };
    }
    return { valid: true, compact, holder: 'individual' };
  },
};

/** Schemes stdnum lacks, by country; merged into its table. */
const EXTRA: Record<string, NationalIdScheme[]> = { US: [itin] };

export interface CountrySchemes {
  /** Every scheme of the country by type. */
  byType: ReadonlyMap<string, NationalIdScheme>;
  /** Tried in order when the caller names no type: personal identifiers first, then entity ones. */
  detectionOrder: readonly NationalIdScheme[];
}

function buildRegistry(): ReadonlyMap<string, CountrySchemes> {
  const registry = new Map<string, CountrySchemes>();
  const countries = new Set([
    ...Object.keys(stdnum),
    ...Object.keys(personValidators),
    ...Object.keys(EXTRA),
  ]);
  for (const country of countries) {
    const typeOf = new Map<Validator, string>();
    const byType = new Map<string, NationalIdScheme>();
    for (const [key, validator] of Object.entries(stdnum[country] ?? {})) {
      typeOf.set(validator, key);
      if (!NOT_IDENTIFIERS.has(key)) byType.set(key, fromStdnum(key, validator));
    }
    const schemeOf = (validator: Validator): NationalIdScheme => {
      const type = typeOf.get(validator) ?? (validator.abbreviation ?? validator.name).toLowerCase();
      const scheme = byType.get(type) ?? fromStdnum(type, validator);
      byType.set(type, scheme);
      return scheme;
    };
    const extra = EXTRA[country] ?? [];
    for (const scheme of extra) byType.set(scheme.type, scheme);
    const ordered = [
      ...(personValidators[country] ?? []).map(schemeOf),
      ...extra,
      ...(entityValidators[country] ?? []).map(schemeOf),
    ];
    registry.set(country, { byType, detectionOrder: [...new Set(ordered)] });
  }
  return registry;
}

const REGISTRY = buildRegistry();

export function schemesOf(country: string): CountrySchemes | undefined {
  return REGISTRY.get(country);
}

/** The countries with at least one scheme, for documentation and the API's schema. */
export function supportedNationalIdCountries(): string[] {
  return [...REGISTRY.keys()].sort();
}
