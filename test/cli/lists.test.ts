import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { describeResult, errorOf, jsonOf, makeTempDir, removeTempDir, runCli } from '../support/cli.ts';

const UN_XML = path.resolve('../shared/data/lists/un/UN_consolidated.xml');

describe('gatehouse screen (no database)', () => {
  let dir: string;
  before(() => {
    dir = makeTempDir('gatehouse-cli-screen-');
  });
  after(() => removeTempDir(dir));

  it('refuses an input without a name column (exit 64) before reading the lists', async () => {
    const input = path.join(dir, 'no-name.csv');
    fs.writeFileSync(input, 'full_name\nEric Badege\n');
    const result = await runCli(['screen', '--lists', UN_XML, '--input', input, '--json'], {});
    assert.equal(result.code, 64, describeResult(result));
    assert.equal(errorOf(result).field, 'option.input');
  });

  it('writes one NDJSON object per row, reports an unscreenable row and exits 65', async () => {
    const input = path.join(dir, 'customers.csv');
    fs.writeFileSync(input, 'name,dob,country\nBADEGE Eric,,\n"",,\nAnna Maria Eriksson,1974-08-12,SE\n');
    const result = await runCli(['screen', '--lists', UN_XML, '--input', input, '--json'], {});
    assert.equal(result.code, 65, describeResult(result));
    const rows = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            row: number;
            matches?: Array<{ source: string; entryId: string; explanation: string }>;
            error?: { field: string };
          },
      );
    assert.equal(rows.length, 3);
    assert.equal(rows[0]?.matches?.[0]?.source, 'un');
    assert.equal(rows[0]?.matches?.[0]?.entryId, '6907993');
    assert.match(String(rows[0]?.matches?.[0]?.explanation), /badege/i);
    assert.equal(rows[1]?.error?.field, 'name');
    assert.deepEqual(rows[2]?.matches, []);
    const summary = JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}') as {
      summary: { rows: number; failed: number; lists: Record<string, number> };
    };
    assert.deepEqual([summary.summary.rows, summary.summary.failed, summary.summary.lists.un], [3, 1, 1003]);
  });
});

describe('gatehouse lists', () => {
  let dir: string;
  let server: Server;
  let baseUrl = '';
  let serve: { status: number; body: string } = { status: 200, body: '' };
  let store: Record<string, string>;

  before(async () => {
    dir = makeTempDir('gatehouse-cli-lists-');
    store = { GATEHOUSE_DATA_DIR: path.join(dir, 'data') };
    server = createServer((_request, response) => {
      response.statusCode = serve.status;
      response.end(serve.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tenant = await runCli(['tenants', 'create', '--name', 'Acme', '--json'], store);
    assert.equal(tenant.code, 0, describeResult(tenant));
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    removeTempDir(dir);
  });

  const update = () =>
    runCli(['lists', 'update', 'un', '--json'], {
      ...store,
      GATEHOUSE_LIST_URLS: `un=${baseUrl}/consolidated.xml`,
    });

  it('imports from the configured address, keeps the last good version when a download is bad, and says so', async () => {
    serve = { status: 200, body: fs.readFileSync(UN_XML, 'utf8') };
    const first = await update();
    assert.equal(first.code, 0, describeResult(first));
    const imported = jsonOf<{
      lists: Array<{ status: string; version: { id: string; entryCount: number } }>;
    }>(first).lists[0];
    assert.equal(imported?.status, 'imported');
    assert.equal(imported?.version.entryCount, 1003);

    serve = { status: 200, body: serve.body.slice(0, 40_000) };
    const truncated = await update();
    assert.equal(truncated.code, 65, describeResult(truncated));
    const failed = jsonOf<{
      lists: Array<{ status: string; version: { id: string }; error: { code: string } }>;
    }>(truncated).lists[0];
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.error.code, 'LIST_IMPORT_FAILED');
    assert.equal(failed?.version.id, imported?.version.id, 'the last good version stays active');

    serve = { status: 503, body: 'maintenance' };
    const down = await update();
    assert.equal(down.code, 69, describeResult(down));
    assert.equal(
      jsonOf<{ lists: Array<{ error: { code: string } }> }>(down).lists[0]?.error.code,
      'LIST_DOWNLOAD_FAILED',
    );

    const status = await runCli(['lists', 'status'], store);
    assert.equal(status.code, 0, describeResult(status));
    assert.match(status.stdout, /^un: 1003 entries, published 2026-02-27/m);
  });
});
