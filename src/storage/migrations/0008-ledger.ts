import { sql, type Kysely } from 'kysely';

/**
 * The tamper-evident ledger (issue #5): entries written in the transaction of the record event they
 * commit to (an outbox), the Merkle tree's complete-subtree rows, the head advanced by compare-and-swap
 * on its size, and the signed checkpoints. No column holds personal data: an entry names a record by
 * type and id and carries a keyed commitment (HMAC-SHA256) to the row as stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE ledger_entries (
      seq bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      entry_type text NOT NULL,
      record_type text NOT NULL,
      record_id text NOT NULL,
      commitment bytea NOT NULL CHECK (length(commitment) = 32),
      recorded_at timestamptz NOT NULL,
      -- Null until the sequencer integrates the entry into the tree; then its position, once.
      leaf_index bigint UNIQUE
    )`.execute(db);
  await sql`CREATE INDEX ledger_entries_pending_idx ON ledger_entries (seq) WHERE leaf_index IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX ledger_entries_record_idx ON ledger_entries (tenant_id, record_type, record_id, seq)`.execute(
    db,
  );

  // One row per complete subtree (level 0: the leaf hashes); rows are written once and never updated.
  await sql`
    CREATE TABLE ledger_nodes (
      level smallint NOT NULL,
      idx bigint NOT NULL,
      hash bytea NOT NULL CHECK (length(hash) = 32),
      PRIMARY KEY (level, idx)
    )`.execute(db);

  // A single row; writers advance it with UPDATE … WHERE size = <the size they read>.
  await sql`
    CREATE TABLE ledger_head (
      id smallint PRIMARY KEY CHECK (id = 1),
      size bigint NOT NULL CHECK (size >= 0),
      root bytea NOT NULL CHECK (length(root) = 32),
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`INSERT INTO ledger_head (id, size, root, updated_at) VALUES (1, 0, sha256(''::bytea), now())`.execute(
    db,
  );

  await sql`
    CREATE TABLE ledger_checkpoints (
      size bigint PRIMARY KEY,
      root bytea NOT NULL CHECK (length(root) = 32),
      -- The C2SP signed note, exactly as served.
      note text NOT NULL,
      signed_at timestamptz NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['ledger_checkpoints', 'ledger_head', 'ledger_nodes', 'ledger_entries']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
