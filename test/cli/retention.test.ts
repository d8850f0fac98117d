/**
 * `gatehouse retention run` on the embedded store, through the real command: a dry run prints what a
 * run would delete and deletes nothing (a second dry run finds the same); the run then deletes exactly
 * that, keeping the account under a legal hold; the plain report names each section.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootstrapProvider } from '../../src/services/bootstrap.ts';
import { createServices } from '../../src/services/index.ts';
import { operatorActor } from '../../src/services/operator.ts';
import { openStore } from '../../src/storage/open.ts';
import type { AccountRecord, Store } from '../../src/storage/port.ts';
import { anAccountIn } from '../support/access-accounts.ts';
import { describeResult, jsonOf, killAllCli, makeTempDir, removeTempDir, runCli } from '../support/cli.ts';

interface ReportJson {
  dryRun: boolean;
  accessLog: {
    accountsScanned: number;
    accountsHeld: number;
    accountsPurged: number;
    eventsDeleted: number;
    partitionsDropped: string[];
  };
}

/** Three years before now: past the two-year period of us-iaas-2024 (the CLI runs on the real clock). */
const THREE_YEARS_AGO = new Date(Date.now() - 3 * 366 * 86_400_000);

async function eventsOf(store: Store, account: AccountRecord, days: number, count: number): Promise<void> {
  const at = new Date(THREE_YEARS_AGO.getTime() - days * 86_400_000);
  await store.accessEvents.insertBatch(
    Array.from({ length: count }, (_, i) => ({
      accountId: account.id,
      eventKey: String(1000 * days + i + 1),
      at: new Date(at.getTime() + i),
      ip: '198.51.100.1',
      action: 1,
      principal: null,
      userAgent: null,
      region: null,
    })),
  );
}

describe('gatehouse retention run', () => {
  let dir: string;
  let settings: Record<string, string>;
  let dry: ReportJson;

  before(async () => {
    dir = makeTempDir('gatehouse-cli-retention-');
    const dataDir = path.join(dir, 'data');
    settings = { GATEHOUSE_DATA_DIR: dataDir };
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      await store.migrate();
      const services = createServices(store);
      const boot = await bootstrapProvider(services.deps, 'Acme Cloud');
      const closed = { status: 'closed' as const, closedAt: THREE_YEARS_AGO };
      const expired = await anAccountIn(store, boot.tenant.id, closed);
      const held = await anAccountIn(store, boot.tenant.id, closed);
      await eventsOf(store, expired, 10, 4);
      await eventsOf(store, held, 20, 2);
      await services.legalHolds.setHold(operatorActor(boot.tenant.id, 'test'), {
        subject: { type: 'account', id: held.id },
        reason: 'Litigation hold, case 44',
      });
    } finally {
      await store.close();
    }
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dir);
  });

  it('a dry run reports what a run would delete and deletes nothing', async () => {
    const first = await runCli(['retention', 'run', '--dry-run', '--json'], settings);
    assert.equal(first.code, 0, describeResult(first));
    dry = jsonOf<ReportJson>(first);
    assert.equal(dry.dryRun, true);
    assert.deepEqual(
      { ...dry.accessLog, partitionsDropped: dry.accessLog.partitionsDropped.length },
      { accountsScanned: 2, accountsHeld: 1, accountsPurged: 1, eventsDeleted: 4, partitionsDropped: 1 },
    );
    const second = await runCli(['retention', 'run', '--dry-run', '--json'], settings);
    assert.deepEqual(jsonOf<ReportJson>(second).accessLog, dry.accessLog, 'nothing was deleted');
  });

  it('the run deletes exactly what the dry run reported, keeping the held account', async () => {
    const run = await runCli(['retention', 'run', '--json'], settings);
    assert.equal(run.code, 0, describeResult(run));
    const report = jsonOf<ReportJson>(run);
    assert.equal(report.dryRun, false);
    assert.deepEqual(report.accessLog, dry.accessLog);
  });

  it('prints a plain report naming each section', async () => {
    const run = await runCli(['retention', 'run'], settings);
    assert.equal(run.code, 0, describeResult(run));
    assert.match(run.stdout, /^Retention run at /);
    assert.match(
      run.stdout,
      /access log: accounts scanned 1, accounts held 1, accounts purged 0, events deleted 0, partitions dropped 0/,
    );
  });
});
