/**
 * `gatehouse apply` and `apply --batch` on the embedded store, through the real command. One folder
 * serves the whole file (initdb is slow); files that are refused before the store opens cost little.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
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
import { td3 } from '../support/mrz.ts';

interface AppliedJson {
  id: string;
  accountId: string;
  account: { externalId: string | null; status: string };
  determination: { status: string; signals: Array<{ kind: string; value: string | null }> };
  decision: { status: string; rule: string; reasons: Array<{ code: string }> };
  requirements: Array<{ kind: string }>;
  warnings: unknown[];
}

interface SummaryJson {
  total: number;
  accepted: number;
  rejected: number;
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
  perSecond: number;
  rejections: Array<{ line: number; code: string; errors: Array<{ path?: string; code: string }> }>;
}

/** A Swedish customer signing up from a UK address: foreign, pending until verified. */
function anna(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'individual',
    name: { full: 'Anna Maria Eriksson', given: 'Anna Maria', family: 'Eriksson' },
    dateOfBirth: '1974-08-12',
    citizenship: ['SE'],
    address: { line1: 'Storgatan 1', city: 'Stockholm', postalCode: '111 22', country: 'SE' },
    documents: [{ type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2031-01-01' }],
    emails: ['anna@example.se'],
    phones: ['+46701234567'],
    paymentInstruments: [{ type: 'card', number: '4111111111111111', holderName: 'Anna Eriksson' }],
    signup: { ip: '81.2.69.142', userAgent: 'Mozilla/5.0' },
    account: { externalId: `acct-${randomUUID()}` },
    ...overrides,
  };
}

/** Anna with her passport's MRZ, which verifies her together with the card in her name. */
function verifiedAnna(): Record<string, unknown> {
  const mrz = td3({
    issuingState: 'SWE',
    surname: 'Eriksson',
    givenNames: 'Anna Maria',
    number: 'AA1234567',
    nationality: 'SWE',
    birthDate: '740812',
    sex: 'F',
    expiryDate: '310101',
  });
  return anna({
    documents: [{ type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2031-01-01', mrz }],
  });
}

function usCitizen(): Record<string, unknown> {
  return {
    type: 'individual',
    name: { full: 'John Q Public', given: 'John', family: 'Public' },
    citizenship: ['US'],
    address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    documents: [{ type: 'passport', country: 'US', number: '912803456', expiresOn: '2032-05-01' }],
    emails: ['john@example.com'],
    phones: ['+12025550143'],
    signup: { ip: '73.162.0.1' },
  };
}

const badCard = () => anna({ paymentInstruments: [{ type: 'card', number: '4111111111111112' }] });

// The two suites run side by side (their own tests one at a time): refusals that never open the
// store overlap the slow initdb.
describe('gatehouse apply', { concurrency: 2 }, () => {
  let dir: string;
  let store: Record<string, string>;
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const ndjson = (lines: Array<Record<string, unknown> | string>) =>
    `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;

  before(() => {
    dir = makeTempDir('gatehouse-cli-apply-');
    store = { GATEHOUSE_DATA_DIR: path.join(dir, 'data') };
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dir);
  });

  describe('refusals before the store is opened', { concurrency: 1 }, () => {
    it('explains FILE, --batch and the exit codes in --help', async () => {
      const result = await runCli(['apply', '--help'], store);
      assert.equal(result.code, 0, describeResult(result));
      for (const text of [/--batch <file>/, /NDJSON|one application per line/, /Exit codes/, /65/])
        assert.match(result.stdout, text);
    });

    it('refuses a file whose shape is wrong with VALIDATION_FAILED (exit 64), naming each field', async () => {
      const file = write(
        'shape.json',
        JSON.stringify(anna({ name: { given: 'Anna' }, favouriteColour: 'blue' })),
      );
      const result = await runCli(['apply', file, '--json'], store);
      assert.equal(result.code, 64, describeResult(result));
      const error = errorOf(result);
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.deepEqual(error.errors.map((e) => e.field).sort(), ['body.favouriteColour', 'body.name.full']);
    });

    it('refuses a file that is not JSON with MALFORMED_JSON (exit 65)', async () => {
      const result = await runCli(['apply', write('broken.json', '{"type": "individual",'), '--json'], store);
      assert.equal(result.code, 65, describeResult(result));
      assert.equal(errorOf(result).code, 'MALFORMED_JSON');
    });

    it('refuses a batch file that does not exist with VALIDATION_FAILED (exit 64)', async () => {
      const result = await runCli(['apply', '--batch', path.join(dir, 'missing.ndjson'), '--json'], store);
      assert.equal(result.code, 64, describeResult(result));
      assert.equal(errorOf(result).field, 'option.batch');
    });
  });

  describe('on the store', { concurrency: 1 }, () => {
    before(async () => {
      const tenant = await runCli(['tenants', 'create', '--name', 'Acme', '--json'], store);
      assert.equal(tenant.code, 0, describeResult(tenant));
    });

    it('refuses a card failing Luhn with APPLICATION_INVALID (exit 65), listing the path and the code', async () => {
      const result = await runCli(['apply', write('bad-card.json', JSON.stringify(badCard()))], store);
      assert.equal(result.code, 65, describeResult(result));
      assert.match(result.stderr, /^error\[APPLICATION_INVALID\]/);
      assert.match(result.stderr, /paymentInstruments\[0\]\.number\s+CARD_INVALID_CHECKSUM/);
      assert.equal(result.stdout, '');
    });

    it('submits a good file and prints the HTTP response: decision, determination, requirements', async () => {
      const body = anna();
      const result = await runCli(['apply', write('anna.json', JSON.stringify(body)), '--json'], store);
      assert.equal(result.code, 0, describeResult(result));
      const applied = jsonOf<AppliedJson>(result);
      assert.equal(applied.account.externalId, (body.account as { externalId: string }).externalId);
      assert.equal(applied.determination.status, 'foreign');
      assert.ok(applied.determination.signals.some((s) => s.kind === 'citizenship' && s.value === 'SE'));
      assert.equal(applied.decision.status, 'pending');
      assert.equal(applied.decision.rule, 'cip.verification_pending');
      assert.ok(applied.requirements.some((r) => r.kind === 'verification'));
    });

    it('weighs an address on an operator Tor list (GATEHOUSE_NETWORK_LISTS) as a VPN/Tor signal', async () => {
      const tor = write('tor-exits.txt', '# Tor exits\nnot-an-address\n81.2.69.0/24\n');
      const settings = { ...store, GATEHOUSE_NETWORK_LISTS: `tor:${tor}` };
      const result = await runCli(
        ['apply', write('anna-tor.json', JSON.stringify(anna())), '--json'],
        settings,
      );
      assert.equal(result.code, 0, describeResult(result));
      const signals = jsonOf<AppliedJson>(result).determination.signals;
      const flagged = signals.find((s) => s.kind === 'ip_hosting_or_vpn');
      assert.match(String(flagged?.value), /^tor-exits \(tor\): 81\.2\.69\.0\/24$/, JSON.stringify(signals));
      const missing = await runCli(['apply', write('anna-x.json', JSON.stringify(anna())), '--json'], {
        ...store,
        GATEHOUSE_NETWORK_LISTS: `vpn:${path.join(dir, 'nope.txt')}`,
      });
      assert.equal(missing.code, 78, describeResult(missing));
      assert.equal(errorOf(missing).field, 'env.GATEHOUSE_NETWORK_LISTS');
    });

    it('prints the decision, its rule, the determination and the open requirements for people', async () => {
      const result = await runCli(['apply', write('anna-plain.json', JSON.stringify(anna()))], store);
      assert.equal(result.code, 0, describeResult(result));
      assert.match(result.stdout, /^Decision: pending \(rule cip\.verification_pending\)$/m);
      assert.match(result.stdout, /^Determination: foreign /m);
      assert.match(result.stdout, /^Open requirements:\n {2}verification: 1 more of /m);
    });

    describe('--batch', { concurrency: 1 }, () => {
      it('goes on past bad lines: counts them by code, names their line numbers, and exits 65', async () => {
        const file = write(
          'mixed.ndjson',
          ndjson([
            anna(),
            usCitizen(),
            '',
            '{"type": "individual",',
            badCard(),
            anna({ favouriteColour: 'blue' }),
            verifiedAnna(),
            '   ',
          ]),
        );
        const result = await runCli(['apply', '--batch', file, '--json'], store);
        assert.equal(result.code, 65, describeResult(result));
        assert.equal(errorOf(result).code, 'APPLICATION_INVALID');
        const summary = jsonOf<SummaryJson>(result);
        assert.deepEqual(
          [summary.total, summary.accepted, summary.rejected],
          [6, 3, 3],
          'blank lines are skipped',
        );
        assert.deepEqual(summary.byStatus, { pending: 1, approved: 2 });
        assert.deepEqual(summary.byCode, { MALFORMED_JSON: 1, APPLICATION_INVALID: 1, VALIDATION_FAILED: 1 });
        assert.deepEqual(
          summary.rejections.map((r) => [r.line, r.code]),
          [
            [4, 'MALFORMED_JSON'],
            [5, 'APPLICATION_INVALID'],
            [6, 'VALIDATION_FAILED'],
          ],
        );
        assert.ok(
          summary.rejections[1]?.errors.some(
            (e) => e.path === 'paymentInstruments[0].number' && e.code === 'CARD_INVALID_CHECKSUM',
          ),
        );
        assert.ok(summary.perSecond > 0);
      });

      it('reports each rejected line on stderr with its number, and the summary on stdout', async () => {
        const file = write('plain.ndjson', ndjson([anna(), '', '{not json']));
        const result = await runCli(['apply', '--batch', file], store);
        assert.equal(result.code, 65, describeResult(result));
        assert.match(result.stderr, /^line 3: error\[MALFORMED_JSON\]/m);
        assert.match(result.stderr, /^error\[APPLICATION_INVALID\]: 1 of 2 line\(s\) were rejected/m);
        assert.match(result.stdout, /^Processed 2 application\(s\) .*: 1 accepted, 1 rejected\.$/m);
        assert.match(result.stdout, /accepted by decision: pending 1/);
        assert.ok(!result.stderr.includes('%'), 'no progress bar when stderr is not a terminal');
      });

      it('exits 0 when every line is accepted', async () => {
        const file = write('good.ndjson', ndjson([verifiedAnna(), usCitizen()]));
        const result = await runCli(['apply', '--batch', file, '--json'], store);
        assert.equal(result.code, 0, describeResult(result));
        const summary = jsonOf<SummaryJson>(result);
        assert.deepEqual([summary.total, summary.rejected, summary.byStatus], [2, 0, { approved: 2 }]);
      });
    });
  });
});
