/**
 * Operator key management on the embedded store, end to end: the CLI writes to a PGlite folder, a
 * real `gatehouse serve` on the same folder honours what it wrote. One folder serves the whole file
 * (initdb is slow), so the tests run in order and build on each other's state.
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
  startCli,
  type CliProcess,
} from '../support/cli.ts';

/** `gth_` + a 16-character lookup id + a 52-character secret, both lowercase base32 (RFC 4648). */
const KEY_FORMAT = /^gth_[a-z2-7]{16}_[a-z2-7]{52}$/;

interface TenantJson {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
}

interface CreatedKeyJson {
  key: string;
  id: string;
  tenantId: string;
  role: string;
}

interface ListedKeyJson {
  id: string;
  tenantId: string;
  role: string;
  prefix: string;
  revokedAt: string | null;
}

interface RevokedKeyJson {
  id: string;
  role: string;
  revokedAt: string | null;
}

describe('gatehouse keys on the embedded store', () => {
  let dataDir: string;
  let store: Record<string, string>;
  let acme: TenantJson;
  let revokedKey: CreatedKeyJson;
  let activeKey: CreatedKeyJson;

  before(() => {
    dataDir = makeTempDir('gatehouse-cli-keys-');
    store = { GATEHOUSE_DATA_DIR: dataDir };
  });
  after(async () => {
    await killAllCli();
    removeTempDir(dataDir);
  });

  it('fails with TENANT_NOT_FOUND (exit 66) while the store has no provider tenant', async () => {
    const result = await runCli(['keys', 'create', '--role', 'admin', '--json'], store);
    assert.equal(result.code, 66, describeResult(result));
    assert.equal(errorOf(result).code, 'TENANT_NOT_FOUND');
  });

  it('creates a provider tenant with tenants create', async () => {
    const result = await runCli(['tenants', 'create', '--name', 'Acme', '--json'], store);
    assert.equal(result.code, 0, describeResult(result));
    acme = jsonOf<TenantJson>(result);
    assert.equal(acme.kind, 'provider');
    assert.equal(acme.parentId, null);
    assert.equal(acme.name, 'Acme');
  });

  it('creates a key and prints it once, in the gth_ format', async () => {
    const result = await runCli(['keys', 'create', '--role', 'admin', '--json'], store);
    assert.equal(result.code, 0, describeResult(result));
    revokedKey = jsonOf<CreatedKeyJson>(result);
    assert.match(revokedKey.key, KEY_FORMAT);
    assert.equal(revokedKey.tenantId, acme.id);
    assert.equal(revokedKey.role, 'admin');
  });

  it('lists the key without its secret', async () => {
    const result = await runCli(['keys', 'list', '--json'], store);
    assert.equal(result.code, 0, describeResult(result));
    const secret = revokedKey.key.split('_')[2]!;
    assert.ok(!result.stdout.includes(revokedKey.key), 'the list must not contain the key');
    assert.ok(!result.stdout.includes(secret), 'the list must not contain the secret part');
    const listed = jsonOf<ListedKeyJson[]>(result);
    assert.deepEqual(
      listed.map((k) => ({ id: k.id, tenantId: k.tenantId, role: k.role, revokedAt: k.revokedAt })),
      [{ id: revokedKey.id, tenantId: acme.id, role: 'admin', revokedAt: null }],
    );
    assert.ok(revokedKey.key.startsWith(`${listed[0]!.prefix}_`), 'the prefix identifies the key');
  });

  it('fails with API_KEY_NOT_FOUND (exit 66) when revoking a key that does not exist', async () => {
    const result = await runCli(['keys', 'revoke', randomUUID(), '--json'], store);
    assert.equal(result.code, 66, describeResult(result));
    assert.equal(errorOf(result).code, 'API_KEY_NOT_FOUND');
  });

  it('revokes a key, and revoking it again keeps the first revocation time', async () => {
    const first = await runCli(['keys', 'revoke', revokedKey.id, '--json'], store);
    assert.equal(first.code, 0, describeResult(first));
    const revoked = jsonOf<RevokedKeyJson>(first);
    assert.equal(revoked.id, revokedKey.id);
    assert.ok(revoked.revokedAt !== null && !Number.isNaN(Date.parse(revoked.revokedAt)), first.stdout);

    const again = await runCli(['keys', 'revoke', revokedKey.id, '--json'], store);
    assert.equal(again.code, 0, describeResult(again));
    assert.equal(jsonOf<RevokedKeyJson>(again).revokedAt, revoked.revokedAt);
  });

  describe('with two provider tenants', () => {
    before(async () => {
      const result = await runCli(['tenants', 'create', '--name', 'Globex', '--json'], store);
      assert.equal(result.code, 0, describeResult(result));
    });

    it('refuses to guess the tenant: TENANT_AMBIGUOUS (exit 64) without --tenant', async () => {
      const result = await runCli(['keys', 'create', '--role', 'admin', '--json'], store);
      assert.equal(result.code, 64, describeResult(result));
      const error = errorOf(result);
      assert.equal(error.code, 'TENANT_AMBIGUOUS');
      assert.equal(error.field, 'option.tenant');
    });

    it('creates the key in the tenant named with --tenant', async () => {
      const result = await runCli(
        ['keys', 'create', '--role', 'admin', '--tenant', acme.id, '--name', 'deploy bot', '--json'],
        store,
      );
      assert.equal(result.code, 0, describeResult(result));
      activeKey = jsonOf<CreatedKeyJson>(result);
      assert.match(activeKey.key, KEY_FORMAT);
      assert.equal(activeKey.tenantId, acme.id);
    });
  });

  describe('and a server on the same folder', () => {
    let server: CliProcess;
    let url: string;
    const lockFile = () => path.join(dataDir, 'gatehouse.lock');
    const callMe = (key: string) => fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${key}` } });

    before(async () => {
      server = startCli(['serve', '--json'], {
        ...store,
        GATEHOUSE_PORT: '0',
        GATEHOUSE_HOST: '127.0.0.1',
      });
      url = await server.waitForEvent('listening');
    });

    it('rejects the key the CLI revoked with 401 API_KEY_REVOKED', async () => {
      const response = await callMe(revokedKey.key);
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { code: string }).code, 'API_KEY_REVOKED');
    });

    it('accepts the key the CLI created', async () => {
      const response = await callMe(activeKey.key);
      assert.equal(response.status, 200);
      const me = (await response.json()) as { tenant: { id: string }; key: { id: string; role: string } };
      assert.equal(me.tenant.id, acme.id);
      assert.deepEqual(me.key, { id: activeKey.id, role: 'admin' });
    });

    it('keeps the CLI out of the folder while it runs: STORE_LOCKED (exit 69)', async () => {
      const result = await runCli(['keys', 'list', '--json'], store);
      assert.equal(result.code, 69, describeResult(result));
      assert.equal(errorOf(result).code, 'STORE_LOCKED');
      assert.equal(fs.readFileSync(lockFile(), 'utf8').trim(), String(server.pid));
      const response = await callMe(activeKey.key);
      assert.equal(response.status, 200, 'the server is unaffected by the refused CLI');
    });

    it('shuts down on SIGTERM with exit 0 within 10 s and releases the folder', async () => {
      const exit = await server.stop('SIGTERM', 10_000);
      assert.deepEqual(exit, { code: 0, signal: null }, server.output());
      assert.equal(fs.existsSync(lockFile()), false, 'the lock file is removed');
    });

    it('leaves the store intact: the CLI afterwards lists every key and its state', async () => {
      const result = await runCli(['keys', 'list', '--tenant', acme.id, '--json'], store);
      assert.equal(result.code, 0, describeResult(result));
      const listed = jsonOf<ListedKeyJson[]>(result);
      const state = new Map(listed.map((k) => [k.id, k.revokedAt === null ? 'active' : 'revoked']));
      assert.deepEqual(
        Object.fromEntries(state),
        Object.fromEntries([
          [revokedKey.id, 'revoked'],
          [activeKey.id, 'active'],
        ]),
      );
    });
  });
});
