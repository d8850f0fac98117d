/**
 * Tenant-defined profiles arrive as JSON from an administrator. They are validated whole against the
 * same schema as the built-ins, and every problem is reported with its field path, so one 422 lists
 * them all. Built-in ids are reserved: a tenant cannot shadow `us-iaas-2024` with weaker rules.
 */
import { problemsFromIssues, type FieldProblem } from '../../errors.ts';
import { isCountryCode } from '../identity/index.ts';
import { isBuiltInProfileId } from './built-in.ts';
import { RuleProfileSchema, type RuleProfile } from './profile.ts';

export type ProfileParseResult = { ok: true; profile: RuleProfile } | { ok: false; problems: FieldProblem[] };

/**
 * `input` is the parsed JSON body, or the JSON text itself. `prefix` names where it came from in the
 * reported field paths (`body` for a request body, `profile` by default).
 */
export function parseTenantProfile(
  input: unknown,
  prefix = 'profile',
  /** A new profile (not one read back from the store) must also name only countries that exist. */
  options: { isNew?: boolean } = {},
): ProfileParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      return {
        ok: false,
        problems: [{ field: prefix, code: 'malformed_json', message: 'is not valid JSON' }],
      };
    }
  }
  const parsed = RuleProfileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: problemsFromIssues(parsed.error.issues, prefix) };
  if (isBuiltInProfileId(parsed.data.id)) {
    const message = 'is the id of a built-in profile; choose another';
    return { ok: false, problems: [{ field: `${prefix}.id`, code: 'reserved_id', message }] };
  }
  const unknown = options.isNew === true ? unknownCountries(parsed.data, prefix) : [];
  if (unknown.length > 0) return { ok: false, problems: unknown };
  return { ok: true, profile: parsed.data };
}

/**
 * A US jurisdiction that names no country (`UK` for GB) would never match a customer. Checked when a
 * profile is saved, not when a stored one is read: a version saved before the check must still load.
 */
function unknownCountries(profile: RuleProfile, prefix: string): FieldProblem[] {
  return profile.usPerson.usJurisdictions.flatMap((code, i) =>
    isCountryCode(code)
      ? []
      : [
          {
            field: `${prefix}.usPerson.usJurisdictions.${i}`,
            code: 'unknown_country',
            message: 'is not an ISO 3166-1 alpha-2 country code (the United Kingdom is GB)',
          },
        ],
  );
}
