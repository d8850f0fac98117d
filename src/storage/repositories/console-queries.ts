/**
 * Read models of the reviewer console: party search, the application review queue and the dashboard
 * figures. Plain SQL that runs on PGlite and PostgreSQL alike; every query is filtered by the tenant.
 */
import { sql } from 'kysely';
import type { ConsoleQueryStore, ConsoleStats, PartySearchHit, ReviewQueueItem } from '../port.ts';
import type { DbHandle } from '../kysely-store.ts';
import { nameTerms, queryTerms, type SearchTerm } from '../../domain/records/search-terms.ts';
import type { PartyCipher } from '../party-cipher.ts';
import { findPartiesByTerms } from './parties.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const num = (value: unknown): number => Number(value ?? 0);

export class KyselyConsoleQueryStore implements ConsoleQueryStore {
  constructor(
    private readonly db: DbHandle,
    private readonly cipher: PartyCipher,
  ) {}

  /**
   * Finds parties without decrypting any: the party id exactly, an identifier (email, E.164 phone, ID or
   * document number, card fingerprint, wallet, IBAN) through its blind index, or a name whose every
   * word matches a name word of the party, spelled alike or sounding alike ("Erikson" finds
   * "Eriksson"). Only the hits are opened. Newest parties first.
   */
  async searchParties(tenantId: string, text: string, limit: number): Promise<PartySearchHit[]> {
    const query = text.trim();
    const term = (t: SearchTerm) => this.cipher.term(tenantId, t);
    const ids = new Set<string>();
    if (UUID.test(query)) ids.add(query.toLowerCase());
    for (const id of await findPartiesByTerms(this.db, tenantId, [queryTerms(query).map(term)], limit))
      ids.add(id);
    const words = nameTerms(query);
    const groups: Buffer[][] = [];
    for (let i = 0; i + 1 < words.length; i += 2)
      groups.push([term(words[i] as SearchTerm), term(words[i + 1] as SearchTerm)]);
    for (const id of await findPartiesByTerms(this.db, tenantId, groups, limit)) ids.add(id);
    if (ids.size === 0) return [];
    const rows = await this.db()
      .selectFrom('parties as p')
      .innerJoin('party_versions as v', (join) =>
        join
          .onRef('v.party_id', '=', 'p.id')
          .onRef('v.version', '=', 'p.current_version')
          .onRef('v.tenant_id', '=', 'p.tenant_id'),
      )
      .leftJoin('party_keys as k', 'k.party_id', 'p.id')
      .select(['p.id', 'p.type', 'p.created_at', 'p.current_version', 'v.data', 'k.kek_id', 'k.wrapped_key'])
      .select((eb) =>
        eb
          .selectFrom('applications as a')
          .select('a.id')
          .whereRef('a.tenant_id', '=', 'p.tenant_id')
          .whereRef('a.party_id', '=', 'p.id')
          .orderBy('a.created_at', 'desc')
          .limit(1)
          .as('latest_application_id'),
      )
      .where('p.tenant_id', '=', tenantId)
      .where(sql<string>`p.id::text`, 'in', [...ids])
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id')
      .limit(limit)
      .execute();
    const hits: PartySearchHit[] = [];
    for (const row of rows) {
      const data = this.cipher.openVersionOrSkip(tenantId, row.id, row.current_version, row.data, row);
      if (data === undefined) continue;
      hits.push({
        partyId: row.id,
        type: row.type as PartySearchHit['type'],
        data,
        latestApplicationId: row.latest_application_id ?? null,
        createdAt: row.created_at,
      });
    }
    return hits;
  }

