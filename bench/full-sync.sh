#!/usr/bin/env bash
# Full-sync benchmark (issue 4): on the local MariaDB/PostgreSQL, in one run,
#   (a) Sluice's full sync (schema + chunked COPY + secondary indexes) of a sysbench dataset,
#   (b) pgloader's migration of the same tables,
#   (c) raw PostgreSQL COPY FROM a file of the same rows (one stream, then one stream per table),
#   (d) the ratios, (e) the peak heap of capture-service and apply-service during (a).
# Prints one figure per line, `name: value unit`, on stdout; progress goes to stderr.
#
# Usage: bench/full-sync.sh            (env: see bench/lib.sh and below; bench/README.md)
#   BENCH_TASK_TIMEOUT_S=3600          how long Sluice may take
#   BENCH_RAW_COPY_PARALLEL=4          streams of the parallel raw COPY (Sluice copies 4 chunks at once)
#   BENCH_SKIP_PGLOADER=0              1: skip (b)
#   BENCH_KEEP_DATA=0                  1: keep the copies in PostgreSQL (databases bench_target, bench_pgloader)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_TASK_TIMEOUT_S=${BENCH_TASK_TIMEOUT_S:-3600}
BENCH_RAW_COPY_PARALLEL=${BENCH_RAW_COPY_PARALLEL:-${SLUICE_APPLY_PARALLEL_CHUNKS:-4}}
BENCH_SKIP_PGLOADER=${BENCH_SKIP_PGLOADER:-0}
BENCH_KEEP_DATA=${BENCH_KEEP_DATA:-0}
PGLOADER_DB=${BENCH_PGLOADER_DB:-bench_pgloader}
TASK_NAME=bench-full-sync
TASK_ID=""

