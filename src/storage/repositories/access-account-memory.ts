/**
 * What one process remembers about each account it writes access events for, between batches: the
 * uuid's bytes for COPY, the last access it knows is stored, and the addresses it has committed
 * sightings for (access-sightings.ts). One object per account, found once per event: each of these was
 * a map of its own, and the lookups were a fifth of the API's time per event (docs/benchmarks.md).
 *
 * Everything here is a cache of what is committed. Forgetting any of it costs a statement that does
 * nothing (an UPDATE whose guard fails, an INSERT … ON CONFLICT DO NOTHING), never a wrong row.
 */
import { lastAccessMinute } from '../../domain/access-log/retention.ts';
import type { AccessEventRow } from '../port.ts';

/** The addresses an account was sighted at on its latest remembered day (access-sightings.ts). */
export interface KnownAddresses {
  /** The SightingMemory generation these were committed in; an older one means forgotten. */
  generation: number;
  day: number;
  /** `|a|b|c|`: one string per account is one cache line or a few, where a set per account was many. */
  list: string;
  /** Past a length (an account using many addresses a day), a set instead. */
  set: Set<string> | undefined;
}

export interface AccountSlot {
  readonly id: string;
  /** The uuid's 16 bytes, as COPY's binary format sends it; made on first use. */
  uuid: Buffer | undefined;
  /** A time (ms) the stored last_access_at is known to be at or after: what this process last committed. */
  lastAccess: number;
  sightings: KnownAddresses | undefined;
  /** Scratch for one synchronous pass over one batch (newestPerAccount). */
  mark: number;
  newest: number;
}

/** Accounts remembered per process; past this many, it starts over. */
const SLOT_LIMIT = 500_000;

export class AccountMemory {
  private slots = new Map<string, AccountSlot>();
  private marks = 0;

  constructor(private readonly limit = SLOT_LIMIT) {}

  /** Each row's account slot, in row order. Consecutive rows of one account share one lookup. */
  slotsOf(rows: readonly AccessEventRow[]): AccountSlot[] {
    const out = new Array<AccountSlot>(rows.length);
    let slot: AccountSlot | undefined;
    for (let i = 0; i < rows.length; i += 1) {
      const id = (rows[i] as AccessEventRow).accountId;
      if (slot === undefined || slot.id !== id) slot = this.slots.get(id) ?? this.add(id);
      out[i] = slot;
    }
    return out;
  }

  /**
   * The minute of each account's newest event in the batch (lastAccessMinute), for the accounts whose
   * known last access is earlier: what the batch's transaction moves last_access_at forward to.
   */
  newestPerAccount(
    rows: readonly AccessEventRow[],
    slots: readonly AccountSlot[],
  ): Array<{ slot: AccountSlot; at: number }> {
    const mark = (this.marks += 1);
    const seen: AccountSlot[] = [];
    for (let i = 0; i < rows.length; i += 1) {
      const slot = slots[i] as AccountSlot;
      const at = (rows[i] as AccessEventRow).at.getTime();
      if (slot.mark !== mark) {
        slot.mark = mark;
        slot.newest = at;
        seen.push(slot);
      } else if (at > slot.newest) {
        slot.newest = at;
      }
    }
    const newer: Array<{ slot: AccountSlot; at: number }> = [];
    for (const slot of seen) {
      const at = lastAccessMinute(slot.newest);
      if (at > slot.lastAccess) newer.push({ slot, at });
    }
    return newer;
  }

  /** After commit: these accounts' stored last_access_at is now at least `at`. */
  committedAccess(newer: ReadonlyArray<{ slot: AccountSlot; at: number }>): void {
    for (const { slot, at } of newer) if (at > slot.lastAccess) slot.lastAccess = at;
  }

  private add(id: string): AccountSlot {
    if (this.slots.size >= this.limit) this.slots = new Map();
    const slot: AccountSlot = {
      id,
      uuid: undefined,
      lastAccess: -Infinity,
      sightings: undefined,
      mark: 0,
      newest: 0,
    };
    this.slots.set(id, slot);
    return slot;
  }
}
