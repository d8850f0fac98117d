/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed note body of a log's tree head.
 * Lines, each ending in a newline: the origin, the tree size in decimal (no leading zeros, `0` for the
 * empty tree), the base64 root hash, then optional non-empty extension lines. A checkpoint comes from a
 * log we may not trust, so parsing is strict and returns a value; formatting our own throws on bad input.
 */
import { HASH_SIZE } from './hashing.ts';
import { invalidArgument } from './ledger-arguments.ts';
import { openNote, signNote, type NoteFailure, type NoteSignature } from './signed-note.ts';
import type { NoteSigner, NoteVerifier } from './note-keys.ts';
import { decodeBase64Strict } from './strict-base64.ts';
import { hasControlCharacter, isWellFormed } from './text-rules.ts';
import { isTreeSize } from './tree-math.ts';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  /** Opaque; the spec does not recommend them, as log monitors cannot audit them. */
  extensions?: string[];
}

export type CheckpointFailure =
  'missing_final_newline' | 'too_few_lines' | 'empty_line' | 'malformed_text' | 'bad_size' | 'bad_root_hash';

export type ParsedCheckpoint =
  { ok: true; checkpoint: Checkpoint } | { ok: false; reason: CheckpointFailure };

/** "with no leading zeroes (unless the tree is empty, in which case the tree size is 0)" */
const TREE_SIZE = /^(?:0|[1-9][0-9]*)$/;

export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  for (const line of [origin, ...extensions]) {
    if (line === '' || !isWellFormed(line) || hasControlCharacter(line, false)) {
      throw invalidArgument(
        'origin',
        'invalid_checkpoint',
        'origin and extension lines must be non-empty single lines',
      );
    }
  }
  if (!isTreeSize(size)) {
    throw invalidArgument('size', 'size_out_of_range', 'size must be a whole number from 0 to 2^53 - 1');
  }
  if (rootHash.length !== HASH_SIZE) {
    throw invalidArgument('rootHash', 'malformed_hash', 'rootHash must be 32 bytes');
  }
  return [origin, String(size), rootHash.toString('base64'), ...extensions]
    .map((line) => `${line}\n`)
    .join('');
}

export function parseCheckpoint(text: string): ParsedCheckpoint {
  if (!text.endsWith('\n')) return { ok: false, reason: 'missing_final_newline' };
  if (!isWellFormed(text) || hasControlCharacter(text, true)) return { ok: false, reason: 'malformed_text' };
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeLine, hashLine, ...extensions] = lines;
  if (origin === undefined || sizeLine === undefined || hashLine === undefined) {
    return { ok: false, reason: 'too_few_lines' };
  }
  if (lines.some((line) => line === '')) return { ok: false, reason: 'empty_line' };
  // Sizes past 2^53 − 1 are valid in the spec (uint64) but cannot be held exactly; no tree of ours gets there.
  const size = TREE_SIZE.test(sizeLine) ? Number(sizeLine) : Number.NaN;
  if (!isTreeSize(size)) return { ok: false, reason: 'bad_size' };
  const rootHash = decodeBase64Strict(hashLine);
  if (rootHash?.length !== HASH_SIZE) return { ok: false, reason: 'bad_root_hash' };
  const checkpoint: Checkpoint = { origin, size, rootHash };
  return { ok: true, checkpoint: extensions.length > 0 ? { ...checkpoint, extensions } : checkpoint };
}

/** The log's key name should be its origin (tlog-checkpoint, "Signatures"). */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}

export type OpenedCheckpoint =
  | { ok: true; checkpoint: Checkpoint; signedBy: NoteSignature[] }
  | { ok: false; reason: NoteFailure | CheckpointFailure | 'wrong_origin' };

/** Verifies the note first: an unsigned body is never parsed into something that looks trustworthy. */
export function openCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  origin: string,
): OpenedCheckpoint {
  const opened = openNote(note, verifiers);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  const parsed = parseCheckpoint(opened.text);
  if (!parsed.ok) return parsed;
  if (parsed.checkpoint.origin !== origin) return { ok: false, reason: 'wrong_origin' };
  return { ok: true, checkpoint: parsed.checkpoint, signedBy: opened.signedBy };
}
