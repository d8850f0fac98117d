/**
 * The command line as a script or a person first meets it: help, usage mistakes and a broken
 * configuration. None of these open a store, so they are quick.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeResult, errorOf, makeTempDir, removeTempDir, runCli } from '../support/cli.ts';

describe('gatehouse usage', () => {
  // Usage mistakes are caught before a store is opened; should one slip through, it opens this folder.
  let unused: Record<string, string>;
  before(() => {
    unused = { GATEHOUSE_DATA_DIR: makeTempDir('gatehouse-cli-usage-') };
  });
  after(() => removeTempDir(unused.GATEHOUSE_DATA_DIR));

  it('exits 64 on an unknown command', async () => {
    const result = await runCli(['bogus'], unused);
    assert.equal(result.code, 64, describeResult(result));
    assert.match(result.stderr, /unknown command 'bogus'/);
  });

  it('exits 64 when a required option is missing', async () => {
    const result = await runCli(['keys', 'create'], unused);
    assert.equal(result.code, 64, describeResult(result));
    assert.match(result.stderr, /required option '--role <role>'/);
  });

  it('exits 64 on a role that does not exist, with a JSON VALIDATION_FAILED under --json', async () => {
    const result = await runCli(['keys', 'create', '--role', 'superuser', '--json'], unused);
    assert.equal(result.code, 64, describeResult(result));
    const error = errorOf(result);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.match(error.message, /superuser/);
  });

  it('rejects revoking an id that is not a uuid with VALIDATION_FAILED on option.id (exit 64)', async () => {
    const result = await runCli(['keys', 'revoke', 'not-a-uuid', '--json'], unused);
    assert.equal(result.code, 64, describeResult(result));
    const error = errorOf(result);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.field, 'option.id');
  });

  it('explains every command in --help and exits 0', async () => {
    const [top, keys] = await Promise.all([runCli(['--help'], unused), runCli(['keys', '--help'], unused)]);
    for (const result of [top, keys]) assert.equal(result.code, 0, describeResult(result));
    assert.match(top.stdout, /^ {2}serve .*Run the HTTP API/m);
    assert.match(top.stdout, /^ {2}migrate .*database schema/m);
    assert.match(top.stdout, /^ {2}keys .*API keys/m);
    assert.match(top.stdout, /^ {2}tenants .*tenants/m);
    assert.match(top.stdout, /GATEHOUSE_\*/, 'help says where configuration comes from');
    assert.match(top.stdout, /Exit codes/, 'help says what the exit codes mean');
    for (const sub of ['create', 'list', 'revoke'])
      assert.match(keys.stdout, new RegExp(`^ {2}${sub}\\b`, 'm'));
  });
});

describe('gatehouse configuration', () => {
  // A valid data folder that nothing should ever open: the configuration is checked first.
  let dataDir: string;
  let broken: Record<string, string>;
  const fields = ['env.GATEHOUSE_PORT', 'env.GATEHOUSE_DB_POOL_SIZE', 'env.GATEHOUSE_DATABSE_URL'];

  before(() => {
    dataDir = makeTempDir('gatehouse-cli-config-');
    broken = {
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_PORT: 'notaport',
      GATEHOUSE_DB_POOL_SIZE: '0',
      GATEHOUSE_DATABSE_URL: 'x',
    };
  });
  after(() => removeTempDir(dataDir));

  it('fails with exit 78 naming every problem, not only the first', async () => {
    const result = await runCli(['keys', 'list'], broken);
    assert.equal(result.code, 78, describeResult(result));
    assert.match(result.stderr, /^error\[CONFIG_INVALID\]/);
    for (const field of fields) assert.ok(result.stderr.includes(field), `stderr names ${field}`);
  });

  it('prints CONFIG_INVALID with the list of problems as JSON with --json', async () => {
    const result = await runCli(['keys', 'list', '--json'], broken);
    assert.equal(result.code, 78, describeResult(result));
    const error = errorOf(result);
    assert.equal(error.code, 'CONFIG_INVALID');
    assert.equal(error.errors.length, 3);
    assert.deepEqual(error.errors.map((p) => p.field).sort(), [...fields].sort());
  });
});
