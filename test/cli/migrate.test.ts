/**
 * `gatehouse migrate` against a PostgreSQL server, where (unlike the embedded store) the schema is
 * brought up to date by the operator before the API starts. Deploys often run it from several
 * machines at once, so two concurrent runs must both succeed and apply each migration once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { describeResult, errorOf, jsonOf, killAllCli, runCli } from '../support/cli.ts';
import { createPostgresDatabase, POSTGRES_URL } from '../support/databases.ts';

const ALL_MIGRATIONS = [
  '0001-foundation',
  '0002-cip-core',
  '0003-measure-actions',
  '0004-decision-proposals',
  '0005-verification-checks',
  '0006-lifecycle',
  '0007-screening',
  '0008-ledger',
  '0009-access-log',
  '0010-console-users',
  '0011-personal-data-keys',
  '0012-legal-holds',
  '0013-access-log-digests',
  '0014-access-log-one-index',
  '0015-scheduled-runs',
  '0016-sealed-words',
  '0017-read-purpose',
  '0018-proposal-outcome',
  '0019-link-ended',
  '0020-sealed-decision-words',
];

/** The session advisory lock Kysely's PostgreSQL migrator holds while it migrates (kysely/postgres-adapter). */
const KYSELY_MIGRATION_LOCK_ID = '3853314791062309107';
const ALL_WAITING_TIMEOUT_MS = 60_000;

interface LockWaiters {
  /** Counts `run` as one of the processes expected to queue for the lock. */
  track<T>(run: Promise<T>): Promise<T>;
}

/**
 * "At the same moment" made deterministic: the test holds the migration lock until every tracked
 * process is queued behind it (or has exited), then lets them all go at once. Two processes started
 * together would otherwise usually run one after the other, seconds apart, on a busy machine.
 */
async function whileHoldingMigrationLock<T>(
  url: string,
  work: (waiters: LockWaiters) => Promise<T>,
): Promise<T> {
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    await holder.query(`SELECT pg_advisory_lock(${KYSELY_MIGRATION_LOCK_ID})`);
    let tracked = 0;
    let finished = 0;
    const result = work({
      track: (run) => {
        tracked += 1;
        return run.finally(() => (finished += 1));
      },
    });
    // Awaited below, once the lock is released; until then a failure must not count as unhandled.
    result.catch(() => undefined);
    const deadline = Date.now() + ALL_WAITING_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const { rows } = await holder.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      if (rows[0]!.waiting + finished >= tracked) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await holder.query(`SELECT pg_advisory_unlock(${KYSELY_MIGRATION_LOCK_ID})`);
    return await result;
  } finally {
    await holder.end();
  }
}

interface MigrateJson {
  applied: string[];
  pending: string[];
  ran: string[];
}

describe(
  'gatehouse migrate on PostgreSQL',
  { skip: POSTGRES_URL === undefined ? 'GATEHOUSE_TEST_DATABASE_URL is not set' : false },
  () => {
    let database: { url: string; drop: () => Promise<void> } | undefined;
    let settings: Record<string, string>;

    before(async () => {
      database = await createPostgresDatabase();
      settings = { GATEHOUSE_DATABASE_URL: database.url };
    });
    after(async () => {
      await killAllCli();
      await database?.drop();
    });

    it('refuses to serve a database whose schema is behind: MIGRATIONS_PENDING (exit 69)', async () => {
      const result = await runCli(['serve', '--json'], {
        ...settings,
        GATEHOUSE_PORT: '0',
        GATEHOUSE_HOST: '127.0.0.1',
      });
      assert.equal(result.code, 69, describeResult(result));
      assert.equal(errorOf(result).code, 'MIGRATIONS_PENDING');
    });

    it('shows every migration as pending on a fresh database', async () => {
      const result = await runCli(['migrate', '--status', '--json'], settings);
      assert.equal(result.code, 0, describeResult(result));
      assert.deepEqual(jsonOf<MigrateJson>(result), { applied: [], pending: ALL_MIGRATIONS, ran: [] });
    });

    it('lets two processes migrate at the same moment: both succeed and each migration runs once', async () => {
      const results = await whileHoldingMigrationLock(database!.url, (waiters) =>
        Promise.all([
          waiters.track(runCli(['migrate', '--json'], settings)),
          waiters.track(runCli(['migrate', '--json'], settings)),
        ]),
      );
      for (const result of results) {
        assert.equal(result.code, 0, describeResult(result));
        const body = jsonOf<MigrateJson>(result);
        assert.deepEqual(
          { applied: body.applied, pending: body.pending },
          { applied: ALL_MIGRATIONS, pending: [] },
        );
      }
      const ran = results.flatMap((result) => jsonOf<MigrateJson>(result).ran);
      assert.deepEqual(ran, ALL_MIGRATIONS, 'exactly one of the two reports having applied each migration');

      const status = await runCli(['migrate', '--status', '--json'], settings);
      assert.equal(status.code, 0, describeResult(status));
      assert.deepEqual(jsonOf<MigrateJson>(status), { applied: ALL_MIGRATIONS, pending: [], ran: [] });
    });

    it('does nothing when run again: exit 0 and ran is empty', async () => {
      const result = await runCli(['migrate', '--json'], settings);
      assert.equal(result.code, 0, describeResult(result));
      assert.deepEqual(jsonOf<MigrateJson>(result), { applied: ALL_MIGRATIONS, pending: [], ran: [] });
    });
  },
);
