/**
 * What is written in deciding on a customer is sealed under the customer's data key, like the rest of
 * their data: each decision reason's message (a special measure's matched name, a reviewer's words;
 * the code stays plain, for the rules, the queues and the events), a four-eyes proposal's reason and
 * resolution reason, and the values special measures matched (in an application's hits and in a
 * sweep's actions; the attribute stays plain). Rows written before migration 0020 hold them plain
 * until `encryption seal-existing`; shredding the party replaces them with DELETED_WORDS.
 */
import { sql } from 'kysely';
import type { PartyCipher, PartyKeyColumns, RowOfParty } from '../party-cipher.ts';
import type { DbHandle } from '../kysely-store.ts';

/** What replaces words about a shredded customer in the records that stay. */
export const DELETED_WORDS = 'Deleted at the end of the retention period.';

const reasonKind = (index: number) => `decision-reason#${index}`;
export const PROPOSAL_REASON = 'decision-proposal-reason';
export const PROPOSAL_RESOLUTION = 'decision-proposal-resolution';

export interface Reason {
  code: string;
  message: string;
}

export interface PartyKeyRow extends PartyKeyColumns {
  party_id: string;
  /** The party's tenant (a reseller's, for its customer), which its data key is bound to. */
  tenant_id: string;
}

/**
 * The party an application is about, or an account belongs to, with its key columns (null when it has
 * no key row).
 */
export async function partyOf(
  db: DbHandle,
  table: 'applications' | 'accounts',
  tenantId: string,
  id: string,
  options: { withResellers?: boolean } = {},
): Promise<PartyKeyRow | undefined> {
  const tenants =
    options.withResellers === true
      ? sql`(t.tenant_id = ${tenantId}::uuid OR t.tenant_id IN (SELECT id FROM tenants WHERE parent_id = ${tenantId}::uuid))`
      : sql`t.tenant_id = ${tenantId}::uuid`;
  const { rows } = await sql<PartyKeyRow>`
    SELECT t.party_id, t.tenant_id, k.kek_id, k.wrapped_key FROM ${sql.table(table)} t
    LEFT JOIN party_keys k ON k.party_id = t.party_id
    WHERE ${tenants} AND t.id = ${id}::uuid`.execute(db());
  return rows[0];
}

/** The key columns as sealForParty takes them: undefined when the party has no key row. */
export function keyOf(party: PartyKeyRow | undefined): PartyKeyColumns | undefined {
  return party === undefined || (party.kek_id === null && party.wrapped_key === null) ? undefined : party;
}

/** A decision's reasons as stored: each message sealed, bound to the decision and its place. */
export function sealReasons(
  cipher: PartyCipher,
  row: RowOfParty,
  reasons: readonly Reason[],
  key: PartyKeyColumns | undefined,
): string {
  return JSON.stringify(
    reasons.map((r, i) => ({
      code: r.code,
      message: JSON.parse(cipher.sealForParty(reasonKind(i), row, r.message, key)) as unknown,
    })),
  );
}

/** Opens sealReasons' output (plain messages, written before sealing or by shredding, as they are). */
export function openReasons(
  cipher: PartyCipher,
  row: RowOfParty,
  stored: unknown,
  key: PartyKeyColumns,
): Reason[] {
  return (stored as Array<{ code: string; message: unknown }>).map((r, i) => ({
    code: r.code,
    message: cipher.openTextForParty(reasonKind(i), row, r.message, key, DELETED_WORDS),
  }));
}

interface StoredMatch {
  value: unknown;
  [field: string]: unknown;
}

interface StoredHit {
  matchedOn?: StoredMatch[];
  [field: string]: unknown;
}

const MEASURE_HIT = 'measure-hit';
const MEASURE_ACTION = 'measure-action-match';

function sealMatchList(
  cipher: PartyCipher,
  row: RowOfParty,
  kind: string,
  matches: readonly StoredMatch[],
  key: PartyKeyColumns | undefined,
): StoredMatch[] {
  return matches.map((m, i) => ({
    ...m,
    value: JSON.parse(cipher.sealForParty(`${kind}#${i}`, row, m.value, key)) as unknown,
  }));
}

function openMatchList(
  cipher: PartyCipher,
  row: RowOfParty,
  kind: string,
  matches: readonly StoredMatch[],
  key: PartyKeyColumns,
): StoredMatch[] {
  return matches.map((m, i) => ({
    ...m,
    value: cipher.openTextForParty(`${kind}#${i}`, row, m.value, key, DELETED_WORDS),
  }));
}

/**
 * An application's special-measure hits as stored: each matched value (a country code, or the name or
 * number that matched) sealed, bound to the application, the hit and the match.
 */
export function sealMeasureHits(
  cipher: PartyCipher,
  row: RowOfParty,
  hits: unknown,
  key: PartyKeyColumns | undefined,
): string {
  return JSON.stringify(
    ((hits ?? []) as StoredHit[]).map((h, i) => ({
      ...h,
      matchedOn: sealMatchList(cipher, row, `${MEASURE_HIT}#${i}`, h.matchedOn ?? [], key),
    })),
  );
}

export function openMeasureHits(
  cipher: PartyCipher,
  row: RowOfParty,
  stored: unknown,
  key: PartyKeyColumns,
): unknown {
  return ((stored ?? []) as StoredHit[]).map((h, i) => ({
    ...h,
    matchedOn: openMatchList(cipher, row, `${MEASURE_HIT}#${i}`, h.matchedOn ?? [], key),
  }));
}

/** A special-measure action's matches as stored: each matched value sealed, bound to the action. */
export function sealActionMatches(
  cipher: PartyCipher,
  row: RowOfParty,
  matches: unknown,
  key: PartyKeyColumns | undefined,
): string {
  return JSON.stringify(sealMatchList(cipher, row, MEASURE_ACTION, (matches ?? []) as StoredMatch[], key));
}

export function openActionMatches(
  cipher: PartyCipher,
  row: RowOfParty,
  stored: unknown,
  key: PartyKeyColumns,
): StoredMatch[] {
  return openMatchList(cipher, row, MEASURE_ACTION, (stored ?? []) as StoredMatch[], key);
}
