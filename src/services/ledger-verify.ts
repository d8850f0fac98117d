/**
 * `gatehouse ledger verify`: recomputes the ledger from what is stored and reports where it diverges.
 * Every leaf is rebuilt from its entry row, every record row is committed to again and compared with
 * its newest entry, the tree is rebuilt in memory and compared node by node with the stored tree, and
 * every signed checkpoint (and optionally one the auditor kept) is checked against the rebuilt roots.
 * Someone with write access to the database can change rows, but not the checkpoints others hold: a
 * changed, deleted, moved or inserted row shows up as one of the divergences below.
 */
import { openCheckpoint } from '../domain/ledger/checkpoint.ts';
import { commitToRecord, leafData, type LedgerRecordType } from '../domain/ledger/entries.ts';
import { hashLeaf, MemoryMerkleTree, sameHash, treeRoot } from '../domain/ledger/merkle.ts';
import type { NoteVerifier } from '../domain/ledger/note-keys.ts';
import type { LedgerEntryRecord } from '../storage/port.ts';
import type { ServiceDeps } from './context.ts';
import { verifyAccessLogDigests, type AccessDigestDivergenceKind } from './access-log-digest-verify.ts';

export type LedgerDivergenceKind =
  | 'entry_missing'
  | 'entry_changed'
  | 'entry_beyond_head'
  | 'record_changed'
  | 'record_missing'
  | 'record_not_ledgered'
  | 'node_changed'
  | 'node_missing'
  | 'head_mismatch'
  | 'checkpoint_invalid'
  | 'checkpoint_mismatch'
  | AccessDigestDivergenceKind;

export interface LedgerDivergence {
  kind: LedgerDivergenceKind;
  message: string;
  leafIndex?: number;
  recordType?: LedgerRecordType;
  recordId?: string;
  treeSize?: number;
  /** Access-log digests: the tenant and the hour of store time (`start/end`, ISO 8601). */
  tenantId?: string;
  segment?: string;
}

export interface LedgerVerification {
  ok: boolean;
  treeSize: number;
  entries: number;
  records: number;
  checkpoints: number;
  /** Access-log digests recomputed from the stored events (access-log-digest-verify.ts). */
  accessSegments: number;
  /** Ordered: by leaf index first, then those that name no leaf. `divergences[0]` is the first. */
  divergences: LedgerDivergence[];
}

export interface VerifyOptions {
  verifier: NoteVerifier;
  origin: string;
  /** A signed checkpoint the auditor kept (C2SP note text): the stored tree must extend it. */
  fromCheckpoint?: string | undefined;
}

const PAGE = 10_000;
const MAX_REPORTED = 100;

export async function verifyLedger(deps: ServiceDeps, options: VerifyOptions): Promise<LedgerVerification> {
  const { ledger } = deps.store;
  const found: LedgerDivergence[] = [];
  const head = await ledger.head();
  const newest = new Map<string, LedgerEntryRecord>();
  const remember = (entry: LedgerEntryRecord) => {
    const key = `${entry.tenantId}/${entry.recordType}:${entry.recordId}`;
    const seen = newest.get(key);
    if (seen === undefined || seen.seq < entry.seq) newest.set(key, entry);
  };
  const tree = await rebuildTree(deps, head.size, remember, found);
  for (const entry of await ledger.pendingEntriesUnscoped(Number.MAX_SAFE_INTEGER)) remember(entry);
  await compareNodes(deps, tree, found);
  if (tree.size === head.size && !sameHash(tree.root(), head.root)) {
    found.push({
      kind: 'head_mismatch',
      treeSize: head.size,
      message: 'the stored head root is not the tree root',
    });
  }
  const checkpoints = await ledger.checkpointsUnscoped();
  for (const stored of checkpoints) checkCheckpoint(stored.note, tree, options, found, stored);
  if (options.fromCheckpoint !== undefined) checkCheckpoint(options.fromCheckpoint, tree, options, found);
  await compareRecords(deps, [...newest.values()], found);
  for (const row of await ledger.unledgeredRecordsUnscoped(MAX_REPORTED)) {
    found.push({ kind: 'record_not_ledgered', ...row, message: 'a record row no ledger entry names' });
  }
  const access = await verifyAccessLogDigests(deps, MAX_REPORTED);
  found.push(...access.divergences);
  const divergences = found
    .sort((a, b) => (a.leafIndex ?? Number.MAX_SAFE_INTEGER) - (b.leafIndex ?? Number.MAX_SAFE_INTEGER))
    .slice(0, MAX_REPORTED);
  return {
    ok: divergences.length === 0,
    treeSize: head.size,
    entries: tree.size,
    records: newest.size,
    checkpoints: checkpoints.length,
    accessSegments: access.segments,
    divergences,
  };
}

/**
 * The tree rebuilt from the integrated entries in leaf order, each leaf recomputed from its row; it
 * stops growing at the first gap (a deleted entry), since every later position would be off by one.
 */
