/**
 * The ledger keys of the embedded default: created once in the data folder with mode 0600, reused on
 * the next start, overridden by the configuration, and a corrupt file refused without echoing it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadLedgerKeys } from '../../src/providers/ledger/key-file.ts';

describe('ledger key file', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-ledger-keys-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const config = (file: string) => ({ signingKey: undefined, commitmentKey: undefined, file });

  it('refuses a corrupt key file with CONFIG_INVALID, naming the file but not its content', async () => {
    const file = path.join(dir, 'corrupt.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ signingKey: 'PRIVATE+KEY+secret-material', commitmentKey: 'c2VjcmV0' }),
    );
    await assert.rejects(
      loadLedgerKeys(config(file), 'gatehouse/acme/ledger'),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'CONFIG_INVALID');
        assert.ok(error.message.includes(file));
        assert.ok(!error.message.includes('secret-material') && !error.message.includes('c2VjcmV0'));
        return true;
      },
    );
  });

  it('creates the keys once with mode 0600 and reads the same keys on the next start', async () => {
    const file = path.join(dir, 'data', 'ledger-keys.json');
    const first = await loadLedgerKeys(config(file), 'gatehouse/acme/ledger');
    assert.equal(first.createdFile, file);
    assert.match(first.keys.signingKey, /^PRIVATE\+KEY\+gatehouse\/acme\/ledger\+[0-9a-f]{8}\+/);
    assert.equal(first.keys.commitmentKey.length, 32);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const again = await loadLedgerKeys(config(file), 'gatehouse/acme/ledger');
    assert.equal(again.createdFile, undefined);
    assert.deepEqual(again.keys, first.keys);
  });

  it('takes the configured keys over the file', async () => {
    const file = path.join(dir, 'unused', 'ledger-keys.json');
    const configured = {
      signingKey: 'PRIVATE+KEY+x+00000000+AAAA',
      commitmentKey: Buffer.alloc(32, 1),
      file,
    };
    const loaded = await loadLedgerKeys(configured, 'gatehouse/acme/ledger');
    assert.deepEqual(loaded.keys, {
      signingKey: configured.signingKey,
      commitmentKey: configured.commitmentKey,
    });
    assert.equal(fs.existsSync(file), false, 'no file is created when both keys are configured');
  });
});
