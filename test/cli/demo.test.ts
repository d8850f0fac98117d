/**
 * `gatehouse demo seed` on the embedded store, through the real command: the demo data shows each kind
 * of decision, and seeding again adds nothing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  describeResult,
  errorOf,
  jsonOf,
  killAllCli,
  makeTempDir,
  removeTempDir,
  runCli,
} from '../support/cli.ts';

interface SeedJson {
  measure: { id: string; created: boolean };
  applications: Array<{ externalId: string; created: boolean; status: string; rule: string | null }>;
}

describe('gatehouse demo seed', () => {
  let dir: string;
  let store: Record<string, string>;
  let first: SeedJson;

  before(() => {
    dir = makeTempDir('gatehouse-cli-demo-');
    store = { GATEHOUSE_DATA_DIR: path.join(dir, 'data') };
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dir);
  });

  it('fails with TENANT_NOT_FOUND (exit 66) while the store has no provider tenant', async () => {
    const result = await runCli(['demo', 'seed', '--json'], store);
    assert.equal(result.code, 66, describeResult(result));
    assert.equal(errorOf(result).code, 'TENANT_NOT_FOUND');
  });

  it('seeds the demo measure and seven applications, each showing a different decision', async () => {
    const tenant = await runCli(['tenants', 'create', '--name', 'Demo Cloud'], store);
    assert.equal(tenant.code, 0, describeResult(tenant));
    const result = await runCli(['demo', 'seed', '--json'], store);
    assert.equal(result.code, 0, describeResult(result));
    first = jsonOf<SeedJson>(result);
    assert.equal(first.measure.created, true);
    assert.deepEqual(
      first.applications.map((a) => [a.externalId, a.created, a.status, a.rule]),
      [
        ['demo-erika-exempel', true, 'approved', 'cip.verified'],
        ['demo-john-example', true, 'approved', 'us_person.status_determination'],
        ['demo-max-mustermann', true, 'pending', 'cip.verification_pending'],
        ['demo-kari-nordmann', true, 'approved', 'cip.verified'],
        ['demo-example-cloud-services', true, 'approved', 'cip.verified'],
        ['demo-alex-specimen', true, 'denied', 'special_measure.prohibit'],
        ['demo-sam-sample', true, 'pending', 'cip.verification_pending'],
      ],
    );
  });

  it('adds nothing when run again: the measure and every account are found', async () => {
    const result = await runCli(['demo', 'seed'], store);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, new RegExp(`^Found the demo measure ${first.measure.id}\\.$`, 'm'));
    const rows = result.stdout.split('\n').filter((l) => l.startsWith('exists'));
    assert.equal(rows.length, 7, result.stdout);
    assert.ok(!/^added/m.test(result.stdout), result.stdout);
    assert.match(result.stdout, /^Nothing added/m);
  });
});