async function rebuildTree(
  deps: ServiceDeps,
  headSize: number,
  remember: (entry: LedgerEntryRecord) => void,
  found: LedgerDivergence[],
): Promise<MemoryMerkleTree> {
  const tree = new MemoryMerkleTree();
  const missing = () => ({
    kind: 'entry_missing' as const,
    leafIndex: tree.size,
    message: `no entry at leaf ${tree.size}`,
  });
  let intact = true;
  for (let from = 0; ;) {
    const page = await deps.store.ledger.entriesFromUnscoped(from, PAGE);
    for (const entry of page) {
      const index = entry.leafIndex as number;
      remember(entry);
      if (index >= headSize) found.push(divergence('entry_beyond_head', entry, 'entry past the tree head'));
      if (!intact || index >= headSize) continue;
      if (index !== tree.size) {
        found.push(missing());
        intact = false;
        continue;
      }
      tree.append([hashLeaf(leafData(entry, index))]);
    }
    if (page.length < PAGE) break;
    from = (page[page.length - 1]?.leafIndex as number) + 1;
  }
  if (intact && tree.size < headSize) found.push(missing());
  return tree;
}

function divergence(kind: LedgerDivergenceKind, entry: LedgerEntryRecord, message: string): LedgerDivergence {
  return {
    kind,
    leafIndex: entry.leafIndex ?? undefined,
    recordType: entry.recordType,
    recordId: entry.recordId,
    message,
  };
}

/**
 * Every stored node of the rebuilt part must equal the rebuilt one; level 0 are the leaves. A changed
 * leaf changes every node above it, so only the lowest changed node of each subtree is reported.
 */
async function compareNodes(
  deps: ServiceDeps,
  tree: MemoryMerkleTree,
  found: LedgerDivergence[],
): Promise<void> {
  const changed: Array<{ start: number; end: number }> = [];
  const covered = (start: number, end: number) => changed.some((c) => c.start < end && start < c.end);
  for (let level = 0; 2 ** level <= tree.size; level += 1) {
    const count = Math.floor(tree.size / 2 ** level);
    let expected = 0;
    for (let from = 0; expected < count;) {
      const page = await deps.store.ledger.nodesOfLevelUnscoped(level, from, PAGE);
      for (const node of page) {
        if (node.index >= count) break;
        if (node.index !== expected) break;
        const start = node.index * 2 ** level;
        const end = start + 2 ** level;
        if (!sameHash(node.hash, tree.hash(level, node.index)) && !covered(start, end)) {
          changed.push({ start, end });
          // Looked up only for a changed leaf: verify keeps no entry per leaf in memory.
          const [leaf] = level === 0 ? await deps.store.ledger.entriesFromUnscoped(node.index, 1) : [];
          found.push(
            leaf?.leafIndex === node.index
              ? divergence('entry_changed', leaf, 'the entry no longer matches its leaf in the tree')
              : {
                  kind: 'node_changed',
                  leafIndex: node.index * 2 ** level,
                  message: `node (${level}, ${node.index}) changed`,
                },
          );
        }
        expected += 1;
      }
      if (page.length < PAGE || expected < from + page.length) break;
      from = expected;
    }
    if (expected < count) {
      found.push({
        kind: 'node_missing',
        leafIndex: expected * 2 ** level,
        message: `node (${level}, ${expected}) is missing`,
      });
    }
  }
}

function checkCheckpoint(
  note: string,
  tree: MemoryMerkleTree,
  options: VerifyOptions,
  found: LedgerDivergence[],
  stored?: { size: number; root: Buffer },
): void {
  const where =
    stored === undefined ? 'the given checkpoint' : `the stored checkpoint of size ${stored.size}`;
  const opened = openCheckpoint(note, [options.verifier], options.origin);
  if (!opened.ok) {
    found.push({ kind: 'checkpoint_invalid', treeSize: stored?.size, message: `${where}: ${opened.reason}` });
    return;
  }
  const { size, rootHash } = opened.checkpoint;
  const rowDisagrees = stored !== undefined && (stored.size !== size || !sameHash(stored.root, rootHash));
  const beyond = size > tree.size;
  if (rowDisagrees || beyond || !sameHash(treeRoot(tree, size), rootHash)) {
    found.push({
      kind: 'checkpoint_mismatch',
      treeSize: size,
      message: beyond
        ? `${where} covers ${size} leaves; only ${tree.size} verify`
        : `${where} does not match the tree rebuilt from the entries`,
    });
  }
}

/** The newest entry of each record must commit to the record row as it is stored now. */
async function compareRecords(
  deps: ServiceDeps,
  entries: readonly LedgerEntryRecord[],
  found: LedgerDivergence[],
): Promise<void> {
  for (const entry of entries) {
    const row = await deps.store.ledger.loadRecord(entry.tenantId, entry.recordType, entry.recordId);
    if (row === undefined) {
      found.push(divergence('record_missing', entry, 'the record row is gone'));
    } else if (!sameHash(commitToRecord(deps.ledgerCommitmentKey, row), entry.commitment)) {
      found.push(divergence('record_changed', entry, 'the record row no longer matches its commitment'));
    }
  }
}
