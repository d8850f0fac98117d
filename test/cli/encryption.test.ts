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
  it('re-screens around a party whose KEK is lost (named, audited, exit 78), and again once it is back', async () => {
    // A keyring restored with the wrong key under the KEK's id: the party's data key no longer unwraps.
    const file = path.join(dataDir, 'keyring.json');
    const original = fs.readFileSync(file, 'utf8');
    const ring = JSON.parse(original) as { keks: Array<{ key: string }> };
    for (const kek of ring.keks) kek.key = Buffer.alloc(32, 7).toString('base64');
    fs.writeFileSync(file, JSON.stringify(ring), { mode: 0o600 });
    const list = path.join(dir, 'deny.csv');
    fs.writeFileSync(list, 'name,type,dob,country\nAnna Maria Eriksen,person,1974,SE\n');
    const imported = await runCli(['lists', 'import', 'deny-list', list, '--json'], settings);
    assert.equal(imported.code, 78, describeResult(imported));
    const report = jsonOf<{
      status: string;
      rescreen: { partiesScreened: number; partiesUnreadable: number; unreadablePartyIds: string[] };
    }>(imported);
    assert.equal(report.status, 'imported', 'the list version itself is in');
    assert.deepEqual(
      [
        report.rescreen.partiesScreened,
        report.rescreen.partiesUnreadable,
        report.rescreen.unreadablePartyIds,
      ],
      [0, 1, [partyId]],
    );
    // A new version (one entry added) re-screens again; the human report names the party.
    fs.appendFileSync(list, 'Ivan Petrovich Sidorov,person,1960,RU\n');
    const human = await runCli(['lists', 'import', 'deny-list', list], settings);
    assert.equal(human.code, 78, describeResult(human));
    assert.match(human.stdout, /NOT re-screened: 1 parties whose data does not open \(KEY_UNAVAILABLE/);
    assert.match(human.stdout, new RegExp(`^    ${partyId}$`, 'm'));
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      const audits = await rawSql<{ action: string; details: { code: string } }>(
        store,
        `SELECT action, details FROM audit_events WHERE target_id = '${partyId}' AND action = 'party.rescreen_skipped'`,
      );
      assert.deepEqual(
        audits.map((a) => [a.action, a.details.code]),
        [
          ['party.rescreen_skipped', 'KEY_UNAVAILABLE'],
          ['party.rescreen_skipped', 'KEY_UNAVAILABLE'],
        ],
      );
    } finally {
      await store.close();
    }

    // The KEK restored, the whole list again: the party is screened now, and its hit raised once.
    fs.writeFileSync(file, original, { mode: 0o600 });
    const again = await runCli(['lists', 'rescreen', 'deny-list', '--json'], settings);
    assert.equal(again.code, 0, describeResult(again));
    const rescreen = jsonOf<{
      status: string;
      rescreen: {
        partiesScreened: number;
        partiesUnreadable: number;
        hitsRaised: number;
        entriesScreened: number;
      };
    }>(again);
    assert.equal(rescreen.status, 'rescreened');
    assert.deepEqual(
      [
        rescreen.rescreen.entriesScreened,
        rescreen.rescreen.partiesScreened,
        rescreen.rescreen.partiesUnreadable,
        rescreen.rescreen.hitsRaised,
      ],
      [2, 1, 0, 1],
    );
    const twice = jsonOf<{ rescreen: { hitsRaised: number } }>(
      await runCli(['lists', 'rescreen', 'deny-list', '--json'], settings),
    );
    assert.equal(twice.rescreen.hitsRaised, 0, 'a hit is raised once');
    const never = await runCli(['lists', 'rescreen', 'un', '--json'], settings);
    assert.equal(never.code, 66, describeResult(never));
    assert.deepEqual([errorOf(never).code, errorOf(never).field], ['LIST_NOT_FOUND', 'argv.source']);
  });
});
