/**
 * What `gatehouse apply` prints for a submitted application: with --json the fields of the HTTP
 * response to `POST /v1/applications` (the same names, so scripts can switch between them), otherwise
 * lines for a person: the decision, the determination and what is still open.
 */
import type { Requirement } from '../domain/decisions/decide.ts';
import type { AssessedSignal } from '../domain/determination/result.ts';
import { describeMatch, type MeasureHit } from '../domain/special-measures/evaluate.ts';
import type { SubmittedApplication } from '../services/applications.ts';

export function presentSubmitted(s: SubmittedApplication) {
  const { application: a, account, decision: d } = s;
  return {
    id: a.id,
    accountId: a.accountId,
    account: {
      id: account.id,
      externalId: account.externalId,
      status: account.status,
      resellerTenantId: account.resellerTenantId,
      openedAt: account.openedAt.toISOString(),
    },
    partyId: a.partyId,
    partyVersion: a.partyVersion,
    profile: { id: a.profileId, version: a.profileVersion },
    determination: s.determination,
    decision: {
      id: d.id,
      status: d.status,
      rule: d.rule,
      reasons: s.outcome.reasons,
      limits: (d.limits ?? null) as Record<string, unknown> | null,
      profile: { id: d.profileId, version: d.profileVersion },
      actor: { type: d.actorType, id: d.actorId },
      decidedAt: d.createdAt.toISOString(),
    },
    requirements: s.outcome.requirements,
    warnings: s.warnings,
    measureHits: s.measureHits,
    createdAt: a.createdAt.toISOString(),
  };
}

export function describeSubmitted(s: SubmittedApplication): string[] {
  const { application: a, account, outcome, determination } = s;
  const accountName = account.externalId === null ? account.id : `${account.externalId} (${account.id})`;
  return [
    `Application ${a.id}: account ${accountName}, party ${a.partyId} v${a.partyVersion}, profile ${a.profileId}@${a.profileVersion}`,
    `Decision: ${outcome.status} (rule ${outcome.rule})`,
    ...outcome.reasons.map((r) => `  ${r.code}: ${r.message}`),
    `Determination: ${determination.status} (treated as ${determination.treatedAs}; rule ${determination.rule})`,
    ...(determination.signals.length === 0 ? ['  no signals'] : determination.signals.map(describeSignal)),
    ...section('Open requirements', outcome.requirements.map(describeRequirement)),
    ...section(
      'Warnings',
      s.warnings.map((w) => `${w.path} ${w.code}: ${w.message}`),
    ),
    ...section('Special measures', s.measureHits.map(describeHit)),
    ...(outcome.limits === null ? [] : [`Allowed use meanwhile: ${JSON.stringify(outcome.limits)}`]),
  ];
}

function section(title: string, lines: string[]): string[] {
  return lines.length === 0 ? [`${title}: none`] : [`${title}:`, ...lines.map((l) => `  ${l}`)];
}

function describeSignal(s: AssessedSignal): string {
  return `  ${s.kind} ${s.value ?? '-'}: points ${s.points}, ${s.role}, weight ${s.weight} (${s.reason})`;
}

function describeRequirement(r: Requirement): string {
  if (r.kind === 'field') return `field ${r.path}`;
  const required = r.required.length === 0 ? '' : `; required: ${r.required.join(', ')}`;
  return `verification: ${r.stillNeeded} more of ${r.acceptable.join(', ')}${required}`;
}

function describeHit(h: MeasureHit): string {
  const on = h.matchedOn.map(describeMatch).join(', ');
  return `${h.measureId} ${h.action} on ${on} (${h.citation})`;
}
