/**
 * Operating the personal-data keys (issue #5 point 5): what each key-encryption key protects, rotation
 * (a new KEK becomes active and every party's data key is re-wrapped under it; the sealed records are not
 * touched), retirement of a KEK nothing depends on any more, and sealing rows written before encryption
 * existed. A re-wrap changes only `party_keys`, which are not personal data and not ledgered records;
 * sealing a plaintext row changes a ledgered record, so it appends a `sealed` entry for it.
 */
import type { Keyring } from '../domain/records/keyring.ts';
import type { LedgerRecordType } from '../domain/ledger/entries.ts';
import { AppError } from '../errors.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { recordAudit } from './audit.ts';
import { recordLedgerEntry } from './ledger.ts';

export interface KeyringStatus {
  activeKekId: string;
  keks: Array<{ id: string; active: boolean; liveDataKeys: number; destroyedDataKeys: number }>;
  /** Data keys wrapped by a KEK the keyring does not hold: unreadable until it is configured again. */
  orphaned: Array<{ kekId: string; liveDataKeys: number }>;
}

export interface RewrapReport {
  activeKekId: string;
  rewrapped: number;
}

const PAGE = 500;

export class EncryptionService {
  constructor(private readonly deps: ServiceDeps) {}

  async status(actor: Actor, keyring: Keyring): Promise<KeyringStatus> {
    requirePermission(actor, 'keys:manage');
    const counts = await this.deps.store.parties.countKeysByKek();
    const byKek = new Map(counts.map((c) => [c.kekId, c]));
    return {
      activeKekId: keyring.activeKekId,
      keks: keyring.kekIds.map((id) => ({
        id,
        active: id === keyring.activeKekId,
        liveDataKeys: byKek.get(id)?.live ?? 0,
        destroyedDataKeys: byKek.get(id)?.destroyed ?? 0,
      })),
      orphaned: counts
        .filter((c) => !keyring.kekIds.includes(c.kekId) && c.live > 0)
        .map((c) => ({ kekId: c.kekId, liveDataKeys: c.live })),
    };
  }

  /** Re-wraps every live data key not yet under the active KEK (resumable: run it again after a failure). */
  async rewrapAll(
    actor: Actor,
    keyring: Keyring,
    onProgress?: (done: number) => void,
  ): Promise<RewrapReport> {
    requirePermission(actor, 'keys:manage');
    const { store } = this.deps;
    let rewrapped = 0;
    let after: string | undefined;
    for (;;) {
      const batch = await store.parties.keysNotWrappedBy(keyring.activeKekId, after, PAGE);
      await store.transaction(async () => {
        for (const key of batch)
          if (await store.parties.rewrapKey(key.tenantId, key.partyId, this.deps.now())) rewrapped += 1;
      });
      onProgress?.(rewrapped);
      after = batch.at(-1)?.partyId;
      if (batch.length < PAGE) break;
    }
    await recordAudit(
      this.deps,
      actor,
      'keyring.rewrapped',
      { type: 'kek', id: keyring.activeKekId },
      { rewrapped },
    );
    return { activeKekId: keyring.activeKekId, rewrapped };
  }

  /** Refuses while any live data key is still wrapped by `kekId` (it would become unreadable). */
  async assertRetirable(actor: Actor, keyring: Keyring, kekId: string): Promise<void> {
    requirePermission(actor, 'keys:manage');
    if (kekId === keyring.activeKekId) {
      throw new AppError('KEY_IN_USE', `Key-encryption key ${kekId} is the active one; rotate first.`);
    }
    const live = (await this.deps.store.parties.countKeysByKek()).find((c) => c.kekId === kekId)?.live ?? 0;
    if (live > 0) {
      throw new AppError(
        'KEY_IN_USE',
        `Key-encryption key ${kekId} still wraps ${live} data key(s); run \`gatehouse encryption rotate\` (it re-wraps them) first.`,
      );
    }
  }

  /**
   * Seals what a version before encryption (or before migration 0016) stored in the clear: party versions
   * (each gets a `sealed` ledger entry, creating the party's key if it had none), then the explanations and
   * review reasons of their screening hits, the statements and evidence of their redress requests, the
   * reasons' messages of their decisions, the values special measures matched in their applications and
   * sweeps' actions (each of these ledgered again), and their four-eyes proposals' reasons.
   */
  async sealExisting(onProgress?: (done: number) => void): Promise<SealedCounts> {
    const { store } = this.deps;
    const counts: SealedCounts = {
      versions: 0,
      screeningHits: 0,
      redressRequests: 0,
      decisions: 0,
      decisionProposals: 0,
      applications: 0,
      measureActions: 0,
    };
    const progress = () => onProgress?.(sealedTotal(counts));
    for (;;) {
      const batch = await store.parties.plaintextVersionsUnscoped(PAGE);
      if (batch.length === 0) break;
      await store.transaction(async () => {
        for (const version of batch) {
          await store.parties.sealPlaintextVersion(version, this.deps.now());
          await recordLedgerEntry(
            this.deps,
            version.tenantId,
            'party_version',
            `${version.partyId}@${version.version}`,
            'sealed',
          );
        }
      });
      counts.versions += batch.length;
      progress();
    }
    for (;;) {
      const sealed = await store.transaction(() => store.screening.sealPlaintextUnscoped(PAGE));
      if (sealed === 0) break;
      counts.screeningHits += sealed;
      progress();
    }
    for (;;) {
      const sealed = await store.transaction(() => store.lifecycle.sealPlaintextRedressUnscoped(PAGE));
      if (sealed === 0) break;
      counts.redressRequests += sealed;
      progress();
    }
    const ledgered = async (
      type: LedgerRecordType,
      seal: (limit: number) => Promise<Array<{ tenantId: string; id: string }>>,
      counted: 'decisions' | 'applications' | 'measureActions',
    ) => {
      for (;;) {
        const sealed = await store.transaction(async () => {
          const ids = await seal(PAGE);
          for (const { tenantId, id } of ids)
            await recordLedgerEntry(this.deps, tenantId, type, id, 'sealed');
          return ids.length;
        });
        if (sealed === 0) return;
        counts[counted] += sealed;
        progress();
      }
    };
    await ledgered('decision', (n) => store.accounts.sealPlaintextDecisionsUnscoped(n), 'decisions');
    await ledgered('application', (n) => store.accounts.sealPlaintextApplicationsUnscoped(n), 'applications');
    await ledgered('measure_action', (n) => store.measures.sealPlaintextActionsUnscoped(n), 'measureActions');
    for (;;) {
      const sealed = await store.transaction(() => store.accounts.sealPlaintextProposalsUnscoped(PAGE));
      if (sealed === 0) break;
      counts.decisionProposals += sealed;
      progress();
    }
    return counts;
  }
}

export function sealedTotal(counts: SealedCounts): number {
  return (
    counts.versions +
    counts.screeningHits +
    counts.redressRequests +
    counts.decisions +
    counts.decisionProposals +
    counts.applications +
    counts.measureActions
  );
}

export interface SealedCounts {
  versions: number;
  screeningHits: number;
  redressRequests: number;
  /** Decisions whose reasons' messages were sealed (each ledgered again). */
  decisions: number;
  decisionProposals: number;
  /** Applications whose special-measure matches were sealed (each ledgered again). */
  applications: number;
  /** Special-measure actions whose matched values were sealed (each ledgered again). */
  measureActions: number;
}
