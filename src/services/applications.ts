/**
 * Submitting an application: validate every identifier, determine foreign-person status, evaluate
 * special measures, decide, and store party, account, application and decision with their audit
 * records in one transaction. An application is accepted whole or not at all.
 */
import type { ApplicationInput } from '../domain/applications/input.ts';
import type { NormalizedPerson } from '../domain/applications/normalized.ts';
import { validateApplication } from '../domain/applications/validate.ts';
import { methodsProvedByApplication } from '../domain/decisions/auto-verification.ts';
import { decideApplication, type DecisionOutcome } from '../domain/decisions/decide.ts';
import { signalsFromApplication } from '../domain/determination/from-application.ts';
import { determineForeignStatus } from '../domain/determination/determine.ts';
import type { GeoLookup, GeoLookupResult } from '../domain/determination/geo.ts';
import type { Determination } from '../domain/determination/result.ts';
import type { RuleProfile } from '../domain/profiles/profile.ts';
import type { VerificationMethod } from '../domain/profiles/settings.ts';
import { missingApplicationFields, verificationProgress } from '../domain/profiles/requirements.ts';
import { evaluateMeasures, type MeasureHit } from '../domain/special-measures/evaluate.ts';
import { subjectFromApplication } from '../domain/special-measures/subject.ts';
import { AppError } from '../errors.ts';
import {
  partyDataOf,
  peopleOnRecord,
  persistApplication,
  personKey,
  type PersistedApplication,
  type PersistedParties,
  type PersonOnRecord,
} from './application-records.ts';
import type { ScreenedSubject, ScreeningService, SubjectMatches } from './screening.ts';
import type { NormalizedApplication } from '../domain/applications/normalized.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import type { DecisionLog } from './decision-log.ts';
import type { MeasureService } from './measures.ts';
import type { ProfileService } from './profiles.ts';

export interface Assessment {
  profile: RuleProfile;
  determination: Determination;
  measureHits: MeasureHit[];
  outcome: DecisionOutcome;
  /** Methods the application proved by itself (recorded as passed checks). */
  verifiedBy: VerificationMethod[];
  warnings: Array<{ path: string; code: string; message: string }>;
}

export type SubmittedApplication = PersistedApplication & Assessment;

export class ApplicationService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly geo: GeoLookup,
    private readonly profiles: ProfileService,
    private readonly measures: MeasureService,
    private readonly decisions: DecisionLog,
    private readonly screening: ScreeningService,
  ) {}

  async submitApplication(actor: Actor, input: ApplicationInput): Promise<SubmittedApplication> {
    requirePermission(actor, 'applications:write');
    const settings = await this.profiles.settingsFor(actor.tenantId);
    const profile = await this.profiles.resolveProfile(
      actor.tenantId,
      input.profileId ?? settings.defaultProfileId,
    );
    const now = this.deps.now();
    const validation = validateApplication(input, { now, cardFingerprintKey: settings.cardFingerprintKey });
    if (validation.problems.length > 0) {
      const problems = validation.problems.map((p) => ({
        field: `body.${p.path}`,
        path: p.path,
        code: p.code,
        message: p.message,
      }));
      throw new AppError(
        'APPLICATION_INVALID',
        `${problems.length} field(s) of the application are invalid.`,
        { problems },
      );
    }
    const normalized = validation.normalized;
    const ipResult = input.signup === undefined ? undefined : await this.geo.lookup(input.signup.ip);
    const ips = ipResult === undefined ? [] : [{ context: 'signup' as const, result: ipResult }];
    const phones = normalized.type === 'individual' ? normalized.person.phones : normalized.contact.phones;
    const signals = signalsFromApplication(input, { phoneCountries: phones.map((p) => p.country), ips });
    const determination = determineForeignStatus(signals, profile);

    const inForce = await this.measures.measuresOf(actor.tenantId);
    const measureHits = [
      ...evaluateMeasures(inForce, subjectFromApplication(input, signals), now),
      ...peopleOfEntity(input).flatMap(({ path, person }) =>
        evaluateMeasures(
          inForce,
          subjectFromApplication({ ...person, type: 'individual' }, signalsFromApplication(person)),
          now,
        ).map((hit) => ({ ...hit, matchedOn: hit.matchedOn.map((m) => ({ ...m, subject: path })) })),
      ),
    ];
    const missingFields = missingApplicationFields(profile, input, { treatedAs: determination.treatedAs });
    const verifiedBy =
      normalized.type === 'individual'
        ? methodsProvedByApplication(normalized.person, normalized.payments)
        : entityMethods(normalized.owners, normalized.payments);
    const screened = await this.screening.assess(
      actor.tenantId,
      await this.subjectsOf(actor.tenantId, input, normalized),
      profile.screening,
    );
    const outcome = decideApplication({
      profile,
      determination,
      measureHits,
      missingFields,
      verification: verificationProgress(profile, verifiedBy),
      screening: screened.findings,
    });
    const assessment: Assessment = {
      profile,
      determination,
      measureHits,
      outcome,
      verifiedBy,
      warnings: [...validation.warnings, ...signupIpWarnings(ipResult)],
    };
    const persisted = await persistApplication(
      this.deps,
      actor,
      input,
      normalized,
      assessment,
      this.decisions,
      (parties) => this.recordHits(actor.tenantId, parties, screened.screened),
    );
    return { ...persisted, ...assessment };
  }

  private recordHits(tenantId: string, parties: PersistedParties, screened: readonly SubjectMatches[]) {
    return recordScreeningHits(this.screening, tenantId, parties, screened);
  }

  /** The customer (as it will be stored) and each beneficial owner. */
  private async subjectsOf(
    tenantId: string,
    input: ApplicationInput,
    normalized: NormalizedApplication,
  ): Promise<ScreenedSubject[]> {
    const externalId = input.account?.externalId;
    const existing =
      externalId === undefined
        ? undefined
        : await this.deps.store.accounts.getByExternalId(tenantId, externalId);
    const customer: ScreenedSubject = {
      partyId: existing?.partyId ?? null,
      role: 'customer',
      type: input.type,
      data: partyDataOf(input, normalized),
    };
    const owners = normalized.type === 'entity' ? normalized.owners : [];
    const signatories = normalized.type === 'entity' ? normalized.signatories : [];
    // People on record for this account's entity are screened as themselves: their cleared verdicts hold.
    const onRecord =
      existing === undefined || owners.length + signatories.length === 0
        ? new Map<string, PersonOnRecord>()
        : await peopleOnRecord(this.deps, tenantId, existing.partyId);
    const person = (role: 'beneficial_owner' | 'signatory', data: NormalizedPerson): ScreenedSubject => ({
      partyId: onRecord.get(personKey(role, data))?.partyId ?? null,
      role,
      type: 'individual',
      data: { ...data },
    });
    const reseller =
      input.resellerId === undefined
        ? undefined
        : await this.deps.store.tenants.getVisible(tenantId, input.resellerId);
    return [
      customer,
      ...(reseller === undefined
        ? []
        : [
            {
              // Kept on the customer's party, so a verdict on the reseller's match is remembered there.
              partyId: customer.partyId,
              role: 'reseller' as const,
              type: 'entity' as const,
              data: { legalName: reseller.name },
            },
          ]),
      ...owners.map((o) => person('beneficial_owner', o)),
      ...signatories.map((s) => person('signatory', s)),
    ];
  }
}

