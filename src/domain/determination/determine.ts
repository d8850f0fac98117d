/**
 * Foreign-person determination. EO 13984 and 89 FR 5698 treat every prospect as potentially foreign
 * until shown to be a US person (citizen, permanent resident, US-organised entity, person in the US).
 * The rules, first match wins:
 *
 * 1. `us_ground_corroborated`: declared US citizenship (individual) or US incorporation (entity), if
 *    the profile accepts that ground, backed by independent US evidence of at least the profile's
 *    `minimumCorroboration`. Foreign evidence does not undo it: US citizens abroad and dual nationals
 *    are US persons.
 * 2. `us_residence_corroborated`: a declared US residence (if accepted), corroborated as above and by
 *    more US than foreign corroboration: "in the United States" must be what the evidence says.
 * 3. `us_ip_location`: only if the profile accepts IP location as a ground, a US sign-up or access IP
 *    that is not on a hosting/VPN network, with no strong foreign evidence.
 * 4. `foreign_ground`: strong foreign evidence (foreign citizenship or residence; foreign incorporation
 *    for an entity) and no accepted US ground.
 * 5. `conflicting_evidence`: accepted US grounds that are not corroborated, next to foreign grounds.
 * 6. `us_ground_uncorroborated`: accepted US grounds without enough corroboration.
 * 7. `insufficient_evidence`: only weak signals, or none.
 *
 * Undetermined customers are treated as the profile says (foreign by default). The score is shown to
 * reviewers as the balance of the evidence; it decides nothing.
 */
import type { RuleProfile } from '../profiles/profile.ts';
import { assessSignal } from './assess.ts';
import { HOSTING_IP_WEIGHT } from './weights.ts';
import type { AssessedSignal, Determination, DeterminationRule } from './result.ts';
import type { Signal, SignalKind, SubjectType } from './signals.ts';

export interface DetermineOptions {
  /** Entity when any incorporation_country signal is present, individual otherwise, unless given. */
  subject?: SubjectType;
}

export function determineForeignStatus(
  signals: readonly Signal[],
  profile: RuleProfile,
  options: DetermineOptions = {},
): Determination {
  const subject =
    options.subject ?? (signals.some((s) => s.kind === 'incorporation_country') ? 'entity' : 'individual');
  const hostingIps = new Set(signals.flatMap((s) => (s.kind === 'ip_hosting_or_vpn' ? [s.ip] : [])));
  const assessed = signals.map((signal) => assessSignal(signal, subject, profile, hostingIps));
  const { rule, explanation } = applyRules(assessed, profile);
  const status = STATUS_OF[rule];
  const treatedAs = status === 'undetermined' ? profile.usPerson.undeterminedTreatedAs : status;
  return {
    status,
    treatedAs,
    rule,
    explanation,
    subject,
    score: balance(assessed),
    signals: assessed,
    profile: { id: profile.id, version: profile.version },
  };
}

const STATUS_OF: Record<DeterminationRule, Determination['status']> = {
  us_ground_corroborated: 'us_person',
  us_residence_corroborated: 'us_person',
  us_ip_location: 'us_person',
  foreign_ground: 'foreign',
  conflicting_evidence: 'undetermined',
  us_ground_uncorroborated: 'undetermined',
  insufficient_evidence: 'undetermined',
};

const GROUND_SETTING: Partial<Record<SignalKind, keyof RuleProfile['usPerson']['grounds']>> = {
  citizenship: 'citizenship',
  residence_country: 'residence',
  incorporation_country: 'incorporation',
};

