/**
 * Durability under the harshest stop: SIGKILL while clients write. A 201 is a promise that the tenant
 * exists; after a restart on the same data, every acknowledged tenant must be there. Writes in flight
 * at the kill may or may not have landed: the test asserts nothing about them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPostgresDatabase, POSTGRES_URL } from '../support/databases.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

const WRITERS = 4;
const MIN_ACKNOWLEDGED = 50;
const WRITE_PHASE_MS = 2000;
const TIMEOUT_MS = 420_000;

/** Settings that keep the writers from being throttled: a 429 would only thin out the test. */
const UNTHROTTLED = { GATEHOUSE_RATE_LIMIT_PER_MINUTE: '10000000' };

interface Engine {
  settings: Record<string, string>;
  /** Checks what the kill left behind, before the restart. */
  afterKill(killedPid: number): void;
  cleanUp(): Promise<void>;
}

async function pgliteEngine(): Promise<Engine> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-kill9-'));
  return {
    settings: { ...UNTHROTTLED, GATEHOUSE_DATA_DIR: dataDir },
    // kill -9 leaves the data folder locked by a dead process: the restart must take the lock over.
    afterKill: (killedPid) =>
      assert.equal(fs.readFileSync(path.join(dataDir, 'gatehouse.lock'), 'utf8').trim(), String(killedPid)),
    cleanUp: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresEngine(): Promise<Engine> {
  const db = await createPostgresDatabase();
  return {
    settings: { ...UNTHROTTLED, GATEHOUSE_DATABASE_URL: db.url, GATEHOUSE_MIGRATE_ON_START: 'true' },
    afterKill: () => undefined,
    cleanUp: db.drop,
  };
}

function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/**
 * One client: creates tenants back to back and records the id of each 201 whose body arrived in full.
 * It stops at the first network error, which is how it notices the kill.
 */
async function writeUntilKilled(url: string, key: string, writer: number, acknowledged: string[]) {
  const unexpected: number[] = [];
  for (let n = 0; ; n += 1) {
    let body: unknown;
    let status: number;
    try {
      const response = await fetch(`${url}/v1/tenants`, {
        method: 'POST',
        headers: { ...bearer(key), 'content-type': 'application/json' },
        body: JSON.stringify({ name: `kill9 writer ${writer} #${n}` }),
      });
      status = response.status;
      body = await response.json();
    } catch {
      return unexpected;
    }
    if (status === 201) acknowledged.push((body as { id: string }).id);
    else unexpected.push(status);
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

/** GETs every id, a few at a time; returns the ids that did not answer 200, with their status. */
async function findMissing(url: string, key: string, ids: string[]): Promise<string[]> {
  const missing: string[] = [];
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        const response = await fetch(`${url}/v1/tenants/${id}`, { headers: bearer(key) });
        await response.arrayBuffer();
        if (response.status !== 200) missing.push(`${id} → ${response.status}`);
      }
    }),
  );
  return missing;
}

function killWhileWritingSuite(createEngine: () => Promise<Engine>) {
  let engine: Engine;
  let first: ServerProcess | undefined;
  let second: ServerProcess | undefined;
  const acknowledged: string[] = [];
  let adminKey: string;

  before(async () => {
    engine = await createEngine();
  });

  after(async () => {
    await first?.kill('SIGKILL');
    await second?.stop();
    await engine?.cleanUp();
  });

  void it(
    'keeps every acknowledged write after kill -9 of the server',
    { timeout: TIMEOUT_MS },
    async (t) => {
      first = await startServer(engine.settings);
      assert.ok(first.adminKey, `the first start of an empty store prints an admin key:\n${first.output()}`);
      adminKey = first.adminKey;

      const started = Date.now();
      const writers = Array.from({ length: WRITERS }, (_, writer) =>
        writeUntilKilled(first!.url, adminKey, writer, acknowledged),
      );
      await waitFor(
        () => acknowledged.length >= MIN_ACKNOWLEDGED && Date.now() - started >= WRITE_PHASE_MS,
        60_000,
      );
      const exit = await first.kill('SIGKILL');
      const unexpected = (await Promise.all(writers)).flat();

      assert.equal(exit.signal, 'SIGKILL');
      assert.ok(
        acknowledged.length >= MIN_ACKNOWLEDGED,
        `only ${acknowledged.length} writes were acknowledged before the kill`,
      );
      assert.deepEqual(unexpected, [], 'every write before the kill was answered 201');
      t.diagnostic(
        `${acknowledged.length} writes acknowledged in ${Date.now() - started} ms before the kill`,
      );

      engine.afterKill(first.pid);
      second = await startServer(engine.settings);
      assert.equal(second.adminKey, undefined, 'a restart on existing data prints no new admin key');
      const missing = await findMissing(second.url, adminKey, acknowledged);
      assert.deepEqual(
        missing,
        [],
        `${missing.length} of ${acknowledged.length} acknowledged tenants are lost`,
      );
    },
  );

  void it('answers /v1/ready after the restart', { timeout: TIMEOUT_MS }, async (t) => {
    if (second === undefined) return t.skip('the server did not restart');
    const response = await fetch(`${second.url}/v1/ready`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ready');
  });
}

void describe('kill -9 of the server while clients write, on PGlite', { timeout: TIMEOUT_MS }, () => {
  killWhileWritingSuite(pgliteEngine);
});

void describe(
  'kill -9 of the server while clients write, on PostgreSQL',
  {
    timeout: TIMEOUT_MS,
    skip: POSTGRES_URL === undefined ? 'GATEHOUSE_TEST_DATABASE_URL is not set' : false,
  },
  () => {
    killWhileWritingSuite(postgresEngine);
  },
);