  /**
   * The newest application of each account that needs a reviewer, oldest first (FIFO review): pending
   * or restricted, or with an open screening hit, or with a decision awaiting its second approval.
   */
  async listReviewQueue(tenantId: string, limit: number): Promise<ReviewQueueItem[]> {
    const result = await sql<{
      application_id: string;
      account_id: string;
      party_id: string;
      account_status: string;
      treated_as: string | null;
      rule: string | null;
      data: Record<string, unknown>;
      party_version: number;
      kek_id: string | null;
      wrapped_key: Buffer | null;
      open_hits: string | number;
      awaiting: string | number;
      assigned_user_id: string | null;
      assigned_name: string | null;
      created_at: Date;
    }>`
      SELECT DISTINCT ON (a.account_id)
        a.id AS application_id, a.account_id, a.party_id, acc.status AS account_status,
        a.determination->>'treatedAs' AS treated_as, v.data, a.party_version, pk.kek_id, pk.wrapped_key,
        a.created_at,
        (SELECT d.rule FROM decisions d WHERE d.tenant_id = a.tenant_id AND d.application_id = a.id
          ORDER BY d.created_at DESC LIMIT 1) AS rule,
        (SELECT count(*) FROM screening_hits h WHERE h.tenant_id = a.tenant_id AND h.party_id = a.party_id
          AND h.status = 'open') AS open_hits,
        (SELECT count(*) FROM decision_proposals dp WHERE dp.tenant_id = a.tenant_id
          AND dp.application_id = a.id AND dp.resolved_at IS NULL) AS awaiting,
        ra.user_id AS assigned_user_id, cu.name AS assigned_name
      FROM applications a
      LEFT JOIN review_assignments ra ON ra.tenant_id = a.tenant_id AND ra.application_id = a.id
      LEFT JOIN console_users cu ON cu.tenant_id = ra.tenant_id AND cu.id = ra.user_id
      JOIN accounts acc ON acc.tenant_id = a.tenant_id AND acc.id = a.account_id
      JOIN party_versions v ON v.tenant_id = a.tenant_id AND v.party_id = a.party_id AND v.version = a.party_version
      LEFT JOIN party_keys pk ON pk.party_id = a.party_id
      WHERE a.tenant_id = ${tenantId} AND (acc.status IN ('pending', 'restricted')
        OR EXISTS (SELECT 1 FROM screening_hits h WHERE h.tenant_id = a.tenant_id AND h.party_id = a.party_id
          AND h.status = 'open')
        OR EXISTS (SELECT 1 FROM decision_proposals dp JOIN applications a2
          ON a2.tenant_id = dp.tenant_id AND a2.id = dp.application_id
          WHERE dp.tenant_id = a.tenant_id AND a2.account_id = a.account_id AND dp.resolved_at IS NULL))
      ORDER BY a.account_id, a.created_at DESC`.execute(this.db());
    return result.rows
      .map((r) => ({
        applicationId: r.application_id,
        accountId: r.account_id,
        partyId: r.party_id,
        accountStatus: r.account_status,
        treatedAs: r.treated_as,
        rule: r.rule,
        partyData: this.cipher.openVersionOrSkip(tenantId, r.party_id, r.party_version, r.data, r) ?? {},
        openHits: num(r.open_hits),
        awaitingSecondApproval: num(r.awaiting) > 0,
        assignedTo:
          r.assigned_user_id === null ? null : { userId: r.assigned_user_id, name: r.assigned_name ?? '' },
        createdAt: r.created_at,
      }))
      .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
      .slice(0, limit);
  }

  async assign(tenantId: string, applicationId: string, userId: string, at: Date): Promise<void> {
    await this.db()
      .insertInto('review_assignments')
      .values({ tenant_id: tenantId, application_id: applicationId, user_id: userId, assigned_at: at })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'application_id']).doUpdateSet({ user_id: userId, assigned_at: at }),
      )
      .execute();
  }

  async stats(tenantId: string, since: Date): Promise<ConsoleStats> {
    const db = this.db();
    const perDay = await sql<{ day: string; outcome: string; n: string | number }>`
      SELECT to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
        (SELECT d.status FROM decisions d WHERE d.tenant_id = a.tenant_id AND d.application_id = a.id
          ORDER BY d.created_at DESC LIMIT 1) AS outcome, count(*) AS n
      FROM applications a WHERE a.tenant_id = ${tenantId} AND a.created_at >= ${since}
      GROUP BY 1, 2 ORDER BY 1`.execute(db);
    const byCountry = await sql<{ treated_as: string | null; country: string | null; n: string | number }>`
      SELECT a.determination->>'treatedAs' AS treated_as,
        jsonb_path_query_first(a.determination, '$.signals[*] ? (@.role == "ground").value') #>> '{}' AS country,
        count(*) AS n
      FROM applications a WHERE a.tenant_id = ${tenantId}
      GROUP BY 1, 2`.execute(db);
    const hits = await sql<{ source: string; status: string; n: string | number }>`
      SELECT source, status, count(*) AS n FROM screening_hits WHERE tenant_id = ${tenantId}
      GROUP BY 1, 2 ORDER BY 1`.execute(db);
    const backlog = await sql<{
      pending: string;
      restricted: string;
      unverified_foreign: string;
      hours: string | null;
    }>`
      SELECT
        (SELECT count(*) FROM accounts WHERE tenant_id = ${tenantId} AND status = 'pending') AS pending,
        (SELECT count(*) FROM accounts WHERE tenant_id = ${tenantId} AND status = 'restricted') AS restricted,
        (SELECT count(*) FROM accounts acc WHERE acc.tenant_id = ${tenantId} AND acc.status IN ('pending', 'restricted')
          AND (SELECT a.determination->>'treatedAs' FROM applications a WHERE a.tenant_id = acc.tenant_id
               AND a.account_id = acc.id ORDER BY a.created_at DESC LIMIT 1) = 'foreign') AS unverified_foreign,
        (SELECT avg(EXTRACT(EPOCH FROM (d.created_at - a.created_at)) / 3600) FROM decisions d
          JOIN applications a ON a.tenant_id = d.tenant_id AND a.id = d.application_id
          WHERE d.tenant_id = ${tenantId} AND d.actor_type <> 'system') AS hours`.execute(db);
    const b = backlog.rows[0];
    return {
      perDay: perDay.rows.map((r) => ({ day: r.day, outcome: r.outcome ?? 'unknown', count: num(r.n) })),
      byCountry: byCountry.rows.map((r) => ({
        treatedAs: r.treated_as ?? 'unknown',
        country: r.country,
        count: num(r.n),
      })),
      hitsByList: hits.rows.map((r) => ({ source: r.source, status: r.status, count: num(r.n) })),
      pendingAccounts: num(b?.pending),
      restrictedAccounts: num(b?.restricted),
      unverifiedForeignAccounts: num(b?.unverified_foreign),
      averageHoursToReviewDecision: b?.hours === null || b?.hours === undefined ? null : Number(b.hours),
    };
  }
}
