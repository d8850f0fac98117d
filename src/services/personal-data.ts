/**
 * Who sees personal data unmasked. A role without `personal-data:read` never does: the API masks it
 * before it leaves (http presenters only ever see the masked view). A console user whose role has the
 * right still sees masked data until they reveal one party with a stated purpose, which is audited:
 * a reviewer's screen shows what the work needs, and every look at the rest leaves a record.
 */
import {
  MASK,
  maskIdentifiersDeep,
  maskIdentifiersInText,
  maskPersonalData,
  maskText,
} from '../domain/access/masking.ts';
import { roleAllows } from '../domain/access/roles.ts';
import { MEASURE_ATTRIBUTES } from '../domain/special-measures/schema.ts';
import { AppError } from '../errors.ts';
import type { PartyVersionRecord, RedressRecord, ScreeningHitRecord } from '../storage/port.ts';
import type { ApplicationReadService, ApplicationView, PartyView } from './application-records.ts';
import type { ProfileService } from './profiles.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

export function personalDataMasked(actor: Actor): boolean {
  return actor.type === 'user' || !roleAllows(actor.role, 'personal-data:read');
}

export function maskVersionData(data: Record<string, unknown>): Record<string, unknown> {
  return maskPersonalData(data) as Record<string, unknown>;
}

export function maskPartyView(view: PartyView): PartyView {
  const versions = view.versions.map((v): PartyVersionRecord => ({ ...v, data: maskVersionData(v.data) }));
  return { ...view, versions };
}

interface ExplanationShape {
  tokens?: Array<{ query?: string | null }>;
  features?: Array<{ feature?: string; detail?: string }>;
  summary?: string;
}

/**
 * A hit's explanation quotes the customer: the query's words, and features such as "date of birth
 * 1974-08-12 is consistent with …". For roles without personal-data rights those are masked; the list
 * entry's side (public list data), the scores and the feature names stay.
 */
export function maskHitForRole(actor: Actor, hit: ScreeningHitRecord): ScreeningHitRecord {
  if (roleAllows(actor.role, 'personal-data:read')) return hit;
  const reviewReason = hit.reviewReason === null ? null : MASK;
  const e = hit.explanation as ExplanationShape;
  const explanation = {
    ...e,
    tokens: (e.tokens ?? []).map((t) => ({
      ...t,
      query: typeof t.query === 'string' ? maskText(t.query) : t.query,
    })),
    features: (e.features ?? []).map((f) => ({ ...f, detail: f.feature ?? MASK })),
    summary: MASK,
  };
  return { ...hit, explanation, reviewReason };
}

/**
 * A redress request is the customer's own account and what they sent: masked, like a party, for roles
 * without personal-data rights (the evidence keeps its type and file digest).
 */
export function maskRedressForRole(actor: Actor, redress: RedressRecord): RedressRecord {
  if (roleAllows(actor.role, 'personal-data:read')) return redress;
  const evidence = redress.evidence.map((e) => ({
    type: e.type,
    description: MASK,
    ...(e.reference === undefined ? {} : { reference: MASK }),
    ...(e.sha256 === undefined ? {} : { sha256: e.sha256 }),
  }));
  return { ...redress, statement: MASK, evidence };
}

/**
 * What the audit record of a read of personal data says besides the ids: masked for the caller, and the
 * purpose they stated. Asked before the read: where the tenant requires a purpose
 * (`requireReadPurpose`), an unmasked read without one is refused (PURPOSE_REQUIRED) and nothing is read.
 */
export async function readPurpose(
  deps: ServiceDeps,
  actor: Actor,
  purpose: string | undefined,
  masked = !roleAllows(actor.role, 'personal-data:read'),
): Promise<{ masked: boolean; purpose: string | null }> {
  const stated = purpose?.trim() || null;
  if (!masked && (stated ?? '').length < MIN_PURPOSE) {
    if ((await deps.store.settings.get(actor.tenantId))?.requireReadPurpose) {
      throw new AppError(
        'PURPOSE_REQUIRED',
        'This tenant requires a purpose for every read of personal data: say why (3 to 500 characters) in the X-Gatehouse-Purpose header.',
        { field: 'headers.x-gatehouse-purpose' },
      );
    }
  }
  return { masked, purpose: stated };
}

interface StoredMeasureHit {
  matchedOn: Array<{ attribute: string; value: string }>;
}

interface Reason {
  code: string;
  message: string;
}

/** Matches on these attributes are country codes, which masking keeps (see KEPT_KEYS). */
const COUNTRY_ATTRIBUTES: ReadonlySet<string> = new Set(MEASURE_ATTRIBUTES);

/** A special measure's match as a role without personal-data rights sees it: a name or number masked. */
export function maskMeasureMatch<M extends { attribute: string; value: string }>(m: M): M {
  return COUNTRY_ATTRIBUTES.has(m.attribute) ? m : { ...m, value: maskText(m.value) };
}

