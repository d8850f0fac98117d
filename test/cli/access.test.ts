/**
 * `gatehouse access` on the embedded store, through the real command: a search needs a purpose and is
 * audited; an export writes every event as NDJSON or CSV, spreadsheet formulas defused.
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

const WINDOW = ['--from', '2026-11-01T00:00:00Z', '--to', '2026-12-01T00:00:00Z'];

describe('gatehouse access', () => {
  let dir: string;
  let settings: Record<string, string>;
  let accountId: string;

  before(async () => {
    dir = makeTempDir('gatehouse-cli-access-');
    const dataDir = path.join(dir, 'data');
    settings = { GATEHOUSE_DATA_DIR: dataDir };
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      await store.migrate();
      const services = createServices(store);
      const boot = await bootstrapProvider(services.deps, 'Acme Cloud');
      const account = await anAccountIn(store, boot.tenant.id, { externalId: 'cust-42' });
      accountId = account.id;
      const actor = {
        tenantId: boot.tenant.id,
        type: 'cli' as const,
        id: 'test',
        role: 'ingest' as const,
        requestId: null,
      };
      await services.accessLog.ingestJson(
        actor,
        Array.from({ length: 3 }, (_, i) => ({
          account: 'cust-42',
          ip: `198.51.100.${i + 1}`,
          at: `2026-11-2${i}T10:00:00Z`,
          action: 'console',
          principal: i === 0 ? '=HYPERLINK("x")' : 'bob',
        })),
      );
    } finally {
      await store.close();
    }
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dir);
  });

  it('refuses a search without a purpose, or with both --ip and --account', async () => {
    const noPurpose = await runCli(
      ['access', 'search', '--ip', '198.51.100.1', ...WINDOW, '--json'],
      settings,
    );
    assert.equal(noPurpose.code, 64, describeResult(noPurpose));
    const both = await runCli(
      [
        'access',
        'search',
        '--ip',
        '198.51.100.1',
        '--account',
        'cust-42',
        ...WINDOW,
        '--purpose',
        'case 9',
        '--json',
      ],
      settings,
    );
    assert.equal(errorOf(both).code, 'VALIDATION_FAILED');
  });

  it('searches a /24 and exports an account as NDJSON and as CSV', async () => {
    const found = await runCli(
      ['access', 'search', '--ip', '198.51.100.0/24', ...WINDOW, '--purpose', 'case 9', '--json'],
      settings,
    );
    assert.equal(found.code, 0, describeResult(found));
    assert.equal(jsonOf<{ items: unknown[] }>(found).items.length, 3);

    const ndjson = await runCli(
      ['access', 'export', '--account', accountId, ...WINDOW, '--purpose', 'case 9'],
      settings,
    );
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ip: string });
    assert.deepEqual(
      lines.map((l) => l.ip),
      ['198.51.100.1', '198.51.100.2', '198.51.100.3'],
    );

    const csv = await runCli(
      ['access', 'export', '--account', 'cust-42', ...WINDOW, '--purpose', 'case 9', '--format', 'csv'],
      settings,
    );
    const rows = csv.stdout.trim().split('\n');
    assert.equal(rows[0], 'at,account,externalId,ip,action,principal,userAgent,region,key');
    assert.equal(rows.length, 4);
    assert.ok(rows[1]?.includes(`"'=HYPERLINK(""x"")"`), rows[1]);
  });
});
