#!/usr/bin/env bash
# Starts the local databases (db.sh) and the five Sluice services in the background, then waits
# until every service's /q/health is UP. Idempotent: what already runs is left alone.
#
# Authentication is on: the first run generates an admin token and the services' internal token into
# the run folder (admin.token, internal.token, mode 600) and a CLI config file (cli.yaml) that uses
# the admin token: `export SLUICE_TOKEN=$(cat .run/admin.token)` or `bin/sluice --config .run/cli.yaml`.
# SLUICE_AUTH_OPERATOR_TOKENS / SLUICE_AUTH_VIEWER_TOKENS in the environment add more users.
#
# Environment: SLUICE_RUN_DIR (default <repo>/.run: logs/, pids/, secrets.key, admin.token, internal.token),
#   SLUICE_CONTROL_PORT 9101, SLUICE_PRECHECK_PORT 9102, SLUICE_CAPTURE_PORT 9103,
#   SLUICE_APPLY_PORT 9104, SLUICE_BILLING_PORT 9105, SLUICE_SERVICE_HEAP (default 512m),
#   SLUICE_SERVICE_JAVA_OPTS (extra JVM options, e.g. GC logging; %s in it becomes the service name),
#   SLUICE_META_DB (default sluice_meta; created if missing: a second set of services needs its own,
#   or two control-services would both drive, and fail, each other's tasks),
#   and db.sh's SLUICE_MARIADB_PORT / SLUICE_PG_PORT / SLUICE_DATA_DIR.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run_dir=${SLUICE_RUN_DIR:-$root/.run}
services=(control precheck capture apply billing)
declare -A port=(
  [control]=${SLUICE_CONTROL_PORT:-9101} [precheck]=${SLUICE_PRECHECK_PORT:-9102}
  [capture]=${SLUICE_CAPTURE_PORT:-9103} [apply]=${SLUICE_APPLY_PORT:-9104}
  [billing]=${SLUICE_BILLING_PORT:-9105})

log() { printf 'up.sh: %s\n' "$*" >&2; }
die() { printf 'up.sh: ERROR: %s\n' "$*" >&2; exit 1; }

jar_of() { echo "$root/$1-service/target/quarkus-app/quarkus-run.jar"; }

