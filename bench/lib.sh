# shellcheck shell=bash
# Shared by bench/full-sync.sh and bench/incremental.sh: configuration, the benchmark's own set of
# services, the sysbench dataset, task helpers and the heap monitor. Sourced, not run.
#
# Everything the benchmarks create is their own, so that they can run beside a developer's services
# and tests on the same local MariaDB/PostgreSQL: own ports (19501-19505), own run dir, own metadata
# database (a control-service drives every task of its metadata database), own MariaDB database and
# own PostgreSQL databases.
#
# Environment (defaults):
#   BENCH_TABLES=5 BENCH_TABLE_SIZE=1000000   the sysbench dataset (reused when already loaded)
#   BENCH_DB=bench                             MariaDB database of the dataset
#   BENCH_PG_DB=bench_target                   PostgreSQL database Sluice writes into
#   BENCH_RUN_DIR=/tmp/bench-run               logs, pids, task files, results of the services
#   BENCH_PORT_BASE=19501                      control, precheck, capture, apply, billing = base..base+4
#   BENCH_META_DB=bench_meta                   the services' metadata database
#   BENCH_KEEP_SERVICES=0                      1: leave the services running at the end
#   BENCH_HEAP_SAMPLE_S=1                      heap sampling period (jstat)
#   SLUICE_SERVICE_HEAP=512m                   -Xmx of every service (as in deploy/local/up.sh)
# and the SLUICE_APPLY_* tuning variables of the README, which reach apply-service unchanged.

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)

BENCH_TABLES=${BENCH_TABLES:-5}
BENCH_TABLE_SIZE=${BENCH_TABLE_SIZE:-1000000}
BENCH_DB=${BENCH_DB:-bench}
BENCH_PG_DB=${BENCH_PG_DB:-bench_target}
BENCH_RUN_DIR=${BENCH_RUN_DIR:-/tmp/bench-run}
BENCH_PORT_BASE=${BENCH_PORT_BASE:-19501}
BENCH_META_DB=${BENCH_META_DB:-bench_meta}
BENCH_KEEP_SERVICES=${BENCH_KEEP_SERVICES:-0}
BENCH_HEAP_SAMPLE_S=${BENCH_HEAP_SAMPLE_S:-1}

CONTROL_PORT=$BENCH_PORT_BASE
PRECHECK_PORT=$((BENCH_PORT_BASE + 1))
CAPTURE_PORT=$((BENCH_PORT_BASE + 2))
APPLY_PORT=$((BENCH_PORT_BASE + 3))
BILLING_PORT=$((BENCH_PORT_BASE + 4))

eval "$("$REPO_ROOT/deploy/local/db.sh" env)"
export PGPASSWORD=$SLUICE_PG_PASSWORD PGOPTIONS="-c client_min_messages=warning"
# The task files name these through passwordEnv: the passwords never sit in a file.
export BENCH_MARIADB_PASSWORD=$SLUICE_MARIADB_PASSWORD BENCH_PG_PASSWORD=$SLUICE_PG_PASSWORD

# ---------------------------------------------------------------------------------------------
# Output: figures go to stdout, one per line; everything else goes to stderr.
# ---------------------------------------------------------------------------------------------

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$(date +%T)" "$*" >&2
  exit 1
}
figure() { printf '%s: %s %s\n' "$1" "$2" "${3:-}" | sed 's/ $//'; }

# Seconds since the epoch with milliseconds, for timing (bash's SECONDS is too coarse).
now_s() { date +%s.%3N; }
# a / b with N decimals (default 0); "n/a" when b is 0.
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-0}" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.*f\n", d, a / b }'; }

# ---------------------------------------------------------------------------------------------
# Database clients
# ---------------------------------------------------------------------------------------------

# mysql as root on the local MariaDB; extra arguments are passed on (e.g. a database, -e SQL).
maria() { mariadb --no-defaults -h "$SLUICE_MARIADB_HOST" -P "$SLUICE_MARIADB_PORT" -u root --batch --skip-column-names "$@"; }

