/**
 * `gatehouse holds` on the embedded store, through the real command: a hold is set on an account named
 * by its external id, listed, released once; a missing subject, an unknown account and a second release
 * fail with their codes and exit statuses.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import { createServices } from '../../src/services/index.ts';
import { openStore } from '../../src/storage/open.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import {
  describeResult,
  errorOf,
  jsonOf,
  killAllCli,
  makeTempDir,
  removeTempDir,
  runCli,
} from '../support/cli.ts';

interface HoldJson {
  id: string;
  subject: { type: string; id: string };
  active: boolean;
  setBy: string;
  release: { reason: string } | null;
}

describe('gatehouse holds', () => {
  let dir: string;
  let settings: Record<string, string>;
  let accountId: string;
  let holdId: string;

  before(async () => {
    dir = makeTempDir('gatehouse-cli-holds-');
    const dataDir = path.join(dir, 'data');
    settings = { GATEHOUSE_DATA_DIR: dataDir };
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      await store.migrate();
      const boot = await bootstrapProvider(createServices(store).deps, 'Acme Cloud');
      accountId = (await anAccountIn(store, boot.tenant.id, { externalId: 'cust-7' })).id;
    } finally {
      await store.close();
    }
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dir);
  });

  it('refuses a hold without a subject (exit 64) and on an unknown account (exit 66)', async () => {
    const noSubject = await runCli(['holds', 'set', '--reason', 'Subpoena 44', '--json'], settings);
    assert.equal(noSubject.code, 64, describeResult(noSubject));
    assert.equal(errorOf(noSubject).field, 'option.party');
    const shortReason = await runCli(
      ['holds', 'set', '--account', 'cust-7', '--reason', 'x', '--json'],
      settings,
    );
    assert.equal(shortReason.code, 64, describeResult(shortReason));
    assert.equal(errorOf(shortReason).field, 'option.reason');
    const unknown = await runCli(
      ['holds', 'set', '--account', 'cust-404', '--reason', 'Subpoena 44', '--json'],
      settings,
    );
    assert.equal(unknown.code, 66, describeResult(unknown));
    assert.equal(errorOf(unknown).code, 'ACCOUNT_NOT_FOUND');
  });

  it('sets a hold on an account named by its external id, and lists it as active', async () => {
    const set = await runCli(
      ['holds', 'set', '--account', 'cust-7', '--reason', 'Preservation letter 2026-17', '--json'],
      settings,
    );
    assert.equal(set.code, 0, describeResult(set));
    const hold = jsonOf<HoldJson>(set);
    holdId = hold.id;
    assert.deepEqual(hold.subject, { type: 'account', id: accountId });
    assert.match(hold.setBy, /^cli:/);
    const listed = await runCli(['holds', 'list', '--active', '--account', 'cust-7', '--json'], settings);
    assert.equal(listed.code, 0, describeResult(listed));
    assert.deepEqual(
      jsonOf<HoldJson[]>(listed).map((h) => h.id),
      [holdId],
    );
  });

  it('releases the hold once; a second release exits 65 with LEGAL_HOLD_RELEASED', async () => {
    const released = await runCli(['holds', 'release', holdId, '--reason', 'Matter closed'], settings);
    assert.equal(released.code, 0, describeResult(released));
    assert.match(released.stdout, /Released legal hold/);
    const again = await runCli(['holds', 'release', holdId, '--reason', 'Matter closed', '--json'], settings);
    assert.equal(again.code, 65, describeResult(again));
    assert.equal(errorOf(again).code, 'LEGAL_HOLD_RELEASED');
    const listed = await runCli(['holds', 'list'], settings);
    assert.equal(listed.code, 0, describeResult(listed));
    assert.match(listed.stdout, new RegExp(`${holdId}  account ${accountId}  released .*: Matter closed`));
    const active = await runCli(['holds', 'list', '--active'], settings);
    assert.equal(active.stdout.trim(), 'No legal holds.');
  });
});
