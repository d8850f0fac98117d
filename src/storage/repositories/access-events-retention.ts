/** The retention side of the access log: which closed accounts still have events, deletes, partition drops. */
import { sql } from 'kysely';
import type { DbHandle } from '../kysely-store.ts';
import type { AccountRecord } from '../port.ts';
import { toAccount } from './accounts.ts';

export async function closedAccountsWithEvents(
  db: DbHandle,
  closedBefore: Date,
  afterId: string | undefined,
  limit: number,
): Promise<AccountRecord[]> {
  const rows = await db()
    .selectFrom('accounts as a')
    .selectAll('a')
    .where('a.closed_at', 'is not', null)
    .where('a.closed_at', '<', closedBefore)
    .$if(afterId !== undefined, (q) => q.where('a.id', '>', afterId ?? ''))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('access_events as e')
          .select(sql`1`.as('one'))
          .whereRef('e.account_id', '=', 'a.id'),
      ),
    )
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map(toAccount);
}

export async function deleteOfAccount(db: DbHandle, tenantId: string, accountId: string): Promise<number> {
  const result = await sql`
    DELETE FROM access_events e USING accounts a
    WHERE e.account_id = ${accountId}::uuid AND a.id = e.account_id AND a.tenant_id = ${tenantId}::uuid`.execute(
    db(),
  );
  return Number(result.numAffectedRows ?? 0n);
}

/** How many events the account has: what deleteOfAccount would delete (the retention dry run). */
export async function countOfAccount(db: DbHandle, tenantId: string, accountId: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    SELECT count(*)::float8 AS count FROM access_events e JOIN accounts a ON a.id = e.account_id
    WHERE e.account_id = ${accountId}::uuid AND a.tenant_id = ${tenantId}::uuid`.execute(db());
  return rows[0]?.count ?? 0;
}

/** Partition names are ours (`access_events_pYYYYMMDD`), so the day is read from the name. */
async function partitionsEndingBefore(db: DbHandle, before: Date): Promise<string[]> {
  const partitions = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'access_events'::regclass ORDER BY c.relname`.execute(db());
  return partitions.rows
    .map(({ name }) => name)
    .filter((name) => {
      const match = /^access_events_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (match === null) return false;
      const end = Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) + 86_400_000;
      return end <= before.getTime();
    });
}

export async function dropEmptyPartitionsBefore(db: DbHandle, before: Date): Promise<string[]> {
  const dropped: string[] = [];
  for (const name of await partitionsEndingBefore(db, before)) {
    const any = await sql`SELECT 1 FROM ${sql.id(name)} LIMIT 1`.execute(db());
    if (any.rows.length > 0) continue;
    // IF EXISTS: the retention job of another node may have dropped it a moment ago.
    await sql`DROP TABLE IF EXISTS ${sql.id(name)}`.execute(db());
    dropped.push(name);
  }
  return dropped;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The partitions dropEmptyPartitionsBefore would drop once the events of the given accounts were deleted. */
export async function partitionsEmptiedBefore(
  db: DbHandle,
  before: Date,
  deletedAccountIds: readonly string[],
): Promise<string[]> {
  // An array literal of validated uuids (one bound parameter, however many accounts).
  const ids = `{${deletedAccountIds.filter((id) => UUID.test(id)).join(',')}}`;
  const emptied: string[] = [];
  for (const name of await partitionsEndingBefore(db, before)) {
    const other = await sql`
      SELECT 1 FROM ${sql.id(name)} WHERE NOT (account_id = ANY (${ids}::uuid[])) LIMIT 1`.execute(db());
    if (other.rows.length === 0) emptied.push(name);
  }
  return emptied;
}
