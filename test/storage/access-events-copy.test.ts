/**
 * The COPY path's closing message carries its statements as simple-protocol text, with their bound
 * parameters written in as literals (access-events-copy.ts, `inlined`): each value must reach the server
 * exactly as bound, whatever it holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery } from 'kysely';
import { openStore } from '../../src/storage/open.ts';
import type { Store } from '../../src/storage/port.ts';
import { inlined } from '../../src/storage/repositories/access-events-copy.ts';
import { engines, type TestDatabase } from '../support/databases.ts';
import { rawSql } from '../support/raw-sql.ts';

const AWKWARD = ['plain', "it's", 'back\\slash', "both\\'", '', '{"a","b"}', '$1 $2', 'Agent 🚀 ü'];

function selectOf(values: readonly string[]): CompiledQuery {
  const columns = values.map((_, i) => `$${i + 1}::text AS v${i}`).join(', ');
  return CompiledQuery.raw(`SELECT ${columns}`, [...values]);
}

describe('inlined statements', () => {
  it('writes each parameter in its place as a quoted literal, doubling quotes', () => {
    assert.equal(inlined(selectOf(['a', "it's"])), `SELECT 'a'::text AS v0, 'it''s'::text AS v1`);
  });

  it('refuses a parameter that is not a string rather than guess its literal', () => {
    assert.throws(() => inlined(CompiledQuery.raw('SELECT $1::int', [1])), /parameter \$1 .* not a string/);
  });
});

for (const engine of engines()) {
  describe(`inlined statements on ${engine.name}`, () => {
    let database: TestDatabase;
    let store: Store;

    before(async () => {
      database = await engine.create();
      store = await openStore(database.config);
    });

    after(async () => {
      await store.close();
      await database.drop();
    });

    it('reach the server as the values bound: quotes, backslashes, braces, dollars, non-ASCII', async () => {
      const [row] = await rawSql<Record<string, string>>(store, inlined(selectOf(AWKWARD)));
      assert.deepEqual(
        AWKWARD.map((_, i) => row?.[`v${i}`]),
        AWKWARD,
      );
    });
  });
}
