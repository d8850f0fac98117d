import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from '../../../src/domain/ledger/checkpoint.ts';
import { emptyRoot, hashLeaf, inclusionProof, verifyInclusion } from '../../../src/domain/ledger/merkle.ts';
import {
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
  verifierKeyFor,
} from '../../../src/domain/ledger/note-keys.ts';
import { signNote } from '../../../src/domain/ledger/signed-note.ts';
import { isAppError } from '../../../src/errors.ts';
import { aTree, anEntry } from './builders.ts';

// The example of c2sp.org/tlog-checkpoint.
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_ROOT = Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64');
const ORIGIN = 'ledger.gatehouse.example/records';

function aLogKey(name = ORIGIN, fill = 3) {
  const parsed = parseSignerKey(generateSignerKey(name, (size) => Buffer.alloc(size, fill)));
  assert.ok(parsed.ok);
  const verifier = parseVerifierKey(verifierKeyFor(parsed.key));
  assert.ok(verifier.ok);
  return { signer: parsed.key, verifier: verifier.key };
}

describe('parsing a checkpoint', () => {
  it('rejects a body that is not exactly origin, size, root hash and non-empty extension lines', () => {
    const bad = {
      missing_final_newline: SPEC_BODY.slice(0, -1),
      too_few_lines: 'example.com/log\n5\n',
      empty_line: 'example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n',
      malformed_text: SPEC_BODY.replace(/\n/g, '\r\n'),
    };
    for (const [reason, text] of Object.entries(bad))
      assert.deepEqual(parseCheckpoint(text), { ok: false, reason }, reason);
    assert.deepEqual(parseCheckpoint(`\n${SPEC_BODY}`), { ok: false, reason: 'empty_line' });
  });

  it('rejects sizes that are not plain decimal without leading zeros, or past 2^53 - 1', () => {
    for (const size of [
      '007',
      '00',
      '+5',
      '-1',
      '1e3',
      ' 5',
      '5 ',
      '0x10',
      '5.0',
      '',
      '9007199254740992',
      '١٢',
    ]) {
      const text = `example.com/log\n${size}\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n`;
      const expected = size === '' ? 'empty_line' : 'bad_size';
      assert.deepEqual(parseCheckpoint(text), { ok: false, reason: expected }, JSON.stringify(size));
    }
  });

  it('rejects a root hash that is not standard base64 of 32 bytes', () => {
    const hashes = [
      'CsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=',
      'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I',
      'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=',
      'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx',
      Buffer.alloc(33).toString('base64'),
      '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= ',
    ];
    for (const hash of hashes) {
      assert.deepEqual(
        parseCheckpoint(`example.com/log\n5\n${hash}\n`),
        { ok: false, reason: 'bad_root_hash' },
        hash,
      );
    }
  });

  it('reads the example of the tlog-checkpoint specification', () => {
    assert.deepEqual(parseCheckpoint(SPEC_BODY), {
      ok: true,
      checkpoint: { origin: 'example.com/behind-the-sofa', size: 20_852_163, rootHash: SPEC_ROOT },
    });
  });

  it('reads the empty tree and keeps extension lines', () => {
    const text = `example.com/log\n0\n${emptyRoot().toString('base64')}\nfirst extension\nsecond\n`;
    assert.deepEqual(parseCheckpoint(text), {
      ok: true,
      checkpoint: {
        origin: 'example.com/log',
        size: 0,
        rootHash: emptyRoot(),
        extensions: ['first extension', 'second'],
      },
    });
  });
});

describe('formatting a checkpoint', () => {
  it('refuses an empty or multi-line origin, a fractional size and a short hash', () => {
    const good = { origin: 'example.com/log', size: 5, rootHash: SPEC_ROOT };
    const bad = [
      { ...good, origin: '' },
      { ...good, origin: 'two\nlines' },
      { ...good, extensions: [''] },
      { ...good, size: 1.5 },
      { ...good, rootHash: SPEC_ROOT.subarray(1) },
    ];
    for (const checkpoint of bad) {
      assert.throws(
        () => formatCheckpoint(checkpoint),
        (error: unknown) => isAppError(error) && error.code === 'VALIDATION_FAILED',
      );
    }
  });

  it('writes the specification example back byte for byte', () => {
    assert.equal(
      formatCheckpoint({ origin: 'example.com/behind-the-sofa', size: 20_852_163, rootHash: SPEC_ROOT }),
      SPEC_BODY,
    );
  });
});

describe('signed checkpoints', () => {
  const tree = aTree(1000);
  const checkpoint = { origin: ORIGIN, size: tree.size, rootHash: tree.root() };
  const log = aLogKey();

  it('are refused when the body was changed after signing', () => {
    const note = signCheckpoint(checkpoint, [log.signer]).replace('\n1000\n', '\n1001\n');
    assert.deepEqual(openCheckpoint(note, [log.verifier], ORIGIN), { ok: false, reason: 'bad_signature' });
  });

  it('are refused when signed by a key the reader does not trust', () => {
    const note = signCheckpoint(checkpoint, [aLogKey(ORIGIN, 4).signer]);
    assert.deepEqual(openCheckpoint(note, [log.verifier], ORIGIN), { ok: false, reason: 'unknown_key' });
  });

  it('are refused for another log, even when signed by a trusted key', () => {
    const note = signCheckpoint({ ...checkpoint, origin: 'other.example/log' }, [log.signer]);
    assert.deepEqual(openCheckpoint(note, [log.verifier], ORIGIN), { ok: false, reason: 'wrong_origin' });
  });

  it('are refused when a trusted key signed something that is not a checkpoint', () => {
    const note = signNote(`${ORIGIN}\n1000\n`, log.signer);
    assert.deepEqual(openCheckpoint(note, [log.verifier], ORIGIN), { ok: false, reason: 'too_few_lines' });
  });

  it('carry a root against which the log proves inclusion of an entry', () => {
    const opened = openCheckpoint(signCheckpoint(checkpoint, [log.signer]), [log.verifier], ORIGIN);
    assert.ok(opened.ok);
    assert.deepEqual(opened.signedBy, [{ name: ORIGIN, keyId: log.signer.keyId }]);
    const { size, rootHash } = opened.checkpoint;
    const verdict = verifyInclusion({
      leafIndex: 617,
      treeSize: size,
      leafHash: hashLeaf(anEntry(617)),
      proof: inclusionProof(tree, 617, size),
      root: rootHash,
    });
    assert.deepEqual(verdict, { ok: true });
  });
});
