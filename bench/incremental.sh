#!/usr/bin/env bash
# Incremental-sync benchmark (issue 5): on the local MariaDB/PostgreSQL, in one run,
#   (1) catch-up rate: with the task paused, >= BENCH_CATCHUP_ROWS row changes are written to the
#       sysbench tables; the task is resumed and timed until PostgreSQL has caught up. Twice:
#       "small" = sysbench oltp_write_only transactions (about 4 rows each: 2 updates, a delete,
#       an insert), "bulk" = 5,000-10,000-row UPDATE / DELETE / INSERT statements;
#   (2) lag p50/p99 while sysbench oltp_write_only runs against the source for BENCH_LAG_SECONDS,
#       measured from outside (bench/LagProbe.java: a heartbeat row updated every 100 ms, its
#       arrival in PostgreSQL timed on one clock) and as Sluice reports it (gauge sluice_lag_ms);
#   (3) the peak heap of capture-service and apply-service over (1) and (2).
# Then it checks that PostgreSQL equals MariaDB (row counts and SUM(k) per table).
# Prints one figure per line, `name: value unit`, on stdout; progress goes to stderr.
#
# Usage: bench/incremental.sh          (env: see bench/lib.sh and below; bench/README.md)
#   BENCH_CATCHUP_ROWS=1000000         row changes generated for each catch-up run
#   BENCH_CATCHUP_MODES="small bulk"   which catch-up runs, in order
#   BENCH_LAG_SECONDS=60               length of the lag measurement
#   BENCH_LAG_THREADS=4                sysbench threads during the lag measurement (unthrottled)
#   BENCH_LAG_RATE=0                   sysbench --rate (transactions/s) during it; 0 = as fast as it goes
#   BENCH_KEEP_DATA=0                  1: keep the copy in PostgreSQL (database bench_target)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_CATCHUP_ROWS=${BENCH_CATCHUP_ROWS:-1000000}
BENCH_CATCHUP_MODES=${BENCH_CATCHUP_MODES:-small bulk}
BENCH_LAG_SECONDS=${BENCH_LAG_SECONDS:-60}
BENCH_LAG_THREADS=${BENCH_LAG_THREADS:-4}
BENCH_LAG_RATE=${BENCH_LAG_RATE:-0}
BENCH_KEEP_DATA=${BENCH_KEEP_DATA:-0}
TASK_NAME=bench-incremental
TASK_ID=""
CLASSES=$BENCH_RUN_DIR/classes

