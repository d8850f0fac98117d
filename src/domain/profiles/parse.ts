/**
 * Tenant-defined profiles arrive as JSON from an administrator. They are validated whole against the
 * same schema as the built-ins, and every problem is reported with its field path, so one 422 lists
 * them all. Built-in ids are reserved: a tenant cannot shadow `us-iaas-2024` with weaker rules.
 */
import { problemsFromIssues, type FieldProblem } from '../../errors.ts';
import { isBuiltInProfileId } from './built-in.ts';
import { RuleProfileSchema, type RuleProfile } from './profile.ts';

export type ProfileParseResult = { ok: true; profile: RuleProfile } | { ok: false; problems: FieldProblem[] };

/**
 * `input` is the parsed JSON body, or the JSON text itself. `prefix` names where it came from in the
 * reported field paths (`body` for a request body, `profile` by default).
 */
export function parseTenantProfile(input: unknown, prefix = 'profile'): ProfileParseResult {
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
  return { ok: true, profile: parsed.data };
}
