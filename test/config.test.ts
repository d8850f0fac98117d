import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { AppError } from '../src/errors.ts';

describe('configuration', () => {
  it('fails with every problem listed, unknown settings included', () => {
    assert.throws(
      () =>
        loadConfig({
          GATEHOUSE_PORT: '99999',
          GATEHOUSE_DATABASE_URL: 'mysql://x',
          GATEHOUSE_LOG_LEVEL: 'loud',
          GATEHOUSE_DATABSE_URL: 'postgres://typo',
        }),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'CONFIG_INVALID');
        assert.deepEqual(error.problems.map((p) => p.field).sort(), [
          'env.GATEHOUSE_DATABASE_URL',
          'env.GATEHOUSE_DATABSE_URL',
          'env.GATEHOUSE_LOG_LEVEL',
          'env.GATEHOUSE_PORT',
        ]);
        assert.match(error.message, /GATEHOUSE_PORT/);
        return true;
      },
    );
  });

  it('refuses a too-short vendor secret without echoing it', () => {
    assert.throws(
      () => loadConfig({ GATEHOUSE_FAKE_VENDOR_SECRET: 'hunter2' }),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.deepEqual(
          error.problems.map((p) => p.field),
          ['env.GATEHOUSE_FAKE_VENDOR_SECRET'],
        );
        assert.ok(!JSON.stringify({ message: error.message, problems: error.problems }).includes('hunter2'));
        return true;
      },
    );
  });

  it('reads network lists as kind:path pairs and names a bad kind', () => {
    const config = loadConfig({ GATEHOUSE_NETWORK_LISTS: 'tor:/lists/tor.txt, vpn:relative/vpn.txt' });
    assert.deepEqual(config.networkLists, [
      { kind: 'tor', path: '/lists/tor.txt' },
      { kind: 'vpn', path: path.resolve('relative/vpn.txt') },
    ]);
    assert.throws(
      () => loadConfig({ GATEHOUSE_NETWORK_LISTS: 'darknet:/x' }),
      (error: unknown) =>
        error instanceof AppError && error.problems[0]?.field === 'env.GATEHOUSE_NETWORK_LISTS',
    );
  });

  it('runs the scheduler every 10 s, refuses insecure webhook URLs and has no vendor by default', () => {
    const config = loadConfig({});
    assert.equal(config.schedulerIntervalMs, 10_000);
    assert.equal(config.webhooksAllowInsecure, false);
    assert.equal(config.fakeVendorSecret, undefined);
  });

  it('gives the ingest route 16 MiB of body and the rest 1 MiB, each settable within its range', () => {
    const defaults = loadConfig({});
    assert.equal(defaults.bodyLimitBytes, 1024 * 1024);
    assert.equal(defaults.ingestBodyLimitBytes, 16 * 1024 * 1024);
    assert.equal(loadConfig({ GATEHOUSE_INGEST_BODY_LIMIT_BYTES: '4096' }).ingestBodyLimitBytes, 4096);
    assert.throws(
      () => loadConfig({ GATEHOUSE_INGEST_BODY_LIMIT_BYTES: '10' }),
      (error: unknown) =>
        error instanceof AppError &&
        error.problems.map((p) => p.field).join() === 'env.GATEHOUSE_INGEST_BODY_LIMIT_BYTES',
    );
  });

  it('runs on PGlite in ./data on port 8080 with no configuration', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.deepEqual(config.store, { kind: 'pglite', dataDir: path.resolve('./data') });
    assert.equal(config.migrateOnStart, true);
  });

  it('selects PostgreSQL for a postgres:// URL and does not migrate on start unless asked', () => {
    const config = loadConfig({
      GATEHOUSE_DATABASE_URL: 'postgres://u@db:5432/gh',
      GATEHOUSE_DB_POOL_SIZE: '4',
    });
    assert.deepEqual(config.store, {
      kind: 'postgres',
      url: 'postgres://u@db:5432/gh',
      poolSize: 4,
      connectTimeoutMs: 5000,
      queryTimeoutMs: 30_000,
    });
    assert.equal(config.migrateOnStart, false);
    assert.equal(
      loadConfig({ GATEHOUSE_DATABASE_URL: 'postgresql://db/gh', GATEHOUSE_MIGRATE_ON_START: 'true' })
        .migrateOnStart,
      true,
    );
  });

  it('treats empty variables as unset and ignores the test suite’s own variables and other programs’', () => {
    const config = loadConfig({
      GATEHOUSE_PORT: '',
      GATEHOUSE_TEST_DATABASE_URL: 'postgres://x',
      PATH: '/bin',
    });
    assert.equal(config.port, 8080);
  });
});