# psql on DATABASE, unaligned and quiet, stopping at the first error.
pg() {
  local db=$1
  shift
  psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$SLUICE_PG_HOST" -p "$SLUICE_PG_PORT" -U "$SLUICE_PG_USER" -d "$db" "$@"
}

# A fresh, empty PostgreSQL database (each tool gets its own, so nothing is shared between runs).
pg_recreate_db() {
  local db=$1
  pg postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db OWNER $SLUICE_PG_USER"
}

# ---------------------------------------------------------------------------------------------
# The benchmark's own services
# ---------------------------------------------------------------------------------------------

bench_env() {
  env SLUICE_RUN_DIR="$BENCH_RUN_DIR" SLUICE_META_DB="$BENCH_META_DB" \
    SLUICE_CONTROL_PORT="$CONTROL_PORT" SLUICE_PRECHECK_PORT="$PRECHECK_PORT" SLUICE_CAPTURE_PORT="$CAPTURE_PORT" \
    SLUICE_APPLY_PORT="$APPLY_PORT" SLUICE_BILLING_PORT="$BILLING_PORT" "$@"
}

# Fresh JVMs for every run: the heap figures then cover this run only, and the throughput includes
# the JIT warm-up a real task also pays. GC logs give the exact heap before and after every GC.
start_services() {
  stop_services
  mkdir -p "$BENCH_RUN_DIR/logs"
  rm -f "$BENCH_RUN_DIR"/logs/*-gc.log
  log "starting the benchmark's services on ports $CONTROL_PORT-$BILLING_PORT (run dir $BENCH_RUN_DIR)"
  bench_env SLUICE_SERVICE_JAVA_OPTS="-Xlog:gc:file=$BENCH_RUN_DIR/logs/%s-gc.log" "$REPO_ROOT/deploy/local/up.sh"
  grep -q . "$BENCH_RUN_DIR/logs/capture-gc.log" 2>/dev/null ||
    die "deploy/local/up.sh ignored SLUICE_SERVICE_JAVA_OPTS (no GC log): it needs the change described in bench/README.md"
}

# Our services only (down.sh reads their pids from our run dir); --keep-db: the databases are shared.
stop_services() {
  [[ -d $BENCH_RUN_DIR/pids ]] || return 0
  bench_env "$REPO_ROOT/deploy/local/down.sh" --keep-db
}

service_pid() { cat "$BENCH_RUN_DIR/pids/$1.pid"; }

# The CLI, talking to our control-service.
# up.sh generates the admin token into the run folder
sluice() { SLUICE_TOKEN=$(cat "$BENCH_RUN_DIR/admin.token") "$REPO_ROOT/bin/sluice" --server "127.0.0.1:$CONTROL_PORT" "$@"; }

# ---------------------------------------------------------------------------------------------
# The sysbench dataset
# ---------------------------------------------------------------------------------------------

sysbench_args() {
  printf '%s\n' --mysql-host="$SLUICE_MARIADB_HOST" --mysql-port="$SLUICE_MARIADB_PORT" --mysql-user=root \
    --mysql-db="$BENCH_DB" --tables="$BENCH_TABLES" --table-size="$BENCH_TABLE_SIZE"
}

# True when every sbtestN has exactly BENCH_TABLE_SIZE rows and no extra sbtest table exists
# (a different table count would make the figures incomparable).
dataset_loaded() {
  local n=0 i
  n=$(maria -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$BENCH_DB' AND table_name RLIKE '^sbtest[0-9]+\$'")
  ((n == BENCH_TABLES)) || return 1
  for ((i = 1; i <= BENCH_TABLES; i++)); do
    [[ $(maria "$BENCH_DB" -e "SELECT COUNT(*) FROM sbtest$i") == "$BENCH_TABLE_SIZE" ]] || return 1
  done
}

# Loads the dataset unless it is already there with the right size. The load is written to the
# binlog like any write: Sluice's tasks start after it, from the position they record.
ensure_dataset() {
  maria -e "CREATE DATABASE IF NOT EXISTS $BENCH_DB"
  if dataset_loaded; then
    log "dataset $BENCH_DB: $BENCH_TABLES x $BENCH_TABLE_SIZE rows already loaded"
    return
  fi
  log "loading dataset $BENCH_DB: $BENCH_TABLES tables x $BENCH_TABLE_SIZE rows (sysbench prepare)"
  local t
  for t in $(maria -e "SELECT table_name FROM information_schema.tables WHERE table_schema = '$BENCH_DB' AND table_name RLIKE '^sbtest[0-9]+\$'"); do
    maria "$BENCH_DB" -e "DROP TABLE $t"
  done
  local -a args
  mapfile -t args < <(sysbench_args)
  sysbench oltp_read_write "${args[@]}" --threads=2 prepare >"$BENCH_RUN_DIR/sysbench-prepare.log" 2>&1 ||
    die "sysbench prepare failed (log: $BENCH_RUN_DIR/sysbench-prepare.log)"
  dataset_loaded || die "sysbench prepare did not produce $BENCH_TABLES x $BENCH_TABLE_SIZE rows"
}

total_rows() { echo $((BENCH_TABLES * BENCH_TABLE_SIZE)); }

# ---------------------------------------------------------------------------------------------
# Tasks
# ---------------------------------------------------------------------------------------------

# Writes a task file and creates the task; prints its id. Earlier tasks of the same name (an
# interrupted run) are deleted first, so the script can always be run again.
#   create_task NAME TYPES_YAML OBJECTS_YAML
create_task() {
  local name=$1 types=$2 objects=$3 file=$BENCH_RUN_DIR/$1.yaml old out
  for old in $(sluice task list | awk -v n="$name" '$2 == n {print $1}'); do
    sluice task delete "$old" >&2 || true
  done
  cat >"$file" <<YAML
name: $name
environment: bench
source:      {host: $SLUICE_MARIADB_HOST, port: $SLUICE_MARIADB_PORT, user: $SLUICE_MARIADB_USER, passwordEnv: BENCH_MARIADB_PASSWORD}
destination: {host: $SLUICE_PG_HOST, port: $SLUICE_PG_PORT, database: $BENCH_PG_DB, user: $SLUICE_PG_USER, passwordEnv: BENCH_PG_PASSWORD}
types: $types
conflictingTables: report
# the largest class: its throughput ceiling (the default incremental throttle) is above what we measure
billing: {instanceClass: ${BENCH_INSTANCE_CLASS:-xlarge}}
objects:
$objects
YAML
  out=$(sluice task create -f "$file") || die "task create failed: $out"
  sed -n 's/^created task \([^ ]*\).*/\1/p' <<<"$out"
}

