/**
 * C2SP signed-note (https://c2sp.org/signed-note): a text ending in a newline, a blank line, then one
 * signature line per key: `— <key name> <base64(4-byte key ID || signature)>` (U+2014, a space).
 * A note arrives from outside (a log, a witness, a client), so opening one never throws: every outcome
 * is a value, and the text is only handed back once a trusted key's signature over it has verified.
 */
import { invalidArgument } from './ledger-arguments.ts';
import { isValidKeyName, keyIdHex, type NoteSigner, type NoteVerifier } from './note-keys.ts';
import { decodeBase64Strict } from './strict-base64.ts';
import { isNoteText } from './text-rules.ts';

const SIGNATURE_PREFIX = '\u2014 ';

/** The spec asks verifiers to accept at least 16; a cap stops a note with a million lines costing a million verifications. */
export const MAX_NOTE_SIGNATURES = 100;

export interface NoteSignature {
  name: string;
  keyId: number;
}

export type NoteFailure =
  'malformed_note' | 'too_many_signatures' | 'unknown_key' | 'ambiguous_key' | 'bad_signature';

export type OpenedNote =
  | { ok: true; text: string; signedBy: NoteSignature[]; unverified: NoteSignature[] }
  | { ok: false; reason: NoteFailure; key?: NoteSignature };

/** The note text with one signature line per signer, in the order given. */
export function signNote(text: string, signers: NoteSigner | readonly NoteSigner[]): string {
  if (!text.endsWith('\n') || !isNoteText(text)) {
    throw invalidArgument(
      'text',
      'invalid_note_text',
      'note text must end in a newline and hold no control characters',
    );
  }
  const message = Buffer.from(text, 'utf8');
  const list = 'sign' in signers ? [signers] : signers;
  const lines = list.map((signer) => {
    if (!isValidKeyName(signer.name)) {
      throw invalidArgument('signers', 'invalid_key_name', 'invalid key name');
    }
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    const blob = Buffer.concat([id, signer.sign(message)]).toString('base64');
    return `${SIGNATURE_PREFIX}${signer.name} ${blob}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Opens a note against the trusted keys. Per the spec: signatures from unknown keys (name and ID not
 * both matching) are ignored; one from a known key that fails to verify rejects the whole note; a note
 * with no verified signature is rejected.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const parsed = parseNote(note);
  if (!parsed.ok) return parsed;
  const message = Buffer.from(parsed.text, 'utf8');
  const signedBy: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const line of parsed.lines) {
    const key = { name: line.name, keyId: line.keyId };
    const id = `${line.name}+${keyIdHex(line.keyId)}`;
    const matches = verifiers.filter((v) => v.name === line.name && v.keyId === line.keyId);
    if (matches.length > 1) return { ok: false, reason: 'ambiguous_key', key };
    const [verifier] = matches;
    if (seen.has(id)) continue;
    seen.add(id);
    if (verifier === undefined) {
      unverified.push(key);
      continue;
    }
    if (!verifier.verify(message, line.signature)) return { ok: false, reason: 'bad_signature', key };
    signedBy.push(key);
  }
  if (signedBy.length === 0) return { ok: false, reason: 'unknown_key' };
  return { ok: true, text: parsed.text, signedBy, unverified };
}

interface SignatureLine {
  name: string;
  keyId: number;
  signature: Buffer;
}

type ParsedNote = { ok: true; text: string; lines: SignatureLine[] } | { ok: false; reason: NoteFailure };

function parseNote(note: string | Uint8Array): ParsedNote {
  const decoded = typeof note === 'string' ? note : decodeUtf8(note);
  if (decoded === undefined || !isNoteText(decoded)) return { ok: false, reason: 'malformed_note' };
  // "the text is separated from the signatures by the last empty line in the note"
  const split = decoded.lastIndexOf('\n\n');
  if (split < 0) return { ok: false, reason: 'malformed_note' };
  const block = decoded.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) return { ok: false, reason: 'malformed_note' };
  const rawLines = block.slice(0, -1).split('\n');
  if (rawLines.length > MAX_NOTE_SIGNATURES) return { ok: false, reason: 'too_many_signatures' };
  const lines: SignatureLine[] = [];
  for (const raw of rawLines) {
    const line = parseSignatureLine(raw);
    if (line === undefined) return { ok: false, reason: 'malformed_note' };
    lines.push(line);
  }
  return { ok: true, text: decoded.slice(0, split + 1), lines };
}

function parseSignatureLine(raw: string): SignatureLine | undefined {
  if (!raw.startsWith(SIGNATURE_PREFIX)) return undefined;
  const rest = raw.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) return undefined;
  const name = rest.slice(0, space);
  const blob = decodeBase64Strict(rest.slice(space + 1));
  // At least the 4-byte key ID and one byte of signature.
  if (!isValidKeyName(name) || blob === undefined || blob.length < 5) return undefined;
  return { name, keyId: blob.readUInt32BE(0), signature: blob.subarray(4) };
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