cleanup() {
  local rc=$?
  ((${#HEAP_MONITOR_PIDS[@]})) && kill "${HEAP_MONITOR_PIDS[@]}" 2>/dev/null
  delete_task "$TASK_ID"
  if ((BENCH_KEEP_DATA == 0)); then
    pg postgres -c "DROP DATABASE IF EXISTS $PGLOADER_DB WITH (FORCE)" -c "DROP DATABASE IF EXISTS $BENCH_PG_DB WITH (FORCE)" 2>/dev/null || true
    rm -rf "$BENCH_RUN_DIR/data"
  fi
  ((BENCH_KEEP_SERVICES == 1)) || stop_services
  exit "$rc"
}

tables() { bench_tables; }

# The copy holds exactly the source's rows (bench/lib.sh: count and checksum of every value).
verify_copy() {
  local what=$1 db=$2 schema=$3
  [[ $(fingerprint_pg "$db" "$schema") == "$SOURCE_FINGERPRINT" ]] ||
    die "$what: PostgreSQL ($db, schema $schema) does not hold the same rows as MariaDB"
}

# Each measurement starts with no dirty buffers left over from the previous one.
pg_checkpoint() { pg postgres -c CHECKPOINT; }

# ---------------------------------------------------------------------------------------------
# (a) Sluice
# ---------------------------------------------------------------------------------------------
bench_sluice() {
  local objects t0 t1 rows secs copy_end_s index_s
  pg_recreate_db "$BENCH_PG_DB"
  objects="  - database: $BENCH_DB
    tables:"
  for t in $(tables); do objects+=$'\n'"      - name: $t"; done
  TASK_ID=$(create_task "$TASK_NAME" '{schema: true, full: true, incremental: false}' "$objects")
  precheck_task "$TASK_ID"
  pg_checkpoint
  log "(a) Sluice: task $TASK_ID, $(total_rows) rows"
  start_heap_monitor
  cpu_start
  t0=$(now_s)
  sluice task start "$TASK_ID" >&2
  sluice task wait "$TASK_ID" --phase "done" --timeout "$BENCH_TASK_TIMEOUT_S" >&2 || die "Sluice's task did not finish: $(sluice task show "$TASK_ID")"
  t1=$(now_s)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  cpu_stop sluice_ "$secs" >"$BENCH_RUN_DIR/cpu.figures" # now: the checks below use CPU too
  stop_heap_monitor "sluice_" >"$BENCH_RUN_DIR/heap.figures"
  check_services_healthy
  verify_copy Sluice "$BENCH_PG_DB" "$BENCH_DB"
  rows=$(total_rows)
  SLUICE_RPS=$(ratio "$rows" "$secs")
  # Where the time went: the chunks' commit times (in the destination) tell when the copy ended; the
  # rest is the secondary indexes and the final checkpoint.
  copy_end_s=$(pg "$BENCH_PG_DB" -c "SELECT extract(epoch FROM max(done_at)) FROM sluice.snapshot_chunk WHERE task_id = '$TASK_ID'")
  index_s=$(awk -v a="$copy_end_s" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  figure sluice_rows "$rows" rows
  figure sluice_seconds "$secs" s
  figure sluice_rows_per_s "$SLUICE_RPS" rows/s
  figure sluice_after_copy_seconds "$index_s" "s (secondary indexes, final checkpoint, task wait's polling; included above)"
  cat "$BENCH_RUN_DIR/heap.figures" "$BENCH_RUN_DIR/cpu.figures"
  delete_task "$TASK_ID"
  TASK_ID=""
}

# ---------------------------------------------------------------------------------------------
# (b) pgloader, with its defaults (creates tables, copies, builds indexes, resets sequences). Its
#     SBCL image has a fixed 1 GB heap, and with the default "prefetch rows = 100000" it runs out of
#     it on these tables ("Heap exhausted, game over", a known pgloader problem): then the run is
#     repeated with the usual workaround, BENCH_PGLOADER_FALLBACK (a smaller prefetch), and both are
#     reported.
# ---------------------------------------------------------------------------------------------
BENCH_PGLOADER_FALLBACK=${BENCH_PGLOADER_FALLBACK:-prefetch rows = 10000}

# run_pgloader LABEL [WITH-clause]: sets PGLOADER_SECS, or PGLOADER_FAILURE to the reason.
run_pgloader() {
  local label=$1 with=${2:-} load=$BENCH_RUN_DIR/pgloader-$1.load plog=$BENCH_RUN_DIR/pgloader-$1.log t0 t1 rc=0
  PGLOADER_SECS="" PGLOADER_FAILURE=""
  pg_recreate_db "$PGLOADER_DB"
  cat >"$load" <<PGLOADER
LOAD DATABASE
  FROM mysql://root@$SLUICE_MARIADB_HOST:$SLUICE_MARIADB_PORT/$BENCH_DB
  INTO postgresql://$SLUICE_PG_USER:$SLUICE_PG_PASSWORD@$SLUICE_PG_HOST:$SLUICE_PG_PORT/$PGLOADER_DB
  ${with:+WITH $with}
  INCLUDING ONLY TABLE NAMES MATCHING ~/^sbtest[0-9]+\$/;
PGLOADER
  pg_checkpoint
  log "(b) pgloader, $label${with:+ (WITH $with)} (log: $plog)"
  t0=$(now_s)
  # No stdin: when SBCL crashes it drops into its debugger, which would otherwise wait for input.
  pgloader "$load" >"$plog" 2>&1 </dev/null || rc=$?
  t1=$(now_s)
  if grep -q 'Heap exhausted' "$plog"; then
    PGLOADER_FAILURE="Heap exhausted, game over: SBCL's fixed 1 GB heap"
  elif ((rc != 0)); then
    PGLOADER_FAILURE="exit status $rc: $(grep -m1 -E 'FATAL|ERROR' "$plog" | cut -c1-160)"
  elif [[ $(fingerprint_pg "$PGLOADER_DB" "$BENCH_DB") != "$SOURCE_FINGERPRINT" ]]; then
    # pgloader can exit 0 after per-table errors: believe the rows, not the exit status.
    PGLOADER_FAILURE="the copy differs from the source; see $plog"
  else
    PGLOADER_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  fi
}

bench_pgloader() {
  if ((BENCH_SKIP_PGLOADER)); then
    figure pgloader_rows_per_s "skipped (BENCH_SKIP_PGLOADER=1)"
    return
  fi
  if ! command -v pgloader >/dev/null; then
    figure pgloader_rows_per_s "failed (pgloader is not installed: apt-get install pgloader)"
    return
  fi
  local settings="defaults"
  run_pgloader defaults
  if [[ $PGLOADER_FAILURE == Heap* && -n $BENCH_PGLOADER_FALLBACK ]]; then
    figure pgloader_defaults "failed ($PGLOADER_FAILURE)"
    settings="WITH $BENCH_PGLOADER_FALLBACK"
    run_pgloader fallback "$BENCH_PGLOADER_FALLBACK"
  fi
  if [[ -n $PGLOADER_FAILURE ]]; then
    figure pgloader_rows_per_s "failed ($PGLOADER_FAILURE)"
    return
  fi
  PGLOADER_RPS=$(ratio "$(total_rows)" "$PGLOADER_SECS")
  figure pgloader_seconds "$PGLOADER_SECS" s
  figure pgloader_rows_per_s "$PGLOADER_RPS" "rows/s ($settings)"
}

# ---------------------------------------------------------------------------------------------
# (c) raw COPY FROM files, into tables defined as Sluice defines them during its copy (columns,
#     types, defaults, identity, primary key; secondary indexes come after Sluice's copy too).
#     Only the COPYs are timed; the export is not.
# ---------------------------------------------------------------------------------------------
export_tsv() {
  local t
  rm -rf "$BENCH_RUN_DIR/data"
  mkdir -p "$BENCH_RUN_DIR/data"
  log "(c) exporting the rows to TSV files (SELECT ... INTO OUTFILE: tab-separated, \\N for NULL, backslash escapes = COPY's text format)"
  for t in $(tables); do
    maria "$BENCH_DB" -e "SELECT * FROM $t INTO OUTFILE '$BENCH_RUN_DIR/data/$t.tsv'"
  done
  cat "$BENCH_RUN_DIR"/data/*.tsv >/dev/null # into the page cache, as Sluice's source rows are in MariaDB's
}

create_raw_tables() {
  local t pk
  pg "$BENCH_PG_DB" -c "DROP SCHEMA IF EXISTS raw_copy CASCADE" -c "CREATE SCHEMA raw_copy"
  for t in $(tables); do
    pk=$(pg "$BENCH_PG_DB" -c "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '$BENCH_DB.$t'::regclass AND contype = 'p'")
    pg "$BENCH_PG_DB" -c "CREATE TABLE raw_copy.$t (LIKE $BENCH_DB.$t INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED)" \
      -c "ALTER TABLE raw_copy.$t ADD $pk"
  done
}

copy_one() { pg "$BENCH_PG_DB" -c "\\copy raw_copy.$1 FROM '$BENCH_RUN_DIR/data/$1.tsv'"; }
export -f copy_one pg
export BENCH_PG_DB BENCH_RUN_DIR SLUICE_PG_HOST SLUICE_PG_PORT SLUICE_PG_USER

bench_raw_copy() {
  local t t0 t1 secs
  export_tsv
  # One stream: the tables one after the other.
  create_raw_tables
  pg_checkpoint
  log "(c) raw COPY, one stream"
  cpu_start
  t0=$(now_s)
  for t in $(tables); do copy_one "$t"; done
  t1=$(now_s)
  cpu_stop raw_copy_ "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" >"$BENCH_RUN_DIR/raw-cpu.figures"
  verify_copy "raw COPY" "$BENCH_PG_DB" raw_copy
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  RAW_RPS=$(ratio "$(total_rows)" "$secs")
  figure raw_copy_seconds "$secs" s
  figure raw_copy_rows_per_s "$RAW_RPS" rows/s
  cat "$BENCH_RUN_DIR/raw-cpu.figures"
  # Several streams, one table each: what PostgreSQL takes at most on this machine.
  create_raw_tables
  pg_checkpoint
  log "(c) raw COPY, $BENCH_RAW_COPY_PARALLEL streams"
  t0=$(now_s)
  # shellcheck disable=SC2016 # $1 is the inner bash's
  tables | xargs -P "$BENCH_RAW_COPY_PARALLEL" -I{} bash -c 'copy_one "$1"' _ {}
  t1=$(now_s)
  verify_copy "parallel raw COPY" "$BENCH_PG_DB" raw_copy
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  RAW_PAR_RPS=$(ratio "$(total_rows)" "$secs")
  figure raw_copy_parallel_seconds "$secs" s
  figure raw_copy_parallel_rows_per_s "$RAW_PAR_RPS" "rows/s ($BENCH_RAW_COPY_PARALLEL streams)"
  pg "$BENCH_PG_DB" -c "DROP SCHEMA raw_copy CASCADE"
}

main() {
  mkdir -p "$BENCH_RUN_DIR"
  trap cleanup EXIT
  ensure_dataset
  start_services
  SOURCE_FINGERPRINT=$(fingerprint_maria)
  SLUICE_RPS="" PGLOADER_RPS="" RAW_RPS="" RAW_PAR_RPS=""
  figure machine "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), service heap -Xmx${SLUICE_SERVICE_HEAP:-512m}"
  figure dataset "$BENCH_TABLES x $BENCH_TABLE_SIZE rows (sysbench)"
  figure load_average_before "$(cut -d' ' -f1-3 /proc/loadavg)" "(other work on this machine skews every figure)"
  bench_sluice
  bench_pgloader
  bench_raw_copy
  figure sluice_vs_pgloader "$( [[ -n $PGLOADER_RPS ]] && ratio "$SLUICE_RPS" "$PGLOADER_RPS" 2 || echo n/a)" "x (target >= 2)"
  figure sluice_vs_raw_copy "$(ratio "$SLUICE_RPS" "$RAW_RPS" 2)" "x (target >= 0.7)"
  figure sluice_vs_raw_copy_parallel "$(ratio "$SLUICE_RPS" "$RAW_PAR_RPS" 2)" x
  figure load_average_after "$(cut -d' ' -f1-3 /proc/loadavg)"
}

main "$@"
