import { sql, type Selectable } from 'kysely';
import { LEDGER_RECORD_TYPES, type LedgerRecordType } from '../../domain/ledger/entries.ts';
import type { NodeCoord, StoredNode } from '../../domain/ledger/merkle.ts';
import { AppError } from '../../errors.ts';
import type { LedgerEntriesTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';
import type {
  LedgerCheckpointRecord,
  LedgerEntryInput,
  LedgerEntryRecord,
  LedgerHeadRecord,
  LedgerIntegration,
  LedgerStore,
} from '../port.ts';

/** Where each ledgered record type lives, and the SQL of its record id over the table aliased `t`. */
/** `ledgered`: the rows that are ledgered records (a live party key is not one; its destruction is). */
const RECORD_TABLES: Record<LedgerRecordType, { table: string; id: string; ledgered?: string }> = {
  decision: { table: 'decisions', id: 't.id::text' },
  application: { table: 'applications', id: 't.id::text' },
  party_version: { table: 'party_versions', id: "t.party_id::text || '@' || t.version" },
  verification_check: { table: 'verification_checks', id: 't.id::text' },
  special_measure: { table: 'special_measures', id: 't.id::text' },
  measure_action: { table: 'measure_actions', id: 't.id::text' },
  legal_hold: { table: 'legal_holds', id: 't.id::text' },
  party_key: { table: 'party_keys', id: 't.party_id::text', ledgered: 't.wrapped_key IS NULL' },
  deletion_certificate: { table: 'deletion_certificates', id: 't.id::text' },
  access_log_digest: { table: 'access_log_digests', id: 't.id::text' },
  access_log_purge: { table: 'access_log_purges', id: 't.id::text' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class KyselyLedgerStore implements LedgerStore {
  constructor(private readonly db: DbHandle) {}

  async loadRecord(
    tenantId: string,
    recordType: LedgerRecordType,
    recordId: string,
  ): Promise<Record<string, unknown> | undefined> {
    const key = recordKey(recordType, recordId);
    if (key === undefined) return undefined;
    const { table } = RECORD_TABLES[recordType];
    const where =
      recordType === 'party_key'
        ? sql`party_id = ${key.id}::uuid`
        : key.version === undefined
          ? sql`id = ${key.id}::uuid`
          : sql`party_id = ${key.id}::uuid AND version = ${key.version}`;
    const { rows } = await sql<Record<string, unknown>>`
      SELECT * FROM ${sql.table(table)} WHERE tenant_id = ${tenantId}::uuid AND ${where}`.execute(this.db());
    return rows[0];
  }

  async insertEntry(entry: LedgerEntryInput): Promise<void> {
    await this.db()
      .insertInto('ledger_entries')
      .values({
        tenant_id: entry.tenantId,
        entry_type: entry.entryType,
        record_type: entry.recordType,
        record_id: entry.recordId,
        commitment: entry.commitment,
        recorded_at: entry.recordedAt,
      })
      .execute();
  }

  async pendingEntriesUnscoped(limit: number): Promise<LedgerEntryRecord[]> {
    const rows = await this.db()
      .selectFrom('ledger_entries')
      .selectAll()
      .where('leaf_index', 'is', null)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toEntry);
  }

  async head(): Promise<LedgerHeadRecord> {
    const row = await this.db()
      .selectFrom('ledger_head')
      .select(['size', 'root'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { size: Number(row.size), root: Buffer.from(row.root) };
  }

  async nodeHashes(nodes: readonly NodeCoord[]): Promise<Buffer[]> {
    if (nodes.length === 0) return [];
    const { rows } = await sql<{ level: number; idx: number; hash: Buffer }>`
      SELECT n.level, n.idx, n.hash
      FROM unnest(${nodes.map((n) => n.level)}::int[], ${nodes.map((n) => n.index)}::bigint[]) AS w(level, idx)
      JOIN ledger_nodes n ON n.level = w.level AND n.idx = w.idx`.execute(this.db());
    const found = new Map(rows.map((r) => [`${r.level}/${Number(r.idx)}`, Buffer.from(r.hash)]));
    return nodes.map((n) => {
      const hash = found.get(`${n.level}/${n.index}`);
      if (hash === undefined)
        throw new AppError('INTERNAL', `ledger node (${n.level}, ${n.index}) is missing`);
      return hash;
    });
  }

  async integrate(batch: LedgerIntegration): Promise<boolean> {
    const moved = await this.db()
      .updateTable('ledger_head')
      .set({ size: batch.to.size, root: batch.to.root, updated_at: batch.at })
      .where('id', '=', 1)
      .where('size', '=', batch.from.size)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    const { nodes, leaves } = batch;
    // Arrays as parameters: one statement per batch whatever its size, on both engines.
    await sql`
      INSERT INTO ledger_nodes (level, idx, hash)
      SELECT l, i, decode(h, 'hex')
      FROM unnest(${nodes.map((n) => n.level)}::int[], ${nodes.map((n) => n.index)}::bigint[],
                  ${nodes.map((n) => n.hash.toString('hex'))}::text[]) AS t(l, i, h)`.execute(this.db());
    const { numAffectedRows } = await sql`
      UPDATE ledger_entries e SET leaf_index = v.leaf
      FROM unnest(${leaves.map((l) => l.seq)}::bigint[], ${leaves.map((l) => l.leafIndex)}::bigint[]) AS v(seq, leaf)
      WHERE e.seq = v.seq AND e.leaf_index IS NULL`.execute(this.db());
    if (Number(numAffectedRows) !== leaves.length) {
      throw new AppError('INTERNAL', 'a ledger entry was integrated twice');
    }
    return true;
  }

  async latestCheckpoint(): Promise<LedgerCheckpointRecord | undefined> {
    const row = await this.db()
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : toCheckpoint(row);
  }

  async insertCheckpoint(checkpoint: LedgerCheckpointRecord): Promise<boolean> {
    const result = await this.db()
      .insertInto('ledger_checkpoints')
      .values({
        size: checkpoint.size,
        root: checkpoint.root,
        note: checkpoint.note,
        signed_at: checkpoint.signedAt,
      })
      .onConflict((oc) => oc.column('size').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async checkpointsUnscoped(): Promise<LedgerCheckpointRecord[]> {
    const rows = await this.db().selectFrom('ledger_checkpoints').selectAll().orderBy('size').execute();
    return rows.map(toCheckpoint);
  }

  async findRecordEntry(
    tenantId: string,
    recordType: LedgerRecordType,
    recordId: string,
  ): Promise<LedgerEntryRecord | undefined> {
    const row = await this.db()
      .selectFrom('ledger_entries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('record_type', '=', recordType)
      .where('record_id', '=', recordId)
      .where('leaf_index', 'is not', null)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : toEntry(row);
  }

  async entriesFromUnscoped(fromLeaf: number, limit: number): Promise<LedgerEntryRecord[]> {
    const rows = await this.db()
      .selectFrom('ledger_entries')
      .selectAll()
      .where('leaf_index', '>=', fromLeaf)
      .orderBy('leaf_index')
      .limit(limit)
      .execute();
    return rows.map(toEntry);
  }

  async nodesOfLevelUnscoped(level: number, fromIndex: number, limit: number): Promise<StoredNode[]> {
    const rows = await this.db()
      .selectFrom('ledger_nodes')
      .selectAll()
      .where('level', '=', level)
      .where('idx', '>=', fromIndex)
      .orderBy('idx')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ level: r.level, index: Number(r.idx), hash: Buffer.from(r.hash) }));
  }

  async unledgeredRecordsUnscoped(
    limit: number,
  ): Promise<Array<{ tenantId: string; recordType: LedgerRecordType; recordId: string }>> {
    const found: Array<{ tenantId: string; recordType: LedgerRecordType; recordId: string }> = [];
    for (const recordType of LEDGER_RECORD_TYPES) {
      const { table, id, ledgered = 'true' } = RECORD_TABLES[recordType];
      const { rows } = await sql<{ tenant_id: string; record_id: string }>`
        SELECT t.tenant_id, ${sql.raw(id)} AS record_id
        FROM ${sql.table(table)} t
        WHERE ${sql.raw(ledgered)} AND NOT EXISTS (
          SELECT 1 FROM ledger_entries e
          WHERE e.tenant_id = t.tenant_id AND e.record_type = ${recordType}
            AND e.record_id = ${sql.raw(id)})
        LIMIT ${limit - found.length}`.execute(this.db());
      found.push(...rows.map((r) => ({ tenantId: r.tenant_id, recordType, recordId: r.record_id })));
      if (found.length >= limit) break;
    }
    return found;
  }
}

function recordKey(
  recordType: LedgerRecordType,
  recordId: string,
): { id: string; version?: number } | undefined {
  if (recordType !== 'party_version') return UUID.test(recordId) ? { id: recordId } : undefined;
  const [id = '', version = ''] = recordId.split('@');
  return UUID.test(id) && /^[1-9][0-9]{0,8}$/.test(version) ? { id, version: Number(version) } : undefined;
}

function toEntry(row: Selectable<LedgerEntriesTable>): LedgerEntryRecord {
  return {
    seq: Number(row.seq),
    tenantId: row.tenant_id,
    entryType: row.entry_type,
    recordType: row.record_type as LedgerRecordType,
    recordId: row.record_id,
    commitment: Buffer.from(row.commitment),
    recordedAt: row.recorded_at,
    leafIndex: row.leaf_index === null ? null : Number(row.leaf_index),
  };
}

function toCheckpoint(row: {
  size: number;
  root: Buffer;
  note: string;
  signed_at: Date;
}): LedgerCheckpointRecord {
  return { size: Number(row.size), root: Buffer.from(row.root), note: row.note, signedAt: row.signed_at };
}
