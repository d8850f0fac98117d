/**
 * Sanctions screening as a use case: ad hoc searches, the screening of every party of an application
 * (customer and beneficial owners) whose findings the decision weighs, hits stored with the list
 * version, and reviewers' verdicts remembered per party × list entry (a cleared hit is not raised
 * again until the entry or the party's screened data changes).
 */
import type { ScreeningFinding } from '../domain/decisions/decide.ts';
import type { ProfileService } from './profiles.ts';
import type { ScreeningThresholds } from '../domain/profiles/profile.ts';
import type { ScreeningMatch } from '../domain/screening/matcher.ts';
import { screenName } from '../domain/screening/matcher.ts';
import { partySubject, screenSubject, type PartySubject } from '../domain/screening/party-subject.ts';
import type { ScreeningQuery } from '../domain/screening/query.ts';
import type { Page, PageRequest } from '../domain/pagination/cursor.ts';
import { AppError } from '../errors.ts';
import type { AccountRecord, ListVersionRecord, ScreeningHitRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { maskHitForRole, readPurpose } from './personal-data.ts';
import { emitEvent } from './events.ts';
import type { Redecider } from './redecide.ts';
import type { ScreeningIndexCache } from './screening-index.ts';

export interface ScreenedSubject {
  partyId: string | null;
  /** A reseller is screened by its name; its hits are kept on the customer's party it brought. */
  role: 'customer' | 'beneficial_owner' | 'signatory' | 'reseller';
  type: 'individual' | 'entity';
  data: Record<string, unknown>;
}

export interface SubjectMatches {
  subject: ScreenedSubject;
  party: PartySubject;
  matches: ScreeningMatch[];
}

export class ScreeningService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly cache: ScreeningIndexCache,
    private readonly profiles: ProfileService,
    private readonly redecider: Redecider,
  ) {}

  async screenAdHoc(
    actor: Actor,
    query: ScreeningQuery & { threshold?: number | undefined; limit?: number | undefined },
  ): Promise<{ matches: ScreeningMatch[]; lists: ListVersionRecord[] }> {
    requirePermission(actor, 'screening:run');
    const { index, versions } = await this.cache.current();
    const { threshold, limit, ...rest } = query;
    const result = screenName(index, rest, { threshold, limit });
    if (!result.ok) {
      throw new AppError('VALIDATION_FAILED', `The ${result.field} cannot be screened (${result.reason}).`, {
        field: `body.${result.field}`,
      });
    }
    // The searched name is personal data: the audit keeps the fact and the count, not the name.
    await recordAudit(
      this.deps,
      actor,
      'screening.searched',
      { type: 'screening', id: 'ad_hoc' },
      {
        matches: result.matches.length,
      },
    );
    return { matches: [...result.matches], lists: versions };
  }

  /** Screens each subject under the profile's bands; what the decision weighs, before anything is stored. */
  async assess(
    tenantId: string,
    subjects: readonly ScreenedSubject[],
    thresholds: ScreeningThresholds,
  ): Promise<{ screened: SubjectMatches[]; findings: ScreeningFinding[] }> {
    const { index } = await this.cache.current();
    const options = { threshold: thresholds.review, blockThreshold: thresholds.block };
    const screened: SubjectMatches[] = [];
    for (const subject of subjects) {
      const party = partySubject(subject.type, subject.data);
      const matches = screenSubject(index, party, options);
      screened.push({
        subject,
        party,
        matches: await this.withoutCleared(tenantId, subject.partyId, party, matches),
      });
    }
    const findings = screened.flatMap((s) => s.matches.map((m) => findingOf(m, s.subject.role)));
    return { screened, findings };
  }

  /** Stores the hits of a screened party (once per entry and data version); returns the new ones. */
  async recordHits(
    tenantId: string,
    partyId: string,
    partyVersion: number,
    party: PartySubject,
    matches: readonly ScreeningMatch[],
  ): Promise<ScreeningHitRecord[]> {
    const { entryInfo } = await this.cache.current();
    const created: ScreeningHitRecord[] = [];
    for (const match of matches) {
      const info = entryInfo.get(`${match.source}:${match.entryId}`);
      if (info === undefined) continue;
      const hit: ScreeningHitRecord = {
        id: this.deps.newId(),
        tenantId,
        partyId,
        partyVersion,
        partyHash: party.hash,
        source: match.source,
        entryId: match.entryId,
        entryHash: info.hash,
        listVersionId: info.versionId,
        matchedName: match.matchedName,
        score: Math.round(match.score * 1000) / 1000,
        band: match.band,
        explanation: match.explanation,
        status: 'open',
        createdAt: this.deps.now(),
        reviewedAt: null,
        reviewedBy: null,
        reviewReason: null,
      };
      if (!(await this.deps.store.screening.insertHit(hit, [party.legacyHash]))) continue;
      created.push(hit);
      await emitEvent(
        this.deps,
        tenantId,
        'screening.hit',
        { type: 'screening_hit', id: hit.id },
        {
          partyId,
          source: hit.source,
          entryId: hit.entryId,
          score: hit.score,
          band: hit.band,
        },
      );
    }
    return created;
  }

  /** Open and confirmed hits of the account's customer, owners and signatories: what stands against it. */
  readonly findingsOfAccount = async (
    tenantId: string,
    account: AccountRecord,
  ): Promise<ScreeningFinding[]> => {
    const { store } = this.deps;
    const links = await store.parties.listLinks(tenantId, account.partyId);
    const parties: Array<{ partyId: string; role: ScreenedSubject['role'] }> = [
      { partyId: account.partyId, role: 'customer' },
      // Former owners and signatories (no longer listed by the entity) no longer count against it.
      ...links.filter((l) => l.endedAt === null).map((l) => ({ partyId: l.personPartyId, role: l.role })),
    ];
    const findings: ScreeningFinding[] = [];
    for (const { partyId, role } of parties) {
      for (const hit of await store.screening.listHitsOfParty(tenantId, partyId)) {
        if (hit.status === 'false_positive') continue;
        findings.push({
          status: hit.status,
          band: hit.band,
          summary: summaryOf(hit.source, hit.entryId, hit.matchedName, hit.score, role),
        });
      }
    }
    return findings;
  };

  /**
   * Hits quote the customer (explanations, reviewers' reasons): the read is audited with the ids read,
   * whether they were masked for the caller, and the purpose stated (`X-Gatehouse-Purpose`), as for parties.
   */
  async listHits(
    actor: Actor,
    status: ScreeningHitRecord['status'] | undefined,
    page: PageRequest,
    purpose?: string,
  ): Promise<Page<ScreeningHitRecord>> {
    requirePermission(actor, 'applications:read');
    const read = await readPurpose(this.deps, actor, purpose);
    const found = await this.deps.store.screening.listHits(actor.tenantId, status, page);
    await recordAudit(
      this.deps,
      actor,
      'screening_hits.listed',
      { type: 'screening_hit', id: 'list' },
      { status: status ?? null, hits: found.items.map((h) => h.id), ...read },
    );
    return { ...found, items: found.items.map((hit) => maskHitForRole(actor, hit)) };
  }

  async getHit(actor: Actor, id: string, purpose?: string): Promise<ScreeningHitRecord> {
    requirePermission(actor, 'applications:read');
    const read = await readPurpose(this.deps, actor, purpose);
    const hit = await this.findHit(actor, id);
    await recordAudit(
      this.deps,
      actor,
      'screening_hit.read',
      { type: 'screening_hit', id },
      { partyId: hit.partyId, ...read },
    );
    return maskHitForRole(actor, hit);
  }

  private async findHit(actor: Actor, id: string): Promise<ScreeningHitRecord> {
    requirePermission(actor, 'applications:read');
    const hit = await this.deps.store.screening.getHit(actor.tenantId, id);
    if (hit === undefined)
      throw new AppError('HIT_NOT_FOUND', 'No such screening hit.', { field: 'path.id' });
    return hit;
  }

  /** A reviewer's verdict; the accounts the party belongs to are decided again by the rules. */
  async reviewHit(
    actor: Actor,
    id: string,
    review: { outcome: 'true_match' | 'false_positive'; reason: string },
  ): Promise<ScreeningHitRecord> {
    requirePermission(actor, 'screening:review');
    const { store } = this.deps;
    return store.transaction(async () => {
      const hit = await this.findHit(actor, id);
      const reviewedBy = `${actor.type}:${actor.id}`;
      const at = this.deps.now();
      if (
        !(await store.screening.reviewHit(actor.tenantId, id, {
          status: review.outcome,
          reviewedBy,
          reason: review.reason,
          at,
        }))
      )
        throw new AppError('HIT_ALREADY_REVIEWED', `This hit was already reviewed (${hit.status}).`);
      await recordAudit(
        this.deps,
        actor,
        'screening.hit_reviewed',
        { type: 'screening_hit', id },
        {
          outcome: review.outcome,
        },
      );
      for (const account of await store.accounts.accountsOfParty(actor.tenantId, hit.partyId))
        await this.redecider.redecideAccount(actor, account);
      const reviewed = {
        ...hit,
        status: review.outcome,
        reviewedBy,
        reviewReason: review.reason,
        reviewedAt: at,
      };
      return maskHitForRole(actor, reviewed);
    });
  }

  /** The party's reviewed false positives at the same entry and data versions are not raised again. */
  private async withoutCleared(
    tenantId: string,
    partyId: string | null,
    party: PartySubject,
    matches: ScreeningMatch[],
  ): Promise<ScreeningMatch[]> {
    if (partyId === null || matches.length === 0) return matches;
    const { entryInfo } = await this.cache.current();
    const { screening } = this.deps.store;
    // A hit stored before the digest was keyed carries it plain (insertHit keys it when raised again);
    // one stored before 2026-12-02 carries the digest of the data as typed (legacyHash).
    const same = new Set([
      party.hash,
      party.legacyHash,
      await screening.subjectHashOf(tenantId, partyId, party.hash),
      await screening.subjectHashOf(tenantId, partyId, party.legacyHash),
    ]);
    const cleared = new Set(
      (await screening.listHitsOfParty(tenantId, partyId))
        .filter((h) => h.status === 'false_positive' && same.has(h.partyHash))
        .map((h) => `${h.source}:${h.entryId}:${h.entryHash}`),
    );
    return matches.filter((m) => {
      const key = `${m.source}:${m.entryId}`;
      return !cleared.has(`${key}:${entryInfo.get(key)?.hash ?? ''}`);
    });
  }

  /** The profile of the account's latest application decides the bands of a re-screening. */
  async thresholdsFor(tenantId: string, profileId: string, version: number): Promise<ScreeningThresholds> {
    return (await this.profiles.resolveProfile(tenantId, profileId, version)).screening;
  }
}

function findingOf(match: ScreeningMatch, role: ScreenedSubject['role']): ScreeningFinding {
  return {
    status: 'open',
    band: match.band,
    summary: summaryOf(match.source, match.entryId, match.matchedName, match.score, role),
  };
}

const WHO: Record<ScreenedSubject['role'], string> = {
  customer: 'The customer',
  reseller: 'The reseller',
  beneficial_owner: 'A beneficial owner',
  signatory: 'A signatory',
};

function summaryOf(
  source: string,
  entryId: string,
  name: string,
  score: number,
  role: ScreenedSubject['role'],
): string {
  const who = WHO[role];
  return `${who} may be ${source} entry ${entryId} (“${name}”, score ${score.toFixed(2)}).`;
}
