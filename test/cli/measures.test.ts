/**
 * `gatehouse measures` on the embedded store, through the real command: a measure created from a
 * file sweeps the accounts it touches, is listed, and decides the next application from its jurisdiction.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
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
import { openStore } from '../../src/storage/open.ts';

interface MeasureJson {
  id: string;
  kind: string;
  determinationDate: string;
  effectiveDate: string;
  expiryDate: string;
  sweep: { found: number };
}

/** A Russian citizen: touched by a measure on RU. */
function ivan(externalId: string): Record<string, unknown> {
  return {
    type: 'individual',
    name: { full: 'Ivan Example', given: 'Ivan', family: 'Example' },
    citizenship: ['RU'],
    emails: ['ivan@example.com'],
    account: { externalId },
  };
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('gatehouse measures', () => {
  let dir: string;
  let store: Record<string, string>;
  let created: MeasureJson;
  let ivanAccountId: string;
  const write = (name: string, body: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(body));
    return file;
  };

  before(async () => {
    dir = makeTempDir('gatehouse-cli-measures-');
    store = { GATEHOUSE_DATA_DIR: path.join(dir, 'data') };
    const tenant = await runCli(['tenants', 'create', '--name', 'Acme', '--json'], store);
    assert.equal(tenant.code, 0, describeResult(tenant));
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dir);
  });

  it('refuses a measure file whose shape is wrong with VALIDATION_FAILED (exit 64), naming each field', async () => {
    const file = write('bad.json', {
      kind: 'condition',
      target: { type: 'jurisdiction', countries: ['ru'] },
      determinationDate: '2025-13-01',
    });
    const result = await runCli(['measures', 'create', '--file', file, '--json'], store);
    assert.equal(result.code, 64, describeResult(result));
    const error = errorOf(result);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(error.errors.map((e) => e.field).sort(), [
      'body.citation',
      'body.determinationDate',
      'body.target.countries.0',
    ]);
  });

  it('records a measure and sweeps the existing accounts it touches, with the default dates', async () => {
    const before = await runCli(['apply', write('ivan-before.json', ivan('acct-ivan')), '--json'], store);
    assert.equal(before.code, 0, describeResult(before));
    ivanAccountId = jsonOf<{ accountId: string }>(before).accountId;

    const determinationDate = daysAgo(200);
    const file = write('prohibit-ru.json', {
      kind: 'prohibit',
      target: { type: 'jurisdiction', countries: ['RU'] },
      determinationDate,
      citation: '89 FR 0000 (test)',
    });
    const result = await runCli(['measures', 'create', '--file', file, '--json'], store);
    assert.equal(result.code, 0, describeResult(result));
    created = jsonOf<MeasureJson>(result);
    assert.equal(created.kind, 'prohibit');
    assert.equal(created.effectiveDate, addDays(determinationDate, 180));
    assert.equal(created.expiryDate, addDays(created.effectiveDate, 365));
    assert.deepEqual(created.sweep, { found: 1 });
  });

  it('lists the measure with its state, dates in force, target and citation', async () => {
    const result = await runCli(['measures', 'list'], store);
    assert.equal(result.code, 0, describeResult(result));
    const line = result.stdout.split('\n').find((l) => l.startsWith(created.id));
    assert.ok(line !== undefined, result.stdout);
    assert.match(line, /prohibit\s+in_force\s+\S+\.\.\S+\s+jurisdiction RU\s+89 FR 0000 \(test\)/);
  });

  it('lists the touched account with the action due (close) by the effective date', async () => {
    const result = await runCli(['measures', 'actions', created.id, '--json'], store);
    assert.equal(result.code, 0, describeResult(result));
    const actions =
      jsonOf<Array<{ accountId: string; action: string; dueBy: string; status: string }>>(result);
    assert.deepEqual(
      actions.map((a) => [a.accountId, a.action, a.dueBy, a.status]),
      [[ivanAccountId, 'close', created.effectiveDate, 'open']],
    );
  });

  it('audits the read of the actions with the purpose stated', async () => {
    const result = await runCli(
      ['measures', 'actions', created.id, '--purpose', 'sanctions follow-up SF-3', '--json'],
      store,
    );
    assert.equal(result.code, 0, describeResult(result));
    const opened = await openStore({ kind: 'pglite', dataDir: store.GATEHOUSE_DATA_DIR! });
    try {
      const audits = [];
      for (const tenant of await opened.tenants.listAllUnscoped()) {
        const page = await opened.audit.list(
          tenant.id,
          { action: 'measure_actions.listed' },
          { limit: 10, after: undefined },
        );
        audits.push(...page.items);
      }
      assert.deepEqual(
        audits.map((a) => [a.targetId, a.details.purpose, a.details.masked, a.details.accounts]).sort(),
        [
          [created.id, 'sanctions follow-up SF-3', false, [ivanAccountId]],
          [created.id, null, false, [ivanAccountId]],
        ].sort(),
      );
    } finally {
      await opened.close();
    }
  });

  it('records nothing new when swept again', async () => {
    const result = await runCli(['measures', 'sweep', created.id], store);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, /^Found 0 newly touched account\(s\); 1 in all:$/m);
    assert.match(
      result.stdout,
      new RegExp(`^ {2}${ivanAccountId} +close +due by ${created.effectiveDate}`, 'm'),
    );
  });

  it('denies the next application from the prohibited jurisdiction', async () => {
    const result = await runCli(['apply', write('ivan.json', ivan('acct-ivan-2')), '--json'], store);
    assert.equal(result.code, 0, describeResult(result));
    const decision = jsonOf<{ decision: { status: string; rule: string } }>(result).decision;
    assert.deepEqual([decision.status, decision.rule], ['denied', 'special_measure.prohibit']);
  });
});
