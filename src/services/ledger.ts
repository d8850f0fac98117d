/**
 * The ledger service (issue #5): every record event leaves an entry in its own transaction (an
 * outbox row, `recordLedgerEntry`), and the sequencer integrates pending entries into the Merkle tree in
 * batches, a single writer at a time (an advisory lock, and a compare-and-swap on the head size behind
 * it), then signs a C2SP checkpoint when the tree grew. Proofs are served for integrated leaves only.
 */
import {
  appendLeaves,
  compactRangeNodes,
  consistencyRanges,
  hashLeaf,
  inclusionRanges,
  readRangesAsync,
  type AsyncMerkleNodeReader,
} from '../domain/ledger/merkle.ts';
import { signCheckpoint } from '../domain/ledger/checkpoint.ts';
import {
  commitToRecord,
  leafData,
  ledgerOrigin,
  parseRecordRef,
  type LedgerRecordType,
} from '../domain/ledger/entries.ts';
import {
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
  verifierKeyFor,
  type Ed25519NoteSigner,
} from '../domain/ledger/note-keys.ts';
import { AppError } from '../errors.ts';
import type { LedgerCheckpointRecord, LedgerHeadRecord } from '../storage/port.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { verifyLedger, type LedgerVerification } from './ledger-verify.ts';

/**
 * Call inside the transaction of the change, after the row is written: the entry commits to the row
 * as the store holds it (read back, so `ledger verify` recomputes the very same bytes later).
 * `entryType` says what happened to the record: `created`, `updated`, `extended`.
 */
export async function recordLedgerEntry(
  deps: ServiceDeps,
  tenantId: string,
  recordType: LedgerRecordType,
  recordId: string,
  entryType = 'created',
): Promise<void> {
  const { ledger } = deps.store;
  const row = await ledger.loadRecord(tenantId, recordType, recordId);
  if (row === undefined) throw new AppError('INTERNAL', `ledger: ${recordType} ${recordId} is not stored`);
  const commitment = commitToRecord(deps.ledgerCommitmentKey, row);
  await ledger.insertEntry({ tenantId, entryType, recordType, recordId, commitment, recordedAt: deps.now() });
}

export interface SequencerRun {
  integrated: number;
  /** The size of the checkpoint signed in this run, or null when the tree had not grown. */
  signed: number | null;
}

export interface InclusionQuery {
  leaf?: number | undefined;
  record?: string | undefined;
  size?: number | undefined;
}

export interface InclusionAnswer {
  leafIndex: number;
  treeSize: number;
  leafHash: Buffer;
  proof: Buffer[];
}

/** Entries per transaction: large enough that a batch costs a few statements per thousand leaves. */
const DEFAULT_BATCH = 10_000;
const SEQUENCER_LOCK = 'gatehouse:ledger:sequencer';