# Prechecks must pass: a benchmark of a task that would not be allowed to start means nothing.
precheck_task() {
  local id=$1 out
  out=$(sluice task precheck "$id" 2>&1) || die "precheck of task $id failed:
$out"
}

delete_task() {
  if [[ -n ${1:-} ]]; then sluice task delete "$1" >&2 || true; fi
}

# A value from `sluice task show ID --json` (a Task message as JSON), e.g. task_json ID status.rowsApplied
task_json() {
  sluice task show "$1" --json | python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v.get(k, "") if isinstance(v, dict) else ""
print(v)' "$2"
}

# ---------------------------------------------------------------------------------------------
# Heap of capture-service and apply-service
# ---------------------------------------------------------------------------------------------
# Two sources, both cheap: jstat samples every BENCH_HEAP_SAMPLE_S (heap used = survivors + eden +
# old), and the GC log, whose "Pause ... 300M->120M(512M)" lines give the heap right before each
# collection (the true peak, which sampling can miss) and what was live after it.

HEAP_MONITOR_PIDS=()

start_heap_monitor() {
  local s
  HEAP_MONITOR_PIDS=()
  for s in capture apply; do
    jstat -gc "$(service_pid "$s")" "$((BENCH_HEAP_SAMPLE_S * 1000))" >"$BENCH_RUN_DIR/$s-jstat.log" 2>&1 &
    HEAP_MONITOR_PIDS+=("$!")
    # Only the GC lines written from now on count.
    wc -l <"$BENCH_RUN_DIR/logs/$s-gc.log" >"$BENCH_RUN_DIR/$s-gc.offset"
  done
}