/**
 * A decision's reason as a role without personal-data rights sees it: a reviewer's words masked whole;
 * in a rule's message, the matched names and numbers, emails, phones and IP addresses.
 */
function maskReason(reason: Reason, matched: ReadonlyArray<{ value: string }>): string {
  if (reason.code.startsWith('review.')) return MASK;
  const named = matched.reduce((text, m) => text.replaceAll(m.value, maskText(m.value)), reason.message);
  return maskIdentifiersInText(named);
}

/** A stated purpose, where one is required, is at least this long (as for access-log searches). */
const MIN_PURPOSE = 3;

/** The tenant's rules for reads of personal data. */
export interface PrivacySettings {
  requireReadPurpose: boolean;
}

export class PersonalDataService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly records: ApplicationReadService,
    private readonly profiles: ProfileService,
  ) {}

  /** The party as the caller may see it: masked unless the role has the right and is not a console user. */
  async getParty(actor: Actor, id: string, purpose?: string): Promise<PartyView & { masked: boolean }> {
    requirePermission(actor, 'applications:read');
    const read = await readPurpose(this.deps, actor, purpose, personalDataMasked(actor));
    const view = await this.records.getParty(actor, id, read);
    return { ...(read.masked ? maskPartyView(view) : view), masked: read.masked };
  }

  async privacySettings(actor: Actor): Promise<PrivacySettings> {
    requirePermission(actor, 'tenants:read');
    const settings = await this.deps.store.settings.get(actor.tenantId);
    return { requireReadPurpose: settings?.requireReadPurpose ?? false };
  }

  /** Sets the tenant's rules for reads of personal data (admin); audited with the old and new values. */
  async setPrivacySettings(actor: Actor, input: PrivacySettings): Promise<PrivacySettings> {
    requirePermission(actor, 'tenants:write');
    const settings = await this.profiles.settingsFor(actor.tenantId);
    await this.deps.store.transaction(async () => {
      await this.deps.store.settings.upsert({
        ...settings,
        requireReadPurpose: input.requireReadPurpose,
        updatedAt: this.deps.now(),
      });
      await recordAudit(
        this.deps,
        actor,
        'settings.privacy_set',
        { type: 'tenant', id: actor.tenantId },
        { requireReadPurpose: input.requireReadPurpose, before: settings.requireReadPurpose },
      );
    });
    return { requireReadPurpose: input.requireReadPurpose };
  }

  /**
   * An application carries no party data, but its determination and warnings quote some (the sign-up
   * IP in a signal's reason, an email in a warning), its special-measure hits the name or number that
   * matched, and its decisions' reasons those matches and the reviewers' words: masked for roles
   * without the right. Reviewers see them; they are the evidence of the decision. Every read is
   * audited (`application.read`), with the purpose stated, which a tenant may require.
   */
  async getApplication(actor: Actor, id: string, purpose?: string): Promise<ApplicationView> {
    requirePermission(actor, 'applications:read');
    const read = await readPurpose(this.deps, actor, purpose);
    const view = await this.records.getApplication(actor, id);
    // The read is audited like a party's: who, which application (and party), masked or not, and why.
    await recordAudit(
      this.deps,
      actor,
      'application.read',
      { type: 'application', id },
      { partyId: view.application.partyId, ...read },
    );
    if (!read.masked) return view;
    const { application } = view;
    const hits = (application.measureHits ?? []) as StoredMeasureHit[];
    const matched = hits.flatMap((h) =>
      h.matchedOn.filter((m) => !COUNTRY_ATTRIBUTES.has(m.attribute) && m.value.length > 1),
    );
    return {
      ...view,
      application: {
        ...application,
        determination: maskIdentifiersDeep(application.determination),
        warnings: maskIdentifiersDeep(application.warnings),
        measureHits: hits.map((h) => ({
          ...h,
          matchedOn: h.matchedOn.map(maskMeasureMatch),
        })),
        signupIp: null,
      },
      decisions: view.decisions.map((d) => ({
        ...d,
        reasons: (d.reasons as Reason[]).map((r) => ({ code: r.code, message: maskReason(r, matched) })),
      })),
      ...(view.pendingProposal == null ? {} : { pendingProposal: { ...view.pendingProposal, reason: MASK } }),
    };
  }

  /** An unmasked read with a purpose: the purpose is recorded with the read, in one transaction. */
  async revealParty(actor: Actor, id: string, purpose: string): Promise<PartyView & { masked: boolean }> {
    requirePermission(actor, 'personal-data:read');
    const trimmed = purpose.trim();
    if (trimmed.length < 3) {
      throw new AppError('VALIDATION_FAILED', 'Say why you need to see this person’s data.', {
        field: 'body.purpose',
      });
    }
    return this.deps.store.transaction(async () => {
      const view = await this.records.getParty(actor, id, { purpose: trimmed, masked: false });
      await recordAudit(this.deps, actor, 'party.revealed', { type: 'party', id }, { purpose: trimmed });
      return { ...view, masked: false };
    });
  }
}
