/**
 * `gatehouse serve --processes N`: several server processes behind one port on PostgreSQL, the database
 * prepared once, a killed process replaced, all of them drained on SIGTERM, a primary whose processes keep
 * dying stopped; refused on the embedded store.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  errorOf,
  killAllCli,
  makeTempDir,
  parseJsonLine,
  removeTempDir,
  runCli,
  startCli,
  type CliProcess,
} from '../support/cli.ts';
import { createPostgresDatabase, POSTGRES_URL } from '../support/databases.ts';

/** The pids of a process's server processes (Linux `ps`; tsx's esbuild service is a child too). */
function childrenOf(pid: number): number[] {
  let listing = '';
  try {
    listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return listing
    .split('\n')
    .filter((line) => line.includes('gatehouse.js'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((child) => child > 0);
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('gatehouse serve --processes on the embedded store', () => {
  let dataDir: string;
  before(() => (dataDir = makeTempDir('gatehouse-cli-processes-')));
  after(() => removeTempDir(dataDir));

  it('refuses more than one process with CONFIG_INVALID, naming the option, before touching the store', async () => {
    const result = await runCli(['serve', '--processes', '2', '--json'], {
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_PORT: '0',
    });
    assert.equal(result.code, 78, result.stderr);
    assert.equal(errorOf(result).code, 'CONFIG_INVALID');
    assert.equal(errorOf(result).field, 'option.processes');
    assert.match(errorOf(result).message, /PostgreSQL/);
  });

  it('refuses a count that is not 1-64 or auto with VALIDATION_FAILED', async () => {
    for (const bad of ['0', '65', 'lots', '1.5']) {
      const result = await runCli(['serve', '--processes', bad, '--json'], { GATEHOUSE_DATA_DIR: dataDir });
      assert.equal(result.code, 64, `${bad}: ${result.stderr}`);
      assert.equal(errorOf(result).code, 'VALIDATION_FAILED');
      assert.match(errorOf(result).errors[0]?.field ?? '', /processes/);
    }
  });
});

describe(
  'gatehouse serve --processes 2 on PostgreSQL',
  { skip: POSTGRES_URL === undefined ? 'needs GATEHOUSE_TEST_DATABASE_URL' : false },
  () => {
    let database: { url: string; drop: () => Promise<void> };
    let dir: string;
    let server: CliProcess;
    let url: string;
    let adminKey: string;

    before(async () => {
      database = await createPostgresDatabase();
      dir = makeTempDir('gatehouse-cli-processes-pg-');
      server = startCli(['serve', '--processes', '2', '--json'], {
        GATEHOUSE_DATABASE_URL: database.url,
        GATEHOUSE_MIGRATE_ON_START: 'true',
        GATEHOUSE_DATA_DIR: dir,
        GATEHOUSE_PORT: '0',
        GATEHOUSE_HOST: '127.0.0.1',
        GATEHOUSE_LOG_LEVEL: 'warn',
      });
      url = await server.waitForEvent('listening');
      const events = server
        .stdout()
        .split('\n')
        .map(parseJsonLine)
        .filter((e) => e !== undefined);
      adminKey = String(events.find((e) => e.type === 'admin-key')?.key);
      assert.equal(events.filter((e) => e.type === 'admin-key').length, 1, 'one admin key, printed once');
      assert.equal(events.find((e) => e.type === 'listening')?.processes, 2);
    });
    after(async () => {
      await killAllCli();
      await until('the server processes to go', () =>
        childrenOf(server.pid).length === 0 ? true : undefined,
      );
      removeTempDir(dir);
      await database.drop();
    });

    async function me(): Promise<number> {
      const response = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${adminKey}` } });
      await response.arrayBuffer();
      return response.status;
    }

    it('serves from two processes that share one port and one provider', async () => {
      assert.equal(childrenOf(server.pid).length, 2);
      for (let i = 0; i < 20; i += 1) assert.equal(await me(), 200);
    });

    it('replaces a server process killed with SIGKILL and keeps answering', async () => {
      const [victim, survivor] = childrenOf(server.pid);
      process.kill(victim!, 'SIGKILL');
      const replaced = await until('a replacement process', () => {
        const now = childrenOf(server.pid);
        return now.length === 2 && !now.includes(victim!) ? now : undefined;
      });
      assert.ok(replaced.includes(survivor!));
      await until('the restart notice', () => (/starting another/.test(server.stderr()) ? true : undefined));
      for (let i = 0; i < 10; i += 1) assert.equal(await me(), 200);
    });

    it('drains and stops every process on SIGTERM, exiting 0', async () => {
      const children = childrenOf(server.pid);
      const exit = await server.stop('SIGTERM', 30_000);
      assert.deepEqual(exit, { code: 0, signal: null }, server.output());
      assert.match(server.stderr(), /SIGTERM: draining requests in 2 server processes/);
      for (const child of children) assert.throws(() => process.kill(child, 0), /ESRCH/);
    });

    it('stops with the processes’ own error when they cannot start (the port is taken)', async () => {
      const taken = net.createServer();
      taken.listen(0, '127.0.0.1');
      await once(taken, 'listening');
      try {
        const port = (taken.address() as net.AddressInfo).port;
        const result = await runCli(['serve', '--processes', '2', '--json'], {
          GATEHOUSE_DATABASE_URL: database.url,
          GATEHOUSE_DATA_DIR: dir,
          GATEHOUSE_PORT: String(port),
          GATEHOUSE_HOST: '127.0.0.1',
          GATEHOUSE_LOG_LEVEL: 'warn',
        });
        assert.equal(result.code, 78, result.stderr);
        assert.equal(errorOf(result).code, 'CONFIG_INVALID');
        assert.match(result.stderr, /A server process failed to start \(exit 78\); stopping/);
      } finally {
        taken.close();
      }
    });

    it('stops, exiting 1, when its server processes keep dying: a sixth exit within a minute', async () => {
      const flapping = startCli(['serve', '--processes', '2', '--json'], {
        GATEHOUSE_DATABASE_URL: database.url,
        GATEHOUSE_DATA_DIR: dir,
        GATEHOUSE_PORT: '0',
        GATEHOUSE_HOST: '127.0.0.1',
        GATEHOUSE_LOG_LEVEL: 'warn',
      });
      await flapping.waitForEvent('listening');
      const killed: number[] = [];
      const seen = new Set<number>();
      for (let exits = 1; exits <= 6; exits += 1) {
        const victim = await until('a server process to kill', () => {
          const children = childrenOf(flapping.pid);
          for (const child of children) seen.add(child);
          return children.find((pid) => !killed.includes(pid));
        });
        process.kill(victim, 'SIGKILL');
        killed.push(victim);
        if (exits < 6) {
          await until(`restart ${exits}`, () =>
            (flapping.stderr().match(/starting another/g) ?? []).length === exits ? true : undefined,
          );
        }
      }
      await until('the primary to stop', () => (flapping.isRunning() ? undefined : true));
      const exit = await flapping.exited;
      assert.deepEqual(exit, { code: 1, signal: null }, flapping.output());
      assert.match(flapping.stderr(), /Server processes exited 6 times within a minute; stopping/);
      assert.equal((flapping.stderr().match(/starting another/g) ?? []).length, 5, 'five replaced, not six');
      assert.ok(seen.size >= 7, `every process it started: ${seen.size}`);
      for (const child of seen) assert.throws(() => process.kill(child, 0), /ESRCH/, `process ${child}`);
    });
  },
);
