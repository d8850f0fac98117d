import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
  verifierKeyFor,
  type Ed25519NoteSigner,
  type NoteVerifier,
} from '../../../src/domain/ledger/note-keys.ts';
import { MAX_NOTE_SIGNATURES, openNote, signNote } from '../../../src/domain/ledger/signed-note.ts';
import { isAppError } from '../../../src/errors.ts';

// The example keys and notes of golang.org/x/mod/sumdb/note's documentation, used as data.
const PETER_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VERIFIER = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const PETER_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_LINE =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_LINE =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const PETER_NOTE = `${PETER_TEXT}\n${PETER_LINE}`;

// The example of the C2SP signed-note specification ("Verifier keys"), as other implementations quote it.
const SPEC_VERIFIER = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE =
  'This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

function verifier(encoded: string): NoteVerifier {
  const parsed = parseVerifierKey(encoded);
  assert.ok(parsed.ok, encoded);
  return parsed.key;
}

function signer(encoded: string): Ed25519NoteSigner {
  const parsed = parseSignerKey(encoded);
  assert.ok(parsed.ok, encoded);
  return parsed.key;
}

/** Deterministic "randomness" so the generated keys are the same on every run. */
const fixedBytes = (fill: number) => (size: number) => Buffer.alloc(size, fill);

const peter = verifier(PETER_VERIFIER);

describe('opening a signed note', () => {
  it('rejects a note whose text was changed after signing', () => {
    const tampered = PETER_NOTE.replace('cryptography', 'blockchain');
    assert.deepEqual(openNote(tampered, [peter]), {
      ok: false,
      reason: 'bad_signature',
      key: { name: 'PeterNeumann', keyId: 0xc74f20a3 },
    });
  });

  it('rejects a note whose signature was changed', () => {
    const tampered = PETER_NOTE.replace('x08go/ZJ', 'x08go/ZK');
    assert.deepEqual(openNote(tampered, [peter]), {
      ok: false,
      reason: 'bad_signature',
      key: { name: 'PeterNeumann', keyId: 0xc74f20a3 },
    });
  });

  it('rejects a note signed only by keys it does not trust, even one sharing the name', () => {
    const impostor = generateSignerKey('PeterNeumann', fixedBytes(9));
    const forged = signNote(PETER_TEXT, signer(impostor));
    assert.deepEqual(openNote(forged, [peter]), { ok: false, reason: 'unknown_key' });
    assert.deepEqual(openNote(PETER_NOTE, [verifier(SPEC_VERIFIER)]), { ok: false, reason: 'unknown_key' });
    assert.deepEqual(openNote(PETER_NOTE, []), { ok: false, reason: 'unknown_key' });
  });

  it('rejects notes that break the format', () => {
    const malformed = {
      'no blank line before the signatures': `${PETER_TEXT}${PETER_LINE}`,
      'no final newline': PETER_NOTE.slice(0, -1),
      'a hyphen instead of the em dash': PETER_NOTE.replace('\u2014', '-'),
      'no space after the em dash': PETER_NOTE.replace('\u2014 ', '\u2014'),
      'a carriage return': PETER_NOTE.replace('problem,\n', 'problem,\r\n'),
      'a tab': PETER_NOTE.replace('If you', 'If\tyou'),
      'a lone surrogate': PETER_NOTE.replace('If', '\uD800'),
      'base64 with a character outside the alphabet': PETER_NOTE.replace('x08go/', 'x08go_'),
      'base64 without its padding': PETER_NOTE.replace('AM=\n', 'AM\n'),
      'a plus in the key name': PETER_NOTE.replace('\u2014 PeterNeumann', '\u2014 Peter+Neumann'),
      'a signature of only a key ID': PETER_NOTE.replace(/ x08go.*\n$/, ' x08gow==\n'),
    };
    for (const [what, note] of Object.entries(malformed)) {
      assert.deepEqual(openNote(note, [peter]), { ok: false, reason: 'malformed_note' }, what);
    }
  });

  it('rejects bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PETER_NOTE)]);
    assert.deepEqual(openNote(bytes, [peter]), { ok: false, reason: 'malformed_note' });
  });

  it(`rejects more than ${MAX_NOTE_SIGNATURES} signatures before verifying any`, () => {
    const crowded = `${PETER_TEXT}\n${PETER_LINE.repeat(MAX_NOTE_SIGNATURES + 1)}`;
    assert.deepEqual(openNote(crowded, [peter]), { ok: false, reason: 'too_many_signatures' });
  });

  it('rejects an ambiguous list of trusted keys', () => {
    assert.deepEqual(openNote(PETER_NOTE, [peter, verifier(PETER_VERIFIER)]), {
      ok: false,
      reason: 'ambiguous_key',
      key: { name: 'PeterNeumann', keyId: 0xc74f20a3 },
    });
  });

  it('opens the example note of golang.org/x/mod/sumdb/note', () => {
    assert.deepEqual(openNote(PETER_NOTE, [peter]), {
      ok: true,
      text: PETER_TEXT,
      signedBy: [{ name: 'PeterNeumann', keyId: 0xc74f20a3 }],
      unverified: [],
    });
  });

  it('opens the example note of the C2SP signed-note specification, as text or as bytes', () => {
    const expected = {
      ok: true,
      text: 'This is an example message.\n',
      signedBy: [{ name: 'example.com/foo', keyId: 0x530d903a }],
      unverified: [],
    };
    assert.deepEqual(openNote(SPEC_NOTE, [verifier(SPEC_VERIFIER)]), expected);
    assert.deepEqual(openNote(Buffer.from(SPEC_NOTE), [verifier(SPEC_VERIFIER)]), expected);
  });

  it('lists the signatures of untrusted keys beside the trusted ones, and counts a repeated one once', () => {
    const cosigned = `${PETER_TEXT}\n${PETER_LINE}${ENOCH_LINE}${PETER_LINE}`;
    assert.deepEqual(openNote(cosigned, [peter]), {
      ok: true,
      text: PETER_TEXT,
      signedBy: [{ name: 'PeterNeumann', keyId: 0xc74f20a3 }],
      unverified: [{ name: 'EnochRoot', keyId: 0xaf0cfe78 }],
    });
    const both = openNote(cosigned, [peter, verifier(ENOCH_VERIFIER)]);
    assert.ok(both.ok);
    assert.deepEqual(
      both.signedBy.map((s) => s.name),
      ['PeterNeumann', 'EnochRoot'],
    );
  });

  it('accepts the 16 signatures every verifier must accept', () => {
    const witnesses = Array.from({ length: 15 }, (_, i) =>
      signer(generateSignerKey(`witness.example/${i}`, fixedBytes(i + 1))),
    );
    const note = signNote(PETER_TEXT, [signer(PETER_SIGNER), ...witnesses]);
    const opened = openNote(note, [peter, ...witnesses.map((w) => verifier(verifierKeyFor(w)))]);
    assert.ok(opened.ok);
    assert.equal(opened.signedBy.length, 16);
  });
});

