/**
 * `gatehouse ledger` on the embedded store, through the real command: the keys are created on the first
 * start (mode 0600), a kept checkpoint verifies, a record row edited behind Gatehouse's back is named
 * with exit 65, and a bad signing key in the environment is refused without being echoed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LedgerVerification } from '../../src/services/ledger-verify.ts';
import { openStore } from '../../src/storage/open.ts';
import { anna } from '../support/applicants.ts';
import {
  describeResult,
  errorOf,
  jsonOf,
  killAllCli,
  makeTempDir,
  removeTempDir,
  runCli,
} from '../support/cli.ts';
import { rawSql } from '../support/raw-sql.ts';

describe('gatehouse ledger', () => {
  let dir: string;
  let settings: Record<string, string>;

  before(async () => {
    dir = makeTempDir('gatehouse-cli-ledger-');
    settings = { GATEHOUSE_DATA_DIR: path.join(dir, 'data') };
    const tenant = await runCli(['tenants', 'create', '--name', 'Acme', '--json'], settings);
    assert.equal(tenant.code, 0, describeResult(tenant));
    const file = path.join(dir, 'anna.json');
    fs.writeFileSync(file, JSON.stringify(anna({ account: { externalId: 'acct-anna' } })));
    const applied = await runCli(['apply', file, '--json'], settings);
    assert.equal(applied.code, 0, describeResult(applied));
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dir);
  });

  it('refuses a malformed signing key with CONFIG_INVALID (exit 78) and never echoes it', async () => {
    const secret = 'PRIVATE+KEY+gatehouse/acme/ledger+00000000+AXNlY3JldA==';
    const result = await runCli(['ledger', 'verify'], { ...settings, GATEHOUSE_LEDGER_SIGNING_KEY: secret });
    assert.equal(result.code, 78, describeResult(result));
    assert.ok(!result.stderr.includes('AXNlY3JldA'), result.stderr);
  });

  it('creates the key file with mode 0600 and verifies against a kept checkpoint', async () => {
    const checkpoint = await runCli(['ledger', 'checkpoint', '--json'], settings);
    assert.equal(checkpoint.code, 0, describeResult(checkpoint));
    const { size, note } = jsonOf<{ size: number; note: string }>(checkpoint);
    assert.ok(size >= 3, `${size} leaves`);
    assert.match(note, /^gatehouse\/provider\/ledger\n/);
    const stat = fs.statSync(path.join(dir, 'data', 'ledger-keys.json'));
    assert.equal(stat.mode & 0o777, 0o600);
    const kept = path.join(dir, 'kept-checkpoint.txt');
    fs.writeFileSync(kept, note);
    const result = await runCli(['ledger', 'verify', '--from-checkpoint', kept, '--json'], settings);
    assert.equal(result.code, 0, describeResult(result));
    assert.equal(jsonOf<LedgerVerification>(result).ok, true);
  });

  it('names an edited decision row and exits 65 (LEDGER_DIVERGENCE)', async () => {
    const store = await openStore({ kind: 'pglite', dataDir: path.join(dir, 'data') });
    const [decision] = await rawSql<{ id: string }>(
      store,
      `UPDATE decisions SET rule = 'forged' RETURNING id`,
    );
    await store.close();
    const result = await runCli(['ledger', 'verify', '--json'], settings);
    assert.equal(result.code, 65, describeResult(result));
    assert.equal(errorOf(result).code, 'LEDGER_DIVERGENCE');
    const [first] = jsonOf<LedgerVerification>(result).divergences;
    assert.deepEqual(
      [first?.kind, first?.recordType, first?.recordId],
      ['record_changed', 'decision', decision?.id],
    );
  });
});
