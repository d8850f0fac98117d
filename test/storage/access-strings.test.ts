/**
 * The access log's string dictionary on every engine: one id per distinct string and kind, the same id
 * whichever batch asks, in row order, and strings dropped from a full cache found again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/database.ts';
import { openStore } from '../../src/storage/open.ts';
import type { AccessEventRow, Store } from '../../src/storage/port.ts';
import { AccessStringDictionary } from '../../src/storage/repositories/access-strings.ts';
import { engines, type TestDatabase } from '../support/databases.ts';

function rowWith(principal: string | null, userAgent: string | null, region: string | null): AccessEventRow {
  return {
    accountId: '00000000-0000-4000-8000-000000000001',
    eventKey: '1',
    at: new Date('2026-11-30T00:00:00Z'),
    ip: '192.0.2.1',
    action: 1,
    principal,
    userAgent,
    region,
  };
}

for (const engine of engines()) {
  describe(`access log string dictionary on ${engine.name}`, () => {
    let database: TestDatabase;
    let store: Store;
    let db: () => Kysely<Database>;

    before(async () => {
      database = await engine.create();
      store = await openStore(database.config);
      await store.migrate();
      // The store's own Kysely instance (private to it): the dictionary is built on it in production too.
      const kysely = (store as unknown as { kysely: Kysely<Database> }).kysely;
      db = () => kysely;
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    async function storedIds(): Promise<Map<string, number>> {
      const rows = await db().selectFrom('access_strings').select(['kind', 'value', 'id']).execute();
      return new Map(rows.map((r) => [`${r.kind}:${r.value}`, r.id]));
    }

    it('gives each row its strings’ stored ids, 0 for none, and answers a known batch from the cache', async () => {
      const dictionary = new AccessStringDictionary(db);
      const rows = [
        rowWith('alice', 'curl/8.5', 'us-east-1'),
        rowWith('bob', null, null),
        rowWith(null, null, null),
        rowWith('alice', null, 'us-east-1'),
      ];
      const first = await dictionary.resolve(rows);
      const stored = await storedIds();
      assert.deepEqual(
        [...first.principal],
        [stored.get('1:alice'), stored.get('1:bob'), 0, stored.get('1:alice')],
      );
      assert.deepEqual([...first.userAgent], [stored.get('2:curl/8.5'), 0, 0, 0]);
      assert.deepEqual([...first.region], [stored.get('3:us-east-1'), 0, 0, stored.get('3:us-east-1')]);
      const again = await dictionary.resolve(rows);
      assert.deepEqual([...again.principal], [...first.principal]);
      assert.equal((await storedIds()).size, stored.size, 'no string stored twice');
    });

    it('finds strings dropped from a full cache with the ids they were stored with', async () => {
      const dictionary = new AccessStringDictionary(db, 3);
      const known = [rowWith('p-1', null, null), rowWith('p-2', null, null)];
      const early = await dictionary.resolve(known);
      // Two more strings overflow the limit of 3: the cache is replaced.
      const later = await dictionary.resolve([rowWith('p-3', null, null), rowWith('p-4', null, null)]);
      const stored = await storedIds();
      assert.deepEqual([...early.principal], [stored.get('1:p-1'), stored.get('1:p-2')]);
      assert.deepEqual([...later.principal], [stored.get('1:p-3'), stored.get('1:p-4')]);
      const back = await dictionary.resolve([rowWith('p-1', null, null), rowWith('p-3', null, null)]);
      assert.deepEqual([...back.principal], [stored.get('1:p-1'), stored.get('1:p-3')]);
    });

    it('gives two concurrent batches with the same new strings the same ids', async () => {
      const one = new AccessStringDictionary(db);
      const two = new AccessStringDictionary(db);
      const rows = [rowWith('carol', 'ua-x', 'eu-west-1'), rowWith('dave', 'ua-y', 'eu-west-1')];
      const [a, b] = await Promise.all([one.resolve(rows), two.resolve([...rows].reverse())]);
      for (const kind of ['principal', 'userAgent', 'region'] as const) {
        assert.deepEqual([...a[kind]], [...b[kind]].reverse());
        assert.ok(a[kind].every((id) => id > 0));
      }
    });
  });
}