cleanup() {
  local rc=$?
  ((${#HEAP_MONITOR_PIDS[@]})) && kill "${HEAP_MONITOR_PIDS[@]}" 2>/dev/null
  jobs -p | xargs -r kill 2>/dev/null || true
  delete_task "$TASK_ID"
  if ((BENCH_KEEP_DATA == 0)); then
    pg postgres -c "DROP DATABASE IF EXISTS $BENCH_PG_DB WITH (FORCE)" 2>/dev/null || true
  fi
  ((BENCH_KEEP_SERVICES == 1)) || stop_services
  exit "$rc"
}

tables() { bench_tables; }

# ---------------------------------------------------------------------------------------------
# The heartbeat: one row whose seq only grows. Seeing seq N in PostgreSQL means every source
# transaction before it is applied too (the binlog is applied in order).
# ---------------------------------------------------------------------------------------------
HB_SEQ=0

create_heartbeat() {
  maria "$BENCH_DB" -e "CREATE TABLE IF NOT EXISTS heartbeat (id INT PRIMARY KEY, seq BIGINT NOT NULL, ts DATETIME(6) NOT NULL)"
  HB_SEQ=$(maria "$BENCH_DB" -e "SELECT COALESCE(MAX(seq), 0) FROM heartbeat")
  maria "$BENCH_DB" -e "REPLACE INTO heartbeat VALUES (1, $HB_SEQ, NOW(6))"
}

# A source transaction after everything generated so far; prints its seq.
heartbeat_mark() {
  HB_SEQ=$(($(maria "$BENCH_DB" -e "SELECT seq FROM heartbeat WHERE id = 1") + 1))
  maria "$BENCH_DB" -e "UPDATE heartbeat SET seq = $HB_SEQ, ts = NOW(6) WHERE id = 1"
}

compile_probe() {
  local pgjar mariajar
  pgjar=$(ls "$REPO_ROOT"/apply-service/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n1)
  mariajar=$(ls "$REPO_ROOT"/capture-service/target/quarkus-app/lib/main/org.mariadb.jdbc.mariadb-java-client-*.jar | head -n1)
  PROBE_CP="$CLASSES:$pgjar:$mariajar"
  mkdir -p "$CLASSES"
  javac -d "$CLASSES" -cp "$PROBE_CP" "$BENCH_DIR/LagProbe.java"
}

probe() {
  java -cp "$PROBE_CP" LagProbe "$1" \
    --maria "jdbc:mariadb://$SLUICE_MARIADB_HOST:$SLUICE_MARIADB_PORT/$BENCH_DB?user=root" \
    --pg "jdbc:postgresql://$SLUICE_PG_HOST:$SLUICE_PG_PORT/$BENCH_PG_DB?user=$SLUICE_PG_USER&password=$SLUICE_PG_PASSWORD" \
    --pg-table "$BENCH_DB.heartbeat" "${@:2}"
}

# Row changes Sluice has committed for the task so far (its counter sluice_rows_total, op=change).
rows_applied() {
  curl -fsS "http://127.0.0.1:$APPLY_PORT/q/metrics" |
    awk -v t="task=\"$TASK_ID\"" 'index($0, "sluice_rows_total{") == 1 && index($0, t) && index($0, "op=\"change\"") { s += $NF } END { printf "%.0f\n", s }'
}

# ---------------------------------------------------------------------------------------------
# Workloads
# ---------------------------------------------------------------------------------------------
sysbench_run() {
  local -a args
  mapfile -t args < <(sysbench_args)
  sysbench oltp_write_only "${args[@]}" --rand-type=uniform "$@" run
}

# About 4 row events per transaction: an indexed update, a non-indexed update, a delete and an insert.
generate_small() {
  local events=$((BENCH_CATCHUP_ROWS / 4 + 1))
  sysbench_run --threads=8 --time=0 --events="$events" >"$BENCH_RUN_DIR/sysbench-catchup.log" 2>&1 ||
    die "sysbench failed (log: $BENCH_RUN_DIR/sysbench-catchup.log)"
}

# Rounds of, per table: UPDATE 10,000 rows, DELETE 5,000, INSERT them back (20,000 row events),
# each statement its own transaction. Table sizes stay as they are.
generate_bulk() {
  local per_round=$((20000 * BENCH_TABLES)) rounds r t lo hi
  rounds=$(((BENCH_CATCHUP_ROWS + per_round - 1) / per_round))
  {
    for ((r = 0; r < rounds; r++)); do
      for ((t = 1; t <= BENCH_TABLES; t++)); do
        lo=$(((r * 20000) % (BENCH_TABLE_SIZE - 20000 + 1) + 1))
        hi=$((lo + 9999))
        echo "UPDATE sbtest$t SET k = k + 1, c = RPAD(CONCAT(id, '-r$r'), 119, '#') WHERE id BETWEEN $lo AND $hi;"
        echo "DELETE FROM sbtest$t WHERE id BETWEEN $((hi + 1)) AND $((hi + 5000));"
        echo "INSERT INTO sbtest$t (id, k, c, pad) SELECT seq, seq MOD 1000000, RPAD(CONCAT(seq, '-bulk$r'), 119, '@'), RPAD(seq, 59, '%') FROM seq_$((hi + 1))_to_$((hi + 5000));"
      done
    done
  } | maria "$BENCH_DB"
}

# ---------------------------------------------------------------------------------------------
# (1) catch-up
# ---------------------------------------------------------------------------------------------
catchup() {
  local mode=$1 before after events t0 t1 secs seq awaiter
  log "(1) catch-up, $mode transactions: pausing task $TASK_ID, generating ~$BENCH_CATCHUP_ROWS row changes"
  sluice task pause "$TASK_ID" >&2
  before=$(rows_applied)
  "generate_$mode"
  heartbeat_mark
  seq=$HB_SEQ
  # The waiter is connected and polling before the task resumes: only Sluice is timed.
  probe await --seq "$seq" --timeout-s 3600 >"$BENCH_RUN_DIR/await.out" 2>"$BENCH_RUN_DIR/await.err" &
  awaiter=$!
  until grep -q ready "$BENCH_RUN_DIR/await.err" 2>/dev/null; do
    kill -0 "$awaiter" 2>/dev/null || die "LagProbe await failed: $(cat "$BENCH_RUN_DIR/await.err")"
    sleep 0.1
  done
  cpu_start
  log "(1) resuming"
  t0=$(date +%s%3N)
  sluice task resume "$TASK_ID" >&2
  wait "$awaiter" || die "task $TASK_ID did not catch up: $(sluice task show "$TASK_ID")"
  t1=$(cat "$BENCH_RUN_DIR/await.out")
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
  sleep 1 # the counter is bumped right after the commit that made the heartbeat visible
  after=$(rows_applied)
  events=$((after - before))
  figure "catchup_${mode}_row_events" "$events" "rows (incl. the heartbeat)"
  figure "catchup_${mode}_seconds" "$secs" s
  figure "catchup_${mode}_rows_per_s" "$(ratio "$events" "$secs")" "rows/s (target >= 50000)"
  cpu_stop "catchup_${mode}_" "$secs"
}

# ---------------------------------------------------------------------------------------------
# (2) lag under load
# ---------------------------------------------------------------------------------------------
lag_under_load() {
  local before after sb tps
  log "(2) lag: sysbench oltp_write_only for ${BENCH_LAG_SECONDS}s ($BENCH_LAG_THREADS threads, rate ${BENCH_LAG_RATE:-0}), heartbeat every 100 ms"
  before=$(rows_applied)
  cpu_start
  sysbench_run --threads="$BENCH_LAG_THREADS" --time="$BENCH_LAG_SECONDS" --rate="$BENCH_LAG_RATE" \
    >"$BENCH_RUN_DIR/sysbench-lag.log" 2>&1 &
  sb=$!
  probe lag --seconds "$BENCH_LAG_SECONDS" --interval-ms 100 --task "$TASK_ID" \
    --meta "jdbc:postgresql://$SLUICE_PG_HOST:$SLUICE_PG_PORT/$BENCH_META_DB?user=$SLUICE_PG_USER&password=$SLUICE_PG_PASSWORD" \
    --metrics "http://127.0.0.1:$APPLY_PORT/q/metrics" || log "some heartbeats were not applied within 30 s"
  wait "$sb" || die "sysbench failed (log: $BENCH_RUN_DIR/sysbench-lag.log)"
  cpu_stop "lag_" "$BENCH_LAG_SECONDS"
  after=$(rows_applied)
  tps=$(awk '/transactions:/ { gsub(/\(/, "", $3); print $3 }' "$BENCH_RUN_DIR/sysbench-lag.log")
  figure lag_source_tps "$tps" "transactions/s (sysbench oltp_write_only)"
  figure lag_applied_rows_per_s "$(ratio "$((after - before))" "$BENCH_LAG_SECONDS")" "rows/s (applied during the run)"
}

main() {
  local objects t
  mkdir -p "$BENCH_RUN_DIR"
  trap cleanup EXIT
  ensure_dataset
  create_heartbeat
  start_services
  compile_probe
  figure machine "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), service heap -Xmx${SLUICE_SERVICE_HEAP:-512m}"
  figure dataset "$BENCH_TABLES x $BENCH_TABLE_SIZE rows (sysbench)"
  figure load_average_before "$(cut -d' ' -f1-3 /proc/loadavg)" "(other work on this machine skews every figure)"

  # The task: schema + full copy first (not measured here: bench/full-sync.sh does), then incremental.
  pg_recreate_db "$BENCH_PG_DB"
  objects="  - database: $BENCH_DB
    tables:
      - name: heartbeat"
  for t in $(tables); do objects+=$'\n'"      - name: $t"; done
  TASK_ID=$(create_task "$TASK_NAME" '{schema: true, full: true, incremental: true}' "$objects")
  precheck_task "$TASK_ID"
  log "task $TASK_ID: full copy, then incremental"
  sluice task start "$TASK_ID" >&2
  sluice task wait "$TASK_ID" --phase incremental --lag-below-ms 1000 --timeout 3600 >&2 ||
    die "task $TASK_ID did not reach the incremental phase"

  start_heap_monitor
  for mode in $BENCH_CATCHUP_MODES; do catchup "$mode"; done
  lag_under_load
  stop_heap_monitor "incremental_"
  check_services_healthy

  # The end state: everything written is applied, and both sides hold the same rows.
  heartbeat_mark
  probe await --seq "$HB_SEQ" --timeout-s 600 >/dev/null 2>&1 || die "task $TASK_ID did not catch up at the end"
  fingerprint_maria >"$BENCH_RUN_DIR/fingerprint-mariadb.txt"
  fingerprint_pg "$BENCH_PG_DB" "$BENCH_DB" >"$BENCH_RUN_DIR/fingerprint-postgres.txt"
  if cmp -s "$BENCH_RUN_DIR/fingerprint-mariadb.txt" "$BENCH_RUN_DIR/fingerprint-postgres.txt"; then
    figure end_state_equal yes "(row count and checksum of every value, every table)"
  else
    figure end_state_equal NO "(see $BENCH_RUN_DIR/fingerprint-*.txt)"
  fi
  figure load_average_after "$(cut -d' ' -f1-3 /proc/loadavg)"
}

main "$@"