function applyRules(
  assessed: AssessedSignal[],
  profile: RuleProfile,
): { rule: DeterminationRule; explanation: string } {
  const { grounds, minimumCorroboration } = profile.usPerson;
  const accepted = (s: AssessedSignal) => {
    const setting = GROUND_SETTING[s.kind];
    return setting !== undefined && grounds[setting];
  };
  const usGrounds = assessed.filter((s) => s.role === 'ground' && s.points === 'us' && accepted(s));
  const foreignGrounds = assessed.filter((s) => s.role === 'ground' && s.points === 'foreign');
  const usBacking = corroboration(assessed, 'us');
  const foreignBacking = corroboration(assessed, 'foreign');
  // The epsilon keeps 0.1 + 0.2 style float sums from missing an exact threshold.
  const corroborated = usBacking.total + 1e-9 >= minimumCorroboration;
  const backedBy = `, backed by ${list(usBacking.signals)} (${round(usBacking.total)} >= ${minimumCorroboration})`;

  const decisive = usGrounds.find((s) => s.kind !== 'residence_country');
  if (decisive !== undefined && corroborated) {
    return { rule: 'us_ground_corroborated', explanation: `US person: ${decisive.reason}${backedBy}.` };
  }
  const residence = usGrounds.find((s) => s.kind === 'residence_country');
  if (residence !== undefined && corroborated && usBacking.total > foreignBacking.total) {
    return { rule: 'us_residence_corroborated', explanation: `US person: ${residence.reason}${backedBy}.` };
  }
  const usIp = assessed.find(
    (s) => s.kind === 'ip_country' && s.points === 'us' && s.weight > HOSTING_IP_WEIGHT,
  );
  if (grounds.ipLocation && usIp !== undefined && foreignGrounds.length === 0) {
    return { rule: 'us_ip_location', explanation: `US person located in the US: ${usIp.reason}.` };
  }
  if (foreignGrounds.length > 0 && usGrounds.length === 0) {
    return { rule: 'foreign_ground', explanation: `Foreign person: ${list(foreignGrounds)}.` };
  }
  return undetermined(usGrounds, foreignGrounds, usBacking.total, foreignBacking.total, minimumCorroboration);
}

function undetermined(
  usGrounds: AssessedSignal[],
  foreignGrounds: AssessedSignal[],
  usBacking: number,
  foreignBacking: number,
  minimum: number,
): { rule: DeterminationRule; explanation: string } {
  const short =
    usBacking + 1e-9 >= minimum
      ? `more independent evidence points abroad (${round(foreignBacking)}) than to the US (${round(usBacking)})`
      : `not enough independent US evidence (${round(usBacking)} < ${minimum})`;
  if (usGrounds.length > 0 && foreignGrounds.length > 0) {
    const explanation = `Undetermined: ${list(usGrounds)} conflicts with ${list(foreignGrounds)}, and ${short}.`;
    return { rule: 'conflicting_evidence', explanation };
  }
  if (usGrounds.length > 0) {
    return {
      rule: 'us_ground_uncorroborated',
      explanation: `Undetermined: ${list(usGrounds)}, but ${short}.`,
    };
  }
  return {
    rule: 'insufficient_evidence',
    explanation: 'Undetermined: no declared citizenship, residence or incorporation decides the status.',
  };
}

/** Each corroborating kind counts once, with its strongest signal pointing the given way. */
function corroboration(assessed: AssessedSignal[], points: 'us' | 'foreign') {
  const strongest = new Map<SignalKind, AssessedSignal>();
  for (const s of assessed) {
    if (s.role !== 'corroboration' || s.points !== points || s.weight === 0) continue;
    const best = strongest.get(s.kind);
    if (best === undefined || s.weight > best.weight) strongest.set(s.kind, s);
  }
  const signals = [...strongest.values()];
  return { signals, total: signals.reduce((sum, s) => sum + s.weight, 0) };
}

function balance(assessed: AssessedSignal[]): number {
  const sum = (points: string) =>
    assessed.filter((s) => s.points === points).reduce((t, s) => t + s.weight, 0);
  const us = sum('us');
  const foreign = sum('foreign');
  return us + foreign === 0 ? 0 : round((us - foreign) / (us + foreign));
}

function list(signals: AssessedSignal[]): string {
  return signals.length === 0 ? 'nothing' : signals.map((s) => s.reason).join('; ');
}

const round = (n: number) => Math.round(n * 100) / 100;