# Prints the figures: <prefix>_<service>_heap_peak_mb and _heap_live_max_mb.
stop_heap_monitor() {
  local prefix=$1 s pid
  for pid in "${HEAP_MONITOR_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  HEAP_MONITOR_PIDS=()
  for s in capture apply; do
    python3 "$BENCH_DIR/heap_peak.py" "$BENCH_RUN_DIR/$s-jstat.log" "$BENCH_RUN_DIR/logs/$s-gc.log" \
      "$(cat "$BENCH_RUN_DIR/$s-gc.offset")" "${prefix}${s}_heap"
  done
}

# Fails loudly if a service died or ran out of memory during the run (figures would be meaningless).
check_services_healthy() {
  local s
  for s in capture apply control; do
    curl -fsS -m 5 "http://127.0.0.1:$((BENCH_PORT_BASE + $(index_of "$s")))/q/health" >/dev/null 2>&1 ||
      die "$s-service is not healthy (log: $BENCH_RUN_DIR/logs/$s.log)"
    if grep -q 'OutOfMemoryError' "$BENCH_RUN_DIR/logs/$s.log"; then
      die "$s-service ran out of memory (log: $BENCH_RUN_DIR/logs/$s.log)"
    fi
  done
}

index_of() {
  case $1 in control) echo 0 ;; precheck) echo 1 ;; capture) echo 2 ;; apply) echo 3 ;; billing) echo 4 ;; esac
}

# ---------------------------------------------------------------------------------------------
# CPU used by each part (capture, apply, MariaDB, PostgreSQL): on 2 cores they compete, and this
# says which part a throughput figure is really made of.
# ---------------------------------------------------------------------------------------------

cpu_start() {
  python3 "$BENCH_DIR/cpu_usage.py" snapshot "$BENCH_RUN_DIR/cpu.json" \
    capture="$(service_pid capture)" apply="$(service_pid apply)" \
    mariadb="$(head -n1 "$(dirname "$SLUICE_MARIADB_DATADIR")/mariadb.pid")" \
    postgres="$(head -n1 "$SLUICE_PG_DATADIR/postmaster.pid")"
}

# cpu_stop PREFIX WALL_SECONDS: prints PREFIXcpu_seconds.
cpu_stop() { python3 "$BENCH_DIR/cpu_usage.py" delta "$BENCH_RUN_DIR/cpu.json" "$1" "$2"; }

# ---------------------------------------------------------------------------------------------
# Comparing a copy with its source: per sysbench table, the row count and an order-independent
# checksum of every value (XOR of the first 60 bits of each row's MD5), computed by each server.
# ---------------------------------------------------------------------------------------------

bench_tables() { seq -f 'sbtest%g' 1 "$BENCH_TABLES"; }

fingerprint_maria() {
  local t
  for t in $(bench_tables); do
    maria "$BENCH_DB" -e "SELECT '$t', COUNT(*), COALESCE(BIT_XOR(CAST(CONV(SUBSTR(MD5(CONCAT_WS('|', id, k, c, pad)), 1, 15), 16, 10) AS UNSIGNED)), 0) FROM $t"
  done | tr '\t' ' '
}

# fingerprint_pg DATABASE SCHEMA
fingerprint_pg() {
  local t
  for t in $(bench_tables); do
    # ::text: pgloader makes CHAR(n) columns character(n), whose text form keeps the blank padding
    # that MariaDB (and the cast to text) strips.
    pg "$1" -F ' ' -c "SELECT '$t', COUNT(*), COALESCE(bit_xor(('x' || substr(md5(concat_ws('|', id, k, c::text, pad::text)), 1, 15))::bit(60)::bigint), 0) FROM $2.$t"
  done
}
