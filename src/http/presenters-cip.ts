/** Presenters of the CIP core: exactly the fields that leave the server. */
import { z } from 'zod';
import { DECISION_RULES } from '../domain/decisions/decide.ts';
import { DeterminationSchema } from '../domain/determination/result.ts';
import { MeasureConditionSchema } from '../domain/special-measures/schema.ts';
import { REVIEW_STATUSES } from '../domain/decisions/review.ts';
import type { ApplicationView, PartyView } from '../services/application-records.ts';
import type { SubmittedApplication } from '../services/applications.ts';
import type { AccountRecord, DecisionProposalRecord, DecisionRecord } from '../storage/port.ts';

const STATUSES = ['pending', 'restricted', 'approved', 'denied', 'closed'] as const;
const FindingSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });

export const DecisionSchema = z.object({
  id: z.uuid(),
  status: z.enum(STATUSES),
  rule: z.string().describe(`The rule that fired: one of ${DECISION_RULES.join(', ')}, or a reviewer's.`),
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
  limits: z.record(z.string(), z.unknown()).nullable().describe('Allowed use while pending or restricted.'),
  profile: z.object({ id: z.string(), version: z.number().int() }),
  actor: z.object({ type: z.string(), id: z.string() }),
  decidedAt: z.iso.datetime(),
});

export const AccountSchema = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  status: z.enum(STATUSES),
  resellerTenantId: z.uuid().nullable(),
  openedAt: z.iso.datetime(),
});

const MeasureHitSchema = z.object({
  measureId: z.string(),
  kind: z.enum(['prohibit', 'condition']),
  action: z
    .enum(['deny', 'condition'])
    .describe('deny: no account; condition: an account only under the conditions.'),
  conditions: z.array(MeasureConditionSchema),
  matchedOn: z.array(
    z.object({
      attribute: z
        .string()
        .describe(
          '`name`, `identifier`, or the country attribute (nationality, residence, ...) that matched.',
        ),
      value: z
        .string()
        .describe(
          'What matched: a country code, or a name or number (masked for roles without personal-data rights).',
        ),
      subject: z
        .string()
        .optional()
        .describe('Whose data matched when not the customer’s: `beneficialOwners[0]`, `signatories[1]`.'),
    }),
  ),
  status: z.enum(['scheduled', 'in_force', 'expired']),
  citation: z.string(),
});

export const ApplicationSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  account: AccountSchema,
  partyId: z.uuid(),
  partyVersion: z.number().int(),
  profile: z.object({ id: z.string(), version: z.number().int() }),
  determination: DeterminationSchema,
  decision: DecisionSchema,
  requirements: z
    .array(z.record(z.string(), z.unknown()))
    .describe('Open needs: fields to provide, verification still due.'),
  warnings: z
    .array(FindingSchema)
    .describe('Valid but suspicious data, e.g. a VoIP phone or a disposable email domain.'),
  measureHits: z.array(MeasureHitSchema).describe('Special measures that apply, and on what.'),
  createdAt: z.iso.datetime(),
});

export const ApplicationDetailSchema = ApplicationSchema.extend({ decisions: z.array(DecisionSchema) });

export const PendingProposalSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(REVIEW_STATUSES).describe('The status proposed.'),
    reason: z.string(),
    proposedBy: z.string(),
    proposedAt: z.iso.datetime(),
  })
  .describe(
    'A high-risk decision awaiting a second, different reviewer: confirm it by sending the same status, ' +
      'or end it with `POST /v1/applications/{id}/proposal/withdraw`.',
  );

export function presentPendingProposal(
  p: DecisionProposalRecord | null | undefined,
): z.infer<typeof PendingProposalSchema> | null {
  if (p === null || p === undefined) return null;
  return {
    id: p.id,
    status: p.status,
    reason: p.reason,
    proposedBy: p.proposedBy,
    proposedAt: p.createdAt.toISOString(),
  };
}

export function presentDecision(d: DecisionRecord): z.infer<typeof DecisionSchema> {
  return {
    id: d.id,
    status: d.status,
    rule: d.rule,
    reasons: d.reasons as Array<{ code: string; message: string }>,
    limits: (d.limits ?? null) as Record<string, unknown> | null,
    profile: { id: d.profileId, version: d.profileVersion },
    actor: { type: d.actorType, id: d.actorId },
    decidedAt: d.createdAt.toISOString(),
  };
}

function presentAccount(a: AccountRecord): z.infer<typeof AccountSchema> {
  return {
    id: a.id,
    externalId: a.externalId,
    status: a.status,
    resellerTenantId: a.resellerTenantId,
    openedAt: a.openedAt.toISOString(),
  };
}

export function presentSubmitted(s: SubmittedApplication): z.infer<typeof ApplicationSchema> {
  return presentApplication({ application: s.application, account: s.account, decisions: [s.decision] });
}

export function presentApplication(v: ApplicationView): z.infer<typeof ApplicationDetailSchema> {
  const { application: a } = v;
  const [latest] = v.decisions;
  if (latest === undefined) throw new Error(`application ${a.id} has no decision`);
  return {
    id: a.id,
    accountId: a.accountId,
    account: presentAccount(v.account),
    partyId: a.partyId,
    partyVersion: a.partyVersion,
    profile: { id: a.profileId, version: a.profileVersion },
    determination: a.determination as z.infer<typeof DeterminationSchema>,
    decision: presentDecision(latest),
    decisions: v.decisions.map(presentDecision),
    requirements: a.requirements as Array<Record<string, unknown>>,
    warnings: a.warnings as Array<z.infer<typeof FindingSchema>>,
    measureHits: a.measureHits as z.infer<typeof MeasureHitSchema>[],
    createdAt: a.createdAt.toISOString(),
  };
}

export const PartySchema = z.object({
  id: z.uuid(),
  type: z.enum(['individual', 'entity']),
  currentVersion: z.number().int(),
  current: z
    .record(z.string(), z.unknown())
    .describe('The current version’s data (personal data; reads are audited).'),
  history: z.array(
    z.object({
      version: z.number().int(),
      data: z.record(z.string(), z.unknown()),
      createdAt: z.iso.datetime(),
      createdBy: z.string(),
    }),
  ),
  links: z.array(
    z.object({
      personPartyId: z.uuid(),
      role: z.enum(['beneficial_owner', 'signatory']),
      ownershipPercent: z.number().nullable(),
      control: z.boolean(),
      endedAt: z.iso
        .datetime()
        .nullable()
        .describe(
          'When the entity’s applications stopped listing this person (a former owner); null if listed.',
        ),
    }),
  ),
  createdAt: z.iso.datetime(),
});

export function presentParty(v: PartyView): z.infer<typeof PartySchema> {
  const history = v.versions.map((x) => ({
    version: x.version,
    data: x.data,
    createdAt: x.createdAt.toISOString(),
    createdBy: x.createdBy,
  }));
  return {
    id: v.party.id,
    type: v.party.type,
    currentVersion: v.party.currentVersion,
    current: history.find((h) => h.version === v.party.currentVersion)?.data ?? {},
    history,
    links: v.links.map((l) => ({
      personPartyId: l.personPartyId,
      role: l.role,
      ownershipPercent: l.ownershipPercent,
      control: l.control,
      endedAt: l.endedAt === null ? null : l.endedAt.toISOString(),
    })),
    createdAt: v.party.createdAt.toISOString(),
  };
}