describe('signing a note', () => {
  it('refuses text without a final newline or with control characters', () => {
    for (const text of ['no newline', 'carriage\r\n', '']) {
      assert.throws(
        () => signNote(text, signer(PETER_SIGNER)),
        (error: unknown) => isAppError(error) && error.problems[0]?.code === 'invalid_note_text',
      );
    }
  });

  it('reproduces the published signature byte for byte (Ed25519 is deterministic)', () => {
    assert.equal(signNote(PETER_TEXT, signer(PETER_SIGNER)), PETER_NOTE);
  });

  it('round-trips with a freshly generated key', () => {
    const key = signer(generateSignerKey('ledger.gatehouse.example/test', fixedBytes(42)));
    const note = signNote('hello\n\nworld\n', key);
    const opened = openNote(note, [verifier(verifierKeyFor(key))]);
    assert.deepEqual(opened, {
      ok: true,
      text: 'hello\n\nworld\n',
      signedBy: [{ name: key.name, keyId: key.keyId }],
      unverified: [],
    });
  });
});

describe('note keys', () => {
  it('refuses a key whose ID does not match its name and public key', () => {
    assert.deepEqual(parseVerifierKey(PETER_VERIFIER.replace('c74f20a3', 'c74f20a4')), {
      ok: false,
      reason: 'key_id_mismatch',
    });
    assert.deepEqual(parseVerifierKey(PETER_VERIFIER.replace('PeterNeumann', 'PeterNewman')), {
      ok: false,
      reason: 'key_id_mismatch',
    });
    assert.deepEqual(parseSignerKey(PETER_SIGNER.replace('c74f20a3', '00000000')), {
      ok: false,
      reason: 'key_id_mismatch',
    });
  });

  it('refuses a key of another signature type', () => {
    const ecdsa = `PeterNeumann+c74f20a3+${Buffer.concat([Buffer.from([0x02]), Buffer.alloc(32)]).toString('base64')}`;
    assert.deepEqual(parseVerifierKey(ecdsa), { ok: false, reason: 'unknown_algorithm' });
  });

  it('refuses mangled keys', () => {
    for (const bad of [
      '',
      'PeterNeumann',
      'PeterNeumann+c74f20a3',
      'PeterNeumann+c74f20a+ARpc',
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      PETER_VERIFIER.slice(0, -4),
    ]) {
      assert.deepEqual(parseVerifierKey(bad), { ok: false, reason: 'malformed_key' }, bad);
    }
    assert.deepEqual(parseSignerKey(PETER_SIGNER.replace('PRIVATE+KEY', 'PUBLIC+KEY')), {
      ok: false,
      reason: 'malformed_key',
    });
    assert.deepEqual(parseSignerKey(PETER_VERIFIER), { ok: false, reason: 'malformed_key' });
  });

  it('refuses to generate a key for a name with a space or a plus', () => {
    for (const name of ['', 'a b', 'a+b', 'tab\there']) {
      assert.throws(
        () => generateSignerKey(name, fixedBytes(1)),
        (error: unknown) => isAppError(error) && error.problems[0]?.code === 'invalid_key_name',
      );
    }
  });

  it('derives the published verifier key from the published signer key', () => {
    assert.equal(verifierKeyFor(signer(PETER_SIGNER)), PETER_VERIFIER);
  });

  it('writes generated keys in the same form, whose base64 may contain a plus', () => {
    const encoded = generateSignerKey('example.com/log', fixedBytes(0xfb));
    assert.match(encoded, /^PRIVATE\+KEY\+example\.com\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    assert.match(verifierKeyFor(signer(encoded)), /^example\.com\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
  });
});