/**
 * The hits of each screened subject, stored against the party it became: owners and signatories in
 * order, a reseller's on the customer's party.
 */
async function recordScreeningHits(
  screening: ScreeningService,
  tenantId: string,
  parties: PersistedParties,
  screened: readonly SubjectMatches[],
): Promise<void> {
  const next = { beneficial_owner: 0, signatory: 0 };
  for (const { subject, party, matches } of screened) {
    const { role } = subject;
    const stored =
      role === 'beneficial_owner'
        ? parties.owners[next.beneficial_owner++]
        : role === 'signatory'
          ? parties.signatories[next.signatory++]
          : { partyId: parties.partyId, version: parties.partyVersion };
    if (stored === undefined || matches.length === 0) continue;
    await screening.recordHits(tenantId, stored.partyId, stored.version, party, matches);
  }
}

type EntityPerson = NonNullable<Extract<ApplicationInput, { type: 'entity' }>['signatories']>[number];

/**
 * The people an entity's application names, each with its path in the application: measures are
 * evaluated on each, since a named-person measure may name an owner or a signatory, not the entity.
 */
function peopleOfEntity(input: ApplicationInput): Array<{ path: string; person: EntityPerson }> {
  if (input.type !== 'entity') return [];
  return [
    ...(input.beneficialOwners ?? []).map((person, i) => ({ path: `beneficialOwners[${i}]`, person })),
    ...(input.signatories ?? []).map((person, i) => ({ path: `signatories[${i}]`, person })),
  ];
}

/** An entity is verified through its owners: each method must be proved by some owner. */
function entityMethods(
  owners: NormalizedPerson[],
  payments: Parameters<typeof methodsProvedByApplication>[1],
) {
  return [...new Set(owners.flatMap((o) => methodsProvedByApplication(o, payments)))];
}

/**
 * A private, loopback or reserved sign-up address locates nobody: usually the provider sent its own
 * proxy's or load balancer's address instead of the client's. Not an error (the determination simply
 * has no IP signal), but the reviewer and the integrator should know.
 */
function signupIpWarnings(
  result: GeoLookupResult | undefined,
): Array<{ path: string; code: string; message: string }> {
  if (result === undefined || !result.ok || result.publicAddress) return [];
  return [
    {
      path: 'signup.ip',
      code: 'IP_NOT_PUBLIC',
      message:
        'a private, loopback or reserved address locates nobody: send the client’s address, not a proxy’s',
    },
  ];
}