export class LedgerService {
  readonly origin: string;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly signer: Ed25519NoteSigner,
    private readonly batchSize = DEFAULT_BATCH,
  ) {
    // tlog-checkpoint: "the log's key name should be its origin".
    this.origin = signer.name;
  }

  /** The scheduler's job: integrate every pending entry, then sign a checkpoint if the tree grew. */
  async runSequencer(): Promise<SequencerRun> {
    let integrated = 0;
    for (;;) {
      const count = await this.integrateBatch();
      integrated += count;
      if (count < this.batchSize) break;
    }
    const signed = await this.signIfGrown();
    return { integrated, signed: signed?.size ?? null };
  }

  /** One batch in one transaction; returns how many entries it integrated. */
  async integrateBatch(): Promise<number> {
    const { store } = this.deps;
    return store.transaction(async () => {
      // One writer at a time; the compare-and-swap in `integrate` still guards a writer without the lock.
      await store.lockForTransaction(SEQUENCER_LOCK);
      const pending = await store.ledger.pendingEntriesUnscoped(this.batchSize);
      if (pending.length === 0) return 0;
      const head = await store.ledger.head();
      const range = { size: head.size, hashes: await store.ledger.nodeHashes(compactRangeNodes(head.size)) };
      const leafHashes = pending.map((entry, i) => hashLeaf(leafData(entry, head.size + i)));
      const result = appendLeaves(range, leafHashes);
      const moved = await store.ledger.integrate({
        from: head,
        to: { size: result.range.size, root: result.root },
        nodes: result.nodes,
        leaves: pending.map((entry, i) => ({ seq: entry.seq, leafIndex: head.size + i })),
        at: this.deps.now(),
      });
      if (!moved) throw new AppError('INTERNAL', 'the ledger head moved during integration; retry');
      return pending.length;
    });
  }

  /** Signs a checkpoint of the current head unless one of that size exists; safe on several nodes. */
  async signIfGrown(): Promise<LedgerCheckpointRecord | undefined> {
    const { ledger } = this.deps.store;
    const [head, latest] = await Promise.all([ledger.head(), ledger.latestCheckpoint()]);
    if (latest !== undefined && latest.size >= head.size) return undefined;
    const note = signCheckpoint({ origin: this.origin, size: head.size, rootHash: head.root }, [this.signer]);
    const checkpoint = { size: head.size, root: head.root, note, signedAt: this.deps.now() };
    return (await ledger.insertCheckpoint(checkpoint)) ? checkpoint : undefined;
  }

  /** The newest signed checkpoint (signing the current head first if it has grown since). */
  async checkpoint(actor: Actor): Promise<LedgerCheckpointRecord> {
    requirePermission(actor, 'ledger:read');
    await this.signIfGrown();
    const latest = await this.deps.store.ledger.latestCheckpoint();
    if (latest === undefined) throw new AppError('INTERNAL', 'no ledger checkpoint could be signed');
    return latest;
  }

  /** The verifier key in signed-note form: `<name>+<key id>+<base64(0x01 || public key)>`. */
  publicKey(actor: Actor): { origin: string; key: string } {
    requirePermission(actor, 'ledger:read');
    return { origin: this.origin, key: verifierKeyFor(this.signer) };
  }

  /**
   * An inclusion proof in the tree of `size` leaves (default: the newest checkpoint's). By record, the
   * newest integrated entry of one of the actor's own records: another tenant's record is not found.
   */
  async inclusionProof(actor: Actor, query: InclusionQuery): Promise<InclusionAnswer> {
    requirePermission(actor, 'ledger:read');
    const head = await this.deps.store.ledger.head();
    const treeSize = query.size ?? (await this.servedSize(head));
    requireRange(treeSize >= 1 && treeSize <= head.size, 'query.size', `size must be 1 to ${head.size}`);
    if (query.leaf !== undefined && query.record !== undefined) {
      throw new AppError('LEDGER_ARGUMENT_INVALID', 'Give leaf or record, not both.', {
        field: 'query.record',
      });
    }
    const leafIndex = query.leaf ?? (await this.leafOfRecord(actor, query.record));
    requireRange(leafIndex < treeSize, 'query.leaf', `leaf must be below the tree size ${treeSize}`);
    const [leafHash] = await this.deps.store.ledger.nodeHashes([{ level: 0, index: leafIndex }]);
    const proof = await readRangesAsync(this.reader(), inclusionRanges(leafIndex, treeSize));
    return { leafIndex, treeSize, leafHash: leafHash as Buffer, proof };
  }

  /** RFC 9162 §2.1.4: proves the tree of `from` leaves is a prefix of the tree of `to` leaves. */
  async consistencyProof(
    actor: Actor,
    from: number,
    to: number,
  ): Promise<{ from: number; to: number; proof: Buffer[] }> {
    requirePermission(actor, 'ledger:read');
    const head = await this.deps.store.ledger.head();
    requireRange(to <= head.size, 'query.to', `to must be at most the tree size ${head.size}`);
    requireRange(from >= 1 && from <= to, 'query.from', 'from must be 1 to the value of to');
    return { from, to, proof: await readRangesAsync(this.reader(), consistencyRanges(from, to)) };
  }

  /** Recomputes everything from the stored rows (services/ledger-verify.ts); `fromCheckpoint` is a kept note. */
  async verify(actor: Actor, fromCheckpoint?: string): Promise<LedgerVerification> {
    requirePermission(actor, 'ledger:read');
    const verifier = parseVerifierKey(verifierKeyFor(this.signer));
    if (!verifier.ok) throw new AppError('INTERNAL', 'the ledger verifier key does not parse');
    return verifyLedger(this.deps, { verifier: verifier.key, origin: this.origin, fromCheckpoint });
  }

  private async servedSize(head: LedgerHeadRecord): Promise<number> {
    const latest = await this.deps.store.ledger.latestCheckpoint();
    return latest?.size ?? head.size;
  }

  private async leafOfRecord(actor: Actor, ref: string | undefined): Promise<number> {
    const parsed = ref === undefined ? undefined : parseRecordRef(ref);
    if (parsed === undefined) {
      throw new AppError('LEDGER_ARGUMENT_INVALID', 'Give leaf=INDEX or record=<type>:<id>.', {
        field: ref === undefined ? 'query.leaf' : 'query.record',
      });
    }
    const entry = await this.deps.store.ledger.findRecordEntry(
      actor.tenantId,
      parsed.recordType,
      parsed.recordId,
    );
    if (entry?.leafIndex === null || entry === undefined) {
      throw new AppError('LEDGER_RECORD_NOT_FOUND', 'No integrated ledger entry for this record.', {
        field: 'query.record',
      });
    }
    return entry.leafIndex;
  }

  private reader(): AsyncMerkleNodeReader {
    return { hashes: (nodes) => this.deps.store.ledger.nodeHashes(nodes) };
  }
}

function requireRange(ok: boolean, field: string, message: string): void {
  if (!ok) throw new AppError('LEDGER_ARGUMENT_INVALID', message, { field });
}

/**
 * The signer from its C2SP `PRIVATE+KEY+…` text, or a throwaway one (tests) when none is given. A bad
 * key is reported by its failure reason only: the message never echoes the secret.
 */
export function ledgerSigner(
  signingKey: string | undefined,
  randomBytes: (size: number) => Buffer,
): Ed25519NoteSigner {
  const text = signingKey ?? generateSignerKey(ledgerOrigin('Provider'), randomBytes);
  const parsed = parseSignerKey(text);
  if (!parsed.ok) {
    throw new AppError(
      'CONFIG_INVALID',
      `The ledger signing key is not a usable signer key (${parsed.reason}).`,
      {
        field: 'env.GATEHOUSE_LEDGER_SIGNING_KEY',
      },
    );
  }
  return parsed.key;
}
