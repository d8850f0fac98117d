import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startServer, type ServerProcess } from '../support/server-process.ts';

describe('gatehouse serve with GATEHOUSE_DEMO=true', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-serve-demo-'));
  let server: ServerProcess | undefined;
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'seeds the demo applications on the first start, visible through the API',
    { timeout: 240_000 },
    async () => {
      server = await startServer({ GATEHOUSE_DATA_DIR: path.join(dir, 'data'), GATEHOUSE_DEMO: 'true' });
      assert.match(server.output(), /"type":"demo-seeded","added":7/);
      const measures = await fetch(`${server.url}/v1/special-measures`, {
        headers: { authorization: `Bearer ${server.adminKey ?? ''}` },
      });
      const body = (await measures.json()) as { items: Array<{ citation: string }> };
      assert.ok(body.items.some((m) => m.citation.startsWith('DEMO')));
    },
  );
});