# A pid counts as running only if the process exists and is not a zombie (PID 1 here does not reap).
alive() {
  local pid=$1 state
  [[ -r /proc/$pid/stat ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

healthy() { curl -fsS -m 2 "http://127.0.0.1:${port[$1]}/q/health" 2>/dev/null | grep '"status": *"UP"' >/dev/null; }

build_if_needed() {
  local s missing=0
  for s in "${services[@]}"; do [[ -f $(jar_of "$s") ]] || missing=1; done
  [[ -f $root/cli/target/sluice-cli.jar ]] || missing=1
  if ((missing)); then
    log "building (mvn install -DskipTests), first time only..."
    (cd "$root" && mvn -B -q install -DskipTests) >&2 || die "build failed"
  fi
}

# db.sh creates sluice_meta only; another metadata database is created here (sluice is a superuser).
ensure_meta_db() {
  [[ $SLUICE_META_DB == "$SLUICE_PG_META_DB" ]] && return 0
  [[ $SLUICE_META_DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "SLUICE_META_DB=$SLUICE_META_DB: use lower-case letters, digits and _"
  PGPASSWORD=$SLUICE_PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$SLUICE_PG_HOST" -p "$SLUICE_PG_PORT" -U "$SLUICE_PG_USER" -d postgres \
    >&2 <<SQL || die "could not create the metadata database $SLUICE_META_DB"
SELECT 'CREATE DATABASE $SLUICE_META_DB OWNER $SLUICE_PG_USER'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$SLUICE_META_DB') \gexec
SQL
}

secrets_key() {
  local f=$run_dir/secrets.key
  if [[ ! -s $f ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$f")
  fi
  cat "$f"
}

# A random token kept in the run folder (readable by its owner only), created once.
token_file() {
  local f=$run_dir/$1.token
  if [[ ! -s $f ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$f")
  fi
  cat "$f"
}

start_service() {
  local s=$1 pidfile=$run_dir/pids/$1.pid
  if [[ -f $pidfile ]] && alive "$(cat "$pidfile")"; then
    log "$s-service already running (pid $(cat "$pidfile"), port ${port[$s]})"
    return
  fi
  if curl -s -m 2 -o /dev/null "http://127.0.0.1:${port[$s]}/" 2>/dev/null; then
    die "port ${port[$s]} for $s-service is taken by another process; set SLUICE_${s^^}_PORT"
  fi
  log "starting $s-service on port ${port[$s]} (log: $run_dir/logs/$s.log)"
  local -a extra=()
  # shellcheck disable=SC2206 # word splitting of the options is intended
  [[ -n ${SLUICE_SERVICE_JAVA_OPTS:-} ]] && extra=(${SLUICE_SERVICE_JAVA_OPTS//%s/$s})
  # Output goes to the log file only: a caller reading our output through a pipe must not wait on the service.
  QUARKUS_HTTP_PORT=${port[$s]} \
    SLUICE_CONTROL_PORT=${port[control]} SLUICE_PRECHECK_PORT=${port[precheck]} SLUICE_CAPTURE_PORT=${port[capture]} \
    SLUICE_APPLY_PORT=${port[apply]} SLUICE_BILLING_PORT=${port[billing]} \
    nohup java -Xmx"${SLUICE_SERVICE_HEAP:-512m}" -Dfile.encoding=UTF-8 "${extra[@]}" -jar "$(jar_of "$s")" \
    >>"$run_dir/logs/$s.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

wait_healthy() {
  local s=$1 deadline=$((SECONDS + 120))
  until healthy "$s"; do
    if ! alive "$(cat "$run_dir/pids/$s.pid")"; then
      tail -n 40 "$run_dir/logs/$s.log" >&2 || true
      die "$s-service exited during start-up; its log is above ($run_dir/logs/$s.log)"
    fi
    ((SECONDS < deadline)) || die "$s-service did not report UP within 120 s (log: $run_dir/logs/$s.log)"
    sleep 0.5
  done
}

main() {
  mkdir -p "$run_dir/logs" "$run_dir/pids"
  "$root/deploy/local/db.sh" start
  eval "$("$root/deploy/local/db.sh" env)"
  export SLUICE_META_HOST=$SLUICE_PG_HOST SLUICE_META_PORT=$SLUICE_PG_PORT SLUICE_META_DB=${SLUICE_META_DB:-$SLUICE_PG_META_DB}
  export SLUICE_META_USER=$SLUICE_PG_USER SLUICE_META_PASSWORD=$SLUICE_PG_PASSWORD
  ensure_meta_db
  SLUICE_SECRETS_KEY=$(secrets_key)
  export SLUICE_SECRETS_KEY
  SLUICE_AUTH_ADMIN_TOKENS=$(token_file admin)
  SLUICE_AUTH_INTERNAL_TOKEN=$(token_file internal)
  export SLUICE_AUTH_ADMIN_TOKENS SLUICE_AUTH_INTERNAL_TOKEN
  (umask 077 && printf 'server: 127.0.0.1:%s\nbilling: 127.0.0.1:%s\ntoken: %s\n' "${port[control]}" "${port[billing]}" \
    "$SLUICE_AUTH_ADMIN_TOKENS" >"$run_dir/cli.yaml")
  build_if_needed
  local s
  for s in "${services[@]}"; do start_service "$s"; done
  for s in "${services[@]}"; do wait_healthy "$s"; done
  log "all services UP: control ${port[control]}, precheck ${port[precheck]}, capture ${port[capture]}, apply ${port[apply]}, billing ${port[billing]}"
  log "the API needs a token: export SLUICE_TOKEN=\$(cat $run_dir/admin.token), or bin/sluice --config $run_dir/cli.yaml"
}

main "$@"
