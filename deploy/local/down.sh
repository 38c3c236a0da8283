#!/usr/bin/env bash
# Stops the services that up.sh started, then the local databases (unless --keep-db).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run_dir=${SLUICE_RUN_DIR:-$root/.run}
keep_db=0
[[ ${1:-} == --keep-db ]] && keep_db=1

alive() {
  local pid=$1 state
  [[ -r /proc/$pid/stat ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

for s in control precheck capture apply billing; do
  pidfile=$run_dir/pids/$s.pid
  [[ -f $pidfile ]] || continue
  pid=$(cat "$pidfile")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    echo "down.sh: stopped $s-service (pid $pid)" >&2
  fi
  rm -f "$pidfile"
done
if ((keep_db == 0)); then
  "$root/deploy/local/db.sh" stop
fi
