/**
 * Where the store seals and opens party data (issue #5): every party version is written sealed under
 * its party's data key, with blind-index terms beside it, and opened on the way out. Sealing at this
 * one layer means no repository or service can write personal data in the clear by forgetting to.
 * The keyring is swappable: an ephemeral one until the composition root installs the configured ring.
 */
import {
  blindIndex,
  dataKeyContext,
  isSealedColumn,
  isShreddedColumn,
  keyedDigest,
  newDataKey,
  openJson,
  recordContext,
  SealError,
  sealJson,
  type SealedColumn,
} from '../domain/records/envelope.ts';
import { ephemeralKeyring, type Keyring } from '../domain/records/keyring.ts';
import { partySearchTerms, type SearchTerm } from '../domain/records/search-terms.ts';
import { AppError } from '../errors.ts';

/** The key columns of a party as a reader joins them (`party_keys`); null when no key row exists. */
export interface PartyKeyColumns {
  kek_id: string | null;
  wrapped_key: Buffer | Uint8Array | null;
}

/** The row a value about a party belongs to: what its seal is bound to, with the value's kind. */
export interface RowOfParty {
  tenantId: string;
  partyId: string;
  id: string;
}

function rowContext(kind: string, row: RowOfParty): string {
  return recordContext(kind, row.tenantId, row.partyId, row.id);
}

export class PartyCipher {
  private ring: Keyring = ephemeralKeyring();

  useKeyring(ring: Keyring): void {
    this.ring = ring;
  }

  get keyring(): Keyring {
    return this.ring;
  }

  newPartyKey(tenantId: string, partyId: string): { dataKey: Buffer; kekId: string; wrapped: Buffer } {
    const dataKey = newDataKey();
    const { kekId, wrapped } = this.ring.wrap(dataKey, dataKeyContext(tenantId, partyId));
    return { dataKey, kekId, wrapped };
  }

  /** The party's data key; PARTY_SHREDDED when it was destroyed, KEY_UNAVAILABLE when its KEK is not configured. */
  dataKey(tenantId: string, partyId: string, key: PartyKeyColumns): Buffer {
    if (key.kek_id === null) throw new AppError('INTERNAL', `party ${partyId} has no data key`);
    if (key.wrapped_key === null) throw shredded(partyId);
    try {
      return this.ring.unwrap(
        { kekId: key.kek_id, wrapped: Buffer.from(key.wrapped_key) },
        dataKeyContext(tenantId, partyId),
      );
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      throw new AppError(
        'KEY_UNAVAILABLE',
        `The data key of party ${partyId} cannot be unwrapped: ${error.message}.`,
      );
    }
  }

  rewrap(tenantId: string, partyId: string, key: PartyKeyColumns): { kekId: string; wrapped: Buffer } {
    return this.ring.wrap(this.dataKey(tenantId, partyId, key), dataKeyContext(tenantId, partyId));
  }

  sealVersion(
    dataKey: Buffer,
    tenantId: string,
    partyId: string,
    version: number,
    data: unknown,
  ): SealedColumn {
    return { $sealed: sealJson(dataKey, recordContext('party-version', tenantId, partyId, version), data) };
  }

  /**
   * A stored party version as the caller may use it. Rows written before encryption existed (plain
   * objects) are returned as they are until `encryption seal-existing` seals them.
   */
  openVersion(
    tenantId: string,
    partyId: string,
    version: number,
    stored: unknown,
    key: PartyKeyColumns,
  ): Record<string, unknown> {
    if (isShreddedColumn(stored)) throw shredded(partyId);
    if (!isSealedColumn(stored)) return stored as Record<string, unknown>;
    const dataKey = this.dataKey(tenantId, partyId, key);
    try {
      return openJson(
        dataKey,
        recordContext('party-version', tenantId, partyId, version),
        stored.$sealed,
      ) as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      throw new AppError(
        'KEY_UNAVAILABLE',
        `Party ${partyId} version ${version} does not open: ${error.message}.`,
      );
    }
  }

  /** Like openVersion, for readers that list many parties: a shredded or unreadable party is skipped (undefined). */
  openVersionOrSkip(
    tenantId: string,
    partyId: string,
    version: number,
    stored: unknown,
    key: PartyKeyColumns,
  ): Record<string, unknown> | undefined {
    try {
      return this.openVersion(tenantId, partyId, version, stored, key);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'PARTY_SHREDDED' || error.code === 'KEY_UNAVAILABLE'))
        return undefined;
      throw error;
    }
  }

  /**
   * A digest of the party's personal data as it may be stored: keyed with the party's data key
   * (envelope.ts, keyedDigest). A party without a key row (written before encryption existed, its data
   * still in the clear until `encryption seal-existing`) keeps the plain digest.
   */
  storedDigest(
    kind: string,
    tenantId: string,
    partyId: string,
    digest: string,
    key: PartyKeyColumns | undefined,
  ): string {
    if (key === undefined) return digest;
    return keyedDigest(this.dataKey(tenantId, partyId, key), tenantId, partyId, kind, digest);
  }

  /**
   * A value about the party (an explanation, a reviewer's reason, a customer's statement) as it is
   * stored, as JSON text: sealed under the party's key, bound to its kind and row. A party without a key
   * row (written before encryption existed) keeps it as it is, like its versions, until
   * `encryption seal-existing`.
   */
  sealForParty(kind: string, row: RowOfParty, value: unknown, key: PartyKeyColumns | undefined): string {
    if (key === undefined) return JSON.stringify(value);
    const dataKey = this.dataKey(row.tenantId, row.partyId, key);
    const sealed: SealedColumn = { $sealed: sealJson(dataKey, rowContext(kind, row), value) };
    return JSON.stringify(sealed);
  }

  /**
   * Opens what sealForParty stored (a plain value written before sealing, as it is); `whenShredded`
   * stands for it once retention destroyed the key or replaced it with a tombstone.
   */
  openForParty(
    kind: string,
    row: RowOfParty,
    stored: unknown,
    key: PartyKeyColumns,
    whenShredded: unknown,
  ): unknown {
    if (isShreddedColumn(stored)) return whenShredded;
    if (!isSealedColumn(stored)) return stored;
    let dataKey: Buffer;
    try {
      dataKey = this.dataKey(row.tenantId, row.partyId, key);
    } catch (error) {
      if (error instanceof AppError && error.code === 'PARTY_SHREDDED') return whenShredded;
      throw error;
    }
    return openJson(dataKey, rowContext(kind, row), stored.$sealed);
  }

  /** Like openForParty, for a value that was a string when sealed. */
  openTextForParty(
    kind: string,
    row: RowOfParty,
    stored: unknown,
    key: PartyKeyColumns,
    whenShredded: string,
  ): string {
    const value = this.openForParty(kind, row, stored, key, whenShredded);
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  searchTerms(tenantId: string, data: Record<string, unknown>): Buffer[] {
    return partySearchTerms(data).map((t) => this.term(tenantId, t));
  }

  term(tenantId: string, term: SearchTerm): Buffer {
    return blindIndex(this.ring.blindIndexKey, tenantId, term.kind, term.value);
  }
}

function shredded(partyId: string): AppError {
  return new AppError(
    'PARTY_SHREDDED',
    `Party ${partyId} was deleted at the end of its retention period (its data key is destroyed).`,
  );
}
