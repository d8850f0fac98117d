/**
 * What is written in deciding on a customer is sealed under the customer's data key, like the rest of
 * their data: each decision reason's message (a special measure's matched name, a reviewer's words;
 * the code stays plain, for the rules, the queues and the events) and a four-eyes proposal's reason and
 * resolution reason. Rows written before migration 0020 hold them plain until
 * `encryption seal-existing`; shredding the party replaces them with DELETED_WORDS.
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
}

/** The party an application is about, with its key columns (null when it has no key row). */
export async function partyOfApplication(
  db: DbHandle,
  tenantId: string,
  applicationId: string,
): Promise<PartyKeyRow | undefined> {
  const { rows } = await sql<PartyKeyRow>`
    SELECT a.party_id, k.kek_id, k.wrapped_key FROM applications a
    LEFT JOIN party_keys k ON k.party_id = a.party_id
    WHERE a.tenant_id = ${tenantId}::uuid AND a.id = ${applicationId}::uuid`.execute(db());
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
