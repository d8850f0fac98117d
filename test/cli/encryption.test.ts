/**
 * `gatehouse encryption` on the embedded store, through the real command: the keyring file is created
 * on first use (mode 0600); an application's party key is wrapped by the first KEK; retiring the active
 * KEK is refused; rotation re-wraps every data key; the old KEK can then be retired and the party is
 * still readable with the keyring that is left.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadKeyringFile } from '../../src/providers/kms/key-file.ts';
import { openStore } from '../../src/storage/open.ts';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import { createServices } from '../../src/services/index.ts';
import { anna } from '../support/applicants.ts';
import { rawSql } from '../support/raw-sql.ts';
import {
  describeResult,
  errorOf,
  jsonOf,
  killAllCli,
  makeTempDir,
  removeTempDir,
  runCli,
} from '../support/cli.ts';

interface Status {
  activeKekId: string;
  keks: Array<{ id: string; active: boolean; liveDataKeys: number }>;
}

describe('gatehouse encryption', () => {
  let dir: string;
  let dataDir: string;
  let settings: Record<string, string>;
  let partyId: string;
  let firstKek: string;

  before(async () => {
    dir = makeTempDir('gatehouse-cli-encryption-');
    dataDir = path.join(dir, 'data');
    settings = { GATEHOUSE_DATA_DIR: dataDir };
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      await store.migrate();
      await bootstrapProvider(createServices(store).deps, 'Acme Cloud');
    } finally {
      await store.close();
    }
    const file = path.join(dir, 'anna.json');
    fs.writeFileSync(file, JSON.stringify(anna()));
    const applied = await runCli(['apply', file, '--json'], settings);
    assert.equal(applied.code, 0, describeResult(applied));
    partyId = jsonOf<{ partyId: string }>(applied).partyId;
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dir);
  });

  it('created the keyring with mode 0600 and wrapped the party’s key under its only KEK', async () => {
    const mode = fs.statSync(path.join(dataDir, 'keyring.json')).mode & 0o777;
    assert.equal(mode, 0o600);
    const status = await runCli(['encryption', 'status', '--json'], settings);
    assert.equal(status.code, 0, describeResult(status));
    const body = jsonOf<Status>(status);
    firstKek = body.activeKekId;
    assert.deepEqual(
      body.keks.map((k) => [k.id, k.active, k.liveDataKeys]),
      [[firstKek, true, 1]],
    );
  });

  it('refuses to retire the active KEK (exit 65, KEY_IN_USE)', async () => {
    const refused = await runCli(['encryption', 'retire', firstKek, '--json'], settings);
    assert.equal(refused.code, 65, describeResult(refused));
    assert.equal(errorOf(refused).code, 'KEY_IN_USE');
  });

  it('rotates: a new active KEK, every data key re-wrapped, the old KEK retirable', async () => {
    const rotated = await runCli(['encryption', 'rotate', '--json'], settings);
    assert.equal(rotated.code, 0, describeResult(rotated));
    const report = jsonOf<{ activeKekId: string; rewrapped: number }>(rotated);
    assert.notEqual(report.activeKekId, firstKek);
    assert.equal(report.rewrapped, 1);
    const retired = await runCli(['encryption', 'retire', firstKek], settings);
    assert.equal(retired.code, 0, describeResult(retired));
    const status = jsonOf<Status>(await runCli(['encryption', 'status', '--json'], settings));
    assert.deepEqual(
      status.keks.map((k) => [k.id, k.liveDataKeys]),
      [[report.activeKekId, 1]],
    );
    assert.doesNotMatch(fs.readFileSync(path.join(dataDir, 'keyring.json'), 'utf8'), new RegExp(firstKek));
  });

  it('still reads the party with the keyring that is left', async () => {
    const { keyring } = await loadKeyringFile(path.join(dataDir, 'keyring.json'));
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      store.usePersonalDataKeys(keyring);
      const [row] = await rawSql<{ tenant_id: string }>(
        store,
        `SELECT tenant_id FROM parties WHERE id = '${partyId}'`,
      );
      const [version] = await store.parties.listVersions(row?.tenant_id ?? '', partyId);
      assert.equal((version?.data.name as { full: string }).full, 'Anna Maria Eriksson');
    } finally {
      await store.close();
    }
  });
});
