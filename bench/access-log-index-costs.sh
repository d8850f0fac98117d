#!/usr/bin/env bash
# What each part of the access log's row costs PostgreSQL to store (docs/benchmarks.md, issue #7).
#
#   bash bench/access-log-index-costs.sh [ROWS]      # default 2,000,000; needs a superuser (server-side COPY)
#
# Writes ROWS events of the bench's shape (10,000 accounts, a few addresses each, one day, time-ordered)
# to a file, then loads it with one server-side COPY into a fresh day-partitioned access_events table
# carrying: no index, each index alone, what the log carries since migration 0014 (the unique
# (account_id, ip, at, event_key) btree and the BRIN on stored_at), the same the staged way (COPY into a
# temporary table, then INSERT … SELECT … ON CONFLICT DO NOTHING), and the three btrees of migration
# 0009 for comparison. No Node.js or HTTP on the clock: PostgreSQL's own per-row cost, one session, one
# core. The address sightings (one row per day, address and account, written once a day per pair by each
# process) are not in it: a live stream repeats its pairs, so they cost per pair, not per event.
set -euo pipefail
ROWS=${1:-2000000}
URL=${GATEHOUSE_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB=gatehouse_index_costs
DIR=$(mktemp -d)
chmod 755 "$DIR"
trap 'rm -rf "$DIR"; psql -q "$URL" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
DBURL=$(node -e "const u = new URL(process.argv[1]); u.pathname = '/$DB'; console.log(u.href)" "$URL")

node - "$ROWS" "$DIR/events.tsv" <<'EOF'
const { createWriteStream } = require('node:fs');
const { randomUUID } = require('node:crypto');
const [rows, file] = [Number(process.argv[2]), process.argv[3]];
const accounts = Array.from({ length: 10000 }, () => randomUUID());
const out = createWriteStream(file);
const start = Date.parse('2026-11-01T00:00:00Z');
let buffer = '';
for (let i = 0; i < rows; i += 1) {
  const a = Math.floor(Math.random() * 10000);
  const net = a % 5000;
  const ip = `100.${64 + (net >> 8)}.${net & 255}.${1 + Math.floor(Math.random() * 6) + (a % 40) * 6}`;
  const at = new Date(start + Math.floor((i * 86400000) / rows)).toISOString();
  const key = BigInt.asIntN(64, BigInt(Math.floor(Math.random() * 2 ** 52)) * 4099n + BigInt(i));
  buffer += `${at}\t${accounts[a]}\t${key}\t${ip}\t3\t${a}\t${1 + (a & 1)}\t3\n`;
  if (buffer.length > 1 << 20) {
    out.write(buffer);
    buffer = '';
  }
}
out.end(buffer);
EOF
chmod 644 "$DIR/events.tsv"

COLUMNS='at, account_id, event_key, ip, action, principal_id, user_agent_id, region_id'
KEY='CREATE UNIQUE INDEX ON access_events (account_id, ip, at, event_key);'
BRIN='CREATE INDEX ON access_events USING brin (stored_at);'
# Migration 0009's three btrees, dropped by 0014.
OLD='CREATE UNIQUE INDEX ON access_events (at, event_key); CREATE INDEX ON access_events (ip, at);
  CREATE INDEX ON access_events (account_id, at);'

# run LABEL "INDEXES" "LOAD SQL"
run() {
  psql -q "$URL" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
  psql -q "$DBURL" >/dev/null <<SQL
CREATE TABLE access_events (at timestamptz NOT NULL, account_id uuid NOT NULL, event_key bigint NOT NULL,
  ip inet NOT NULL, action smallint NOT NULL, principal_id integer, user_agent_id integer, region_id integer,
  stored_at timestamptz NOT NULL DEFAULT statement_timestamp()) PARTITION BY RANGE (at);
$2
CREATE TABLE access_events_p20261101 PARTITION OF access_events
  FOR VALUES FROM ('2026-11-01T00:00:00Z') TO ('2026-11-02T00:00:00Z');
CHECKPOINT;
SQL
  local wal0 started seconds
  wal0=$(psql -Atq "$DBURL" -c 'SELECT pg_current_wal_lsn()')
  started=$(date +%s.%N)
  psql -q "$DBURL" -v ON_ERROR_STOP=1 >/dev/null <<<"$3"
  seconds=$(echo "$(date +%s.%N) - $started" | bc)
  printf '{"bench":"access-index-costs","table":"%s","rows":%d,"seconds":%.1f,"rowsPerSecond":%d,"usPerRow":%.1f,"wal":"%s"}\n' \
    "$1" "$ROWS" "$seconds" "$(echo "$ROWS / $seconds" | bc)" "$(echo "$seconds * 1000000 / $ROWS" | bc -l)" \
    "$(psql -Atq "$DBURL" -c "SELECT pg_size_pretty(pg_current_wal_lsn() - '$wal0')")"
}

DIRECT="COPY access_events ($COLUMNS) FROM '$DIR/events.tsv';"
STAGED="BEGIN;
CREATE TEMP TABLE stage (at timestamptz, account_id uuid, event_key int8, ip inet, action int2,
  principal_id int4, user_agent_id int4, region_id int4) ON COMMIT DELETE ROWS;
COPY stage FROM '$DIR/events.tsv';
INSERT INTO access_events ($COLUMNS) SELECT * FROM stage ON CONFLICT DO NOTHING;
COMMIT;"

run 'heap only (no index)' '' "$DIRECT"
run '+ unique (account_id, ip, at, event_key)' "$KEY" "$DIRECT"
run '+ brin (stored_at)' "$BRIN" "$DIRECT"
run 'both: COPY straight in (what we do)' "$KEY $BRIN" "$DIRECT"
run 'both: staged (COPY, INSERT ON CONFLICT)' "$KEY $BRIN" "$STAGED"
run 'migration 0009 btrees + brin: COPY straight in' "$OLD $BRIN" "$DIRECT"
