#!/usr/bin/env bash
# ETL benchmark (issue 9): in one run, Sluice's full sync of the sysbench tables
#   (a) as they are, and
#   (b) with, on every table, a filter and two `set` expressions (ETL, evaluated in capture-service),
# alternating a b b a (BENCH_ETL_ROUNDS=2 pairs) so that the JIT warm-up and the page cache favour
# neither. rows/s counts the source rows read (the filtered-out rows are read and evaluated too).
# Prints one figure per line, `name: value unit`, on stdout; progress goes to stderr.
#
# Usage: bench/etl.sh                 (env: see bench/lib.sh and below; bench/README.md)
#   BENCH_ETL_ROUNDS=2                pairs of runs (a b, then b a, ...)
#   BENCH_TASK_TIMEOUT_S=3600         how long one task may take
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_ETL_ROUNDS=${BENCH_ETL_ROUNDS:-2}
BENCH_TASK_TIMEOUT_S=${BENCH_TASK_TIMEOUT_S:-3600}
TASK_ID=""

# The ETL of every table: drops the rows whose k ends in 0 (about 10 %), doubles k, adds a column.
ETL_FILTER='row.k % 10 != 0'
ETL_YAML='        etl:
          filter: "row.k % 10 != 0"
          set:
            k: "row.k * 2"
            pad_len: {expr: "size(row.pad)", type: bigint}'

cleanup() {
  local rc=$?
  delete_task "$TASK_ID"
  pg postgres -c "DROP DATABASE IF EXISTS $BENCH_PG_DB WITH (FORCE)" 2>/dev/null || true
  ((BENCH_KEEP_SERVICES == 1)) || stop_services
  exit "$rc"
}

# What the ETL copy must hold, computed by MariaDB from the source rows on its own.
expected_etl_fingerprint() {
  local t
  for t in $(bench_tables); do
    maria "$BENCH_DB" -e "SELECT '$t', COUNT(*), COALESCE(BIT_XOR(CAST(CONV(SUBSTR(MD5(CONCAT_WS('|', id, k * 2, c, pad, CHAR_LENGTH(pad))), 1, 15), 16, 10) AS UNSIGNED)), 0) FROM $t WHERE k % 10 <> 0"
  done | tr '\t' ' '
}

etl_fingerprint_pg() {
  local t
  for t in $(bench_tables); do
    pg "$BENCH_PG_DB" -F ' ' -c "SELECT '$t', COUNT(*), COALESCE(bit_xor(('x' || substr(md5(concat_ws('|', id, k, c::text, pad::text, pad_len)), 1, 15))::bit(60)::bigint), 0) FROM $BENCH_DB.$t"
  done
}

# run_task plain|etl: one full sync into a fresh database; prints its rows/s.
run_task() {
  local kind=$1 objects t t0 t1 secs
  pg_recreate_db "$BENCH_PG_DB"
  objects="  - database: $BENCH_DB
    tables:"
  for t in $(bench_tables); do
    objects+=$'\n'"      - name: $t"
    [[ $kind == etl ]] && objects+=$'\n'"$ETL_YAML"
  done
  TASK_ID=$(create_task "bench-etl-$kind" '{schema: true, full: true, incremental: false}' "$objects")
  precheck_task "$TASK_ID"
  pg postgres -c CHECKPOINT
  log "($kind) task $TASK_ID, $(total_rows) source rows"
  t0=$(now_s)
  sluice task start "$TASK_ID" >&2
  sluice task wait "$TASK_ID" --phase "done" --timeout "$BENCH_TASK_TIMEOUT_S" >&2 || die "the $kind task did not finish: $(sluice task show "$TASK_ID")"
  t1=$(now_s)
  check_services_healthy
  if [[ $kind == etl ]]; then
    [[ $(etl_fingerprint_pg) == "$EXPECTED_ETL" ]] || die "the ETL copy differs from what the expressions say (MariaDB's own computation)"
  else
    [[ $(fingerprint_pg "$BENCH_PG_DB" "$BENCH_DB") == "$SOURCE_FINGERPRINT" ]] || die "the copy differs from the source"
  fi
  delete_task "$TASK_ID"
  TASK_ID=""
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  log "($kind) $secs s"
  ratio "$(total_rows)" "$secs"
}

main() {
  mkdir -p "$BENCH_RUN_DIR"
  trap cleanup EXIT
  ensure_dataset
  start_services
  SOURCE_FINGERPRINT=$(fingerprint_maria)
  EXPECTED_ETL=$(expected_etl_fingerprint)
  figure machine "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), service heap -Xmx${SLUICE_SERVICE_HEAP:-512m}"
  figure dataset "$BENCH_TABLES x $BENCH_TABLE_SIZE rows (sysbench)"
  figure etl "filter \"$ETL_FILTER\", set k = row.k * 2, set pad_len = size(row.pad)"
  figure load_average_before "$(cut -d' ' -f1-3 /proc/loadavg)" "(other work on this machine skews every figure)"
  local plain=() etl=() round order kind rps
  for ((round = 1; round <= BENCH_ETL_ROUNDS; round++)); do
    order="plain etl"
    ((round % 2 == 0)) && order="etl plain"
    for kind in $order; do
      rps=$(run_task "$kind")
      figure "round${round}_${kind}_rows_per_s" "$rps" rows/s
      if [[ $kind == etl ]]; then etl+=("$rps"); else plain+=("$rps"); fi
    done
  done
  local plain_mean etl_mean
  plain_mean=$(printf '%s\n' "${plain[@]}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
  etl_mean=$(printf '%s\n' "${etl[@]}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
  figure plain_rows_per_s "$plain_mean" "rows/s (mean of $BENCH_ETL_ROUNDS)"
  figure etl_rows_per_s "$etl_mean" "rows/s (mean of $BENCH_ETL_ROUNDS)"
  figure etl_slowdown "$(awk -v p="$plain_mean" -v e="$etl_mean" 'BEGIN { printf "%.1f", (1 - e / p) * 100 }')" "% (target <= 15)"
  figure load_average_after "$(cut -d' ' -f1-3 /proc/loadavg)"
}

main "$@"
