#!/usr/bin/env bash
# Private MariaDB + PostgreSQL for Sluice development, tests and CI.
#
# Usage: deploy/local/db.sh start|stop|status|env
#
# Runs both servers from Debian's packages as plain background processes (no Docker, no
# systemd), each with its own port and data folder, so that several configurations (and a
# system MariaDB/PostgreSQL on 3306/5432) can coexist. The script only ever touches the
# processes it started itself, recognised by their pid file, their data dir on the command
# line and a live, non-zombie process.
#
# Configuration (environment, with defaults):
#   SLUICE_MARIADB_PORT  13306               MariaDB TCP port (bound to 127.0.0.1 only)
#   SLUICE_PG_PORT       15432               PostgreSQL TCP port (bound to 127.0.0.1 only)
#   SLUICE_DATA_DIR      /tmp/sluice-local   parent of mariadb-<port>/ and postgres-<port>/
#   SLUICE_DB_TLS_DIR    (unset)             folder with ca.pem, server-cert.pem, server-key.pem:
#                                            both servers also accept TLS with these (clients may
#                                            still connect without TLS). Applies when a server
#                                            starts; a running server with other (or no)
#                                            certificates is an error: stop it first.
#
# Accounts: MariaDB sluice/sluice (ALL ON *.* WITH GRANT OPTION) and root with an empty
# password; PostgreSQL sluice/sluice (superuser) and postgres/postgres, databases
# sluice_meta and target owned by sluice.
set -euo pipefail

# mariadbd and friends live in /usr/sbin, which is not on every PATH.
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

readonly PROG="${0##*/}" # prefix of messages
readonly SELF="$0"        # how the caller invoked us, for the usage text
readonly START_TIMEOUT=60 # seconds to wait for a server to accept connections / to stop

readonly MARIADB_PORT="${SLUICE_MARIADB_PORT:-13306}"
readonly PG_PORT="${SLUICE_PG_PORT:-15432}"
DATA_DIR_INPUT="${SLUICE_DATA_DIR:-/tmp/sluice-local}"
readonly TLS_DIR="${SLUICE_DB_TLS_DIR:-}"
readonly TLS_FILES=(ca.pem server-cert.pem server-key.pem)

usage() {
  cat <<USAGE
Usage: $SELF start|stop|status|env

  start   start the private MariaDB and PostgreSQL unless already running, and wait
          until both accept connections
  stop    stop them (only instances started by this script; no-op when stopped)
  status  one line per server; exit 0 if both are running, 3 otherwise
  env     print export lines for callers: eval "\$($SELF env)"

Environment: SLUICE_MARIADB_PORT (default 13306), SLUICE_PG_PORT (default 15432),
             SLUICE_DATA_DIR (default /tmp/sluice-local; the postgres OS user must be
             able to reach it), SLUICE_DB_TLS_DIR (unset: no TLS; else a folder with
             ca.pem, server-cert.pem and server-key.pem that both servers offer TLS with)
USAGE
}

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() {
  printf '%s: ERROR: %s\n' "$PROG" "$*" >&2
  exit 1
}

# die, showing the end of a server log: the real reason is almost always in there.
die_with_log() {
  local logfile=$1
  shift
  printf '%s: ERROR: %s\n' "$PROG" "$*" >&2
  if [[ -r $logfile ]]; then
    printf '%s: --- last lines of %s ---\n' "$PROG" "$logfile" >&2
    tail -n 30 "$logfile" >&2 || true
  fi
  exit 1
}

# ---------------------------------------------------------------------------------------
# Configuration checks and paths
# ---------------------------------------------------------------------------------------

check_port() {
  local var=$1 value=$2
  if ! [[ $value =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
    die "$var=$value is not a valid TCP port"
  fi
}
check_port SLUICE_MARIADB_PORT "$MARIADB_PORT"
check_port SLUICE_PG_PORT "$PG_PORT"

# Absolute path (it ends up in pid files and command lines we compare against). Only plain
# characters: the PostgreSQL options go through pg_ctl's shell, and -k splits on commas.
DATA_DIR=$(realpath -m -- "$DATA_DIR_INPUT")
if ! [[ $DATA_DIR =~ ^/[A-Za-z0-9._/+@-]*$ ]]; then
  die "SLUICE_DATA_DIR=$DATA_DIR_INPUT: use a path made of letters, digits and ._/+@- only"
fi
readonly DATA_DIR

# One folder per port, so that two configurations can run side by side.
readonly MDB_DIR="$DATA_DIR/mariadb-$MARIADB_PORT"
readonly MDB_DATA="$MDB_DIR/data" # also holds the binlogs (mysql-bin.*)
readonly MDB_SOCKET="$MDB_DIR/mariadb.sock"
readonly MDB_PIDFILE="$MDB_DIR/mariadb.pid"
readonly MDB_LOG="$MDB_DIR/mariadb.log"
readonly MDB_MARKER="$MDB_DIR/.initialized" # written only after a complete init

readonly PG_DIR="$DATA_DIR/postgres-$PG_PORT" # owned by the postgres OS user
readonly PG_DATA="$PG_DIR/data"
readonly PG_SOCKDIR="$PG_DIR/run"
readonly PG_LOG="$PG_DIR/postgres.log"
readonly PG_MARKER="$PG_DIR/.initialized"
readonly MDB_TLS="$MDB_DIR/tls" # copies of the SLUICE_DB_TLS_DIR files the server was started with
readonly PG_TLS="$PG_DIR/tls"   # the same, owned by postgres (it refuses a key others can read)

# ---------------------------------------------------------------------------------------
# Process helpers
# ---------------------------------------------------------------------------------------

# True if PID is a live process. PID 1 on our machines does not reap orphans, so a dead
# server can linger as a zombie for which `kill -0` still succeeds: look at its state.
pid_alive() {
  local pid=$1 stat state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  state=${stat##*) } # the command name in (...) may contain spaces
  state=${state%% *}
  [[ $state != Z && $state != X ]]
}

# True if one argument on PID's command line equals ARG exactly (guards against pid reuse).
pid_has_arg() {
  local pid=$1 wanted=$2 arg
  local -a args=()
  mapfile -d '' -t args <"/proc/$pid/cmdline" 2>/dev/null || return 1
  for arg in "${args[@]}"; do
    [[ $arg == "$wanted" ]] && return 0
  done
  return 1
}

# Wait until PID is gone (or a zombie); false on timeout.
wait_gone() {
  local pid=$1 timeout=$2
  local deadline=$((SECONDS + timeout))
  while pid_alive "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# True if something accepts TCP connections on 127.0.0.1:PORT. A hanging connect (full
# backlog) also counts as taken.
port_in_use() {
  local port=$1 rc=0
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash, on purpose
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$port" 2>/dev/null || rc=$?
  ((rc == 0 || rc == 124))
}

ensure_port_free() {
  local port=$1 var=$2 owner=""
  port_in_use "$port" || return 0
  if command -v ss >/dev/null; then
    owner=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n 1 || true)
  fi
  die "port $port on 127.0.0.1 is already in use by a process this script did not start${owner:+ ($owner)}; set $var to a free port"
}

# Unix socket paths are limited to 107 bytes; fail early with a useful hint.
check_socket_path() {
  local path=$1
  if ((${#path} > 107)); then
    die "socket path $path is too long for a Unix socket; set SLUICE_DATA_DIR to a shorter folder"
  fi
}

# Run a command as the postgres OS user (initdb refuses root). cd / first: the caller's
# folder (e.g. a CI clone in /root) may not be readable by postgres.
as_postgres() {
  (cd / && runuser -u postgres -- "$@")
}

# ---------------------------------------------------------------------------------------
# Installation and shared folders
# ---------------------------------------------------------------------------------------

# Newest /usr/lib/postgresql/<ver>/bin that has initdb and pg_ctl (Debian keeps them off PATH).
# An existing data dir pins the version that created it.
pg_bin() {
  local dir ver=""
  if [[ -r $PG_DATA/PG_VERSION ]]; then
    ver=$(<"$PG_DATA/PG_VERSION")
    dir="/usr/lib/postgresql/$ver/bin"
    if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  fi
  dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | while read -r d; do
    [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && printf '%s\n' "$d"
  done | tail -n 1)
  [[ -n $dir ]] || return 1
  if [[ -n $ver ]]; then
    die "$PG_DATA was created by PostgreSQL $ver, which is not installed (found $dir); remove $PG_DIR or install postgresql-$ver"
  fi
  printf '%s\n' "$dir"
}

have_packages() {
  local cmd
  for cmd in mariadbd mariadb-install-db mariadb mariadb-admin runuser setsid flock; do
    command -v "$cmd" >/dev/null || return 1
  done
  pg_bin >/dev/null && id postgres >/dev/null 2>&1
}

# Fresh CI machines may lack the servers. Installing starts no service on our machines.
ensure_packages() {
  have_packages && return 0
  log "MariaDB/PostgreSQL binaries missing: installing mariadb-server and postgresql"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server postgresql; } >&2 ||
    die "apt-get install of mariadb-server postgresql failed"
  have_packages || die "mariadb-server/postgresql installed, but mariadbd, mariadb-install-db or /usr/lib/postgresql/*/bin/{initdb,pg_ctl} still missing"
}

# The data dir must be reachable by the postgres OS user (CI may clone into /root, which
# it cannot enter: that is why the default lives in /tmp).
prepare_data_dir() {
  if [[ ! -d $DATA_DIR ]]; then
    mkdir -p "$DATA_DIR"
    chmod 0755 "$DATA_DIR" # explicit: a CI umask of 077 would lock postgres out
  fi
  as_postgres test -x "$DATA_DIR" ||
    die "the postgres OS user cannot enter $DATA_DIR (or one of its parents); set SLUICE_DATA_DIR to a folder it can reach, e.g. under /tmp"
}

# Serialise concurrent start/stop calls (e.g. parallel test modules) on the same data dir.
# The lock is fd 9; servers we launch must not inherit it (they would hold it forever).
take_lock() {
  exec 9>"$DATA_DIR/.db.sh.lock"
  flock -w $((START_TIMEOUT * 3)) 9 || die "another $PROG start/stop on $DATA_DIR did not finish in time"
}

# ---------------------------------------------------------------------------------------
# TLS (SLUICE_DB_TLS_DIR)
# ---------------------------------------------------------------------------------------

check_tls_dir() {
  local f
  [[ -n $TLS_DIR ]] || return 0
  for f in "${TLS_FILES[@]}"; do
    [[ -r $TLS_DIR/$f ]] || die "SLUICE_DB_TLS_DIR=$TLS_DIR: $f is missing or unreadable (need ${TLS_FILES[*]})"
  done
}

# Copies the files a server is started with into its own folder: the caller's folder may be a
# temporary one, and the copies tell a later `start` which certificates the server runs with.
tls_copy() {
  local dest=$1 f
  rm -rf "$dest"
  mkdir -p "$dest"
  chmod 0700 "$dest"
  for f in "${TLS_FILES[@]}"; do
    cp -- "$TLS_DIR/$f" "$dest/$f"
  done
  chmod 0600 "$dest"/*
}

# True if the running server was started with exactly the files of SLUICE_DB_TLS_DIR.
tls_same() {
  local dest=$1 f
  for f in "${TLS_FILES[@]}"; do
    cmp -s -- "$TLS_DIR/$f" "$dest/$f" || return 1
  done
}

# A running server is reused only if it serves what was asked for: a test that generated new
# certificates must not silently talk to a server holding old ones.
tls_check_running() {
  local name=$1 dest=$2 enabled=$3
  [[ -n $TLS_DIR ]] || return 0
  if [[ $enabled != yes ]] || ! tls_same "$dest"; then
    die "$name is running without the certificates of SLUICE_DB_TLS_DIR=$TLS_DIR; run '$SELF stop' with the same SLUICE_* settings, then start again"
  fi
}

# ---------------------------------------------------------------------------------------
# MariaDB
# ---------------------------------------------------------------------------------------

# Prints the pid of OUR running mariadbd (pid file + matching --datadir + not a zombie).
mariadb_pid() {
  local pid
  pid=$(head -n 1 "$MDB_PIDFILE" 2>/dev/null) || return 1
  pid_alive "$pid" && pid_has_arg "$pid" "--datadir=$MDB_DATA" && printf '%s\n' "$pid"
}

# Does the port answer? (ping also succeeds on "access denied": the server is up.)
mariadb_answers() {
  mariadb-admin --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MARIADB_PORT" -uroot \
    --connect-timeout=2 ping >/dev/null 2>&1
}

# Runs SQL from stdin as root through our own socket, so it can only reach our server.
mariadb_sql() {
  mariadb --no-defaults --socket="$MDB_SOCKET" -uroot --batch "$@"
}

mariadb_init_if_needed() {
  [[ -f $MDB_MARKER && -d $MDB_DATA/mysql ]] && return 0
  log "initialising MariaDB data dir $MDB_DATA"
  # No marker means no complete init: whatever is there is a leftover of an interrupted run.
  rm -rf "$MDB_DATA"
  mkdir -p "$MDB_DATA"
  mariadb-install-db --no-defaults --datadir="$MDB_DATA" --user=root \
    --auth-root-authentication-method=normal --skip-test-db >>"$MDB_LOG" 2>&1 ||
    die_with_log "$MDB_LOG" "mariadb-install-db failed"
  touch "$MDB_MARKER"
}

# Wait until the server process PID answers on the port, or fail loudly.
mariadb_wait_ready() {
  local pid=$1
  local deadline=$((SECONDS + START_TIMEOUT))
  until mariadb_answers; do
    pid_alive "$pid" || die_with_log "$MDB_LOG" "MariaDB (pid $pid) exited during startup"
    ((SECONDS < deadline)) ||
      die_with_log "$MDB_LOG" "MariaDB did not accept connections on port $MARIADB_PORT within ${START_TIMEOUT}s"
    sleep 0.2
  done
}

mariadb_launch() {
  local -a tls=()
  rm -rf "$MDB_TLS"
  if [[ -n $TLS_DIR ]]; then
    tls_copy "$MDB_TLS"
    tls=(--ssl-ca="$MDB_TLS/ca.pem" --ssl-cert="$MDB_TLS/server-cert.pem" --ssl-key="$MDB_TLS/server-key.pem")
  fi
  # Output goes to the log file: an inherited stdout would keep a caller's pipe open
  # (`db.sh start | cat` would hang) for as long as the server runs. setsid detaches it
  # from the caller's process group, like pg_ctl does for PostgreSQL.
  setsid mariadbd --no-defaults \
    --datadir="$MDB_DATA" \
    --port="$MARIADB_PORT" \
    --bind-address=127.0.0.1 \
    --socket="$MDB_SOCKET" \
    --pid-file="$MDB_PIDFILE" \
    --log-error="$MDB_LOG" \
    --log-bin="$MDB_DATA/mysql-bin" \
    --binlog-format=ROW \
    --binlog-row-image=FULL \
    --binlog-row-metadata=FULL \
    --server-id=1 \
    --gtid-strict-mode=ON \
    --log-slave-updates=ON \
    --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_general_ci \
    --expire-logs-days=7 \
    --max-allowed-packet=256M \
    --innodb-buffer-pool-size=512M \
    --user=root \
    "${tls[@]}" \
    </dev/null >>"$MDB_LOG" 2>&1 9>&- &
  mariadb_wait_ready "$!"
}

# Idempotent, so it also repairs a run that died between server start and this step.
# sql_log_bin=0: account bootstrap is not data, and should not show up in the binlog that
# Sluice (and its tests) read.
mariadb_ensure_accounts() {
  mariadb_sql <<'SQL' || die_with_log "$MDB_LOG" "could not create the MariaDB account sluice"
SET SESSION sql_log_bin = 0;
CREATE USER IF NOT EXISTS 'sluice'@'%' IDENTIFIED BY 'sluice';
CREATE USER IF NOT EXISTS 'sluice'@'localhost' IDENTIFIED BY 'sluice';
GRANT ALL PRIVILEGES ON *.* TO 'sluice'@'%' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'sluice'@'localhost' WITH GRANT OPTION;
SQL
}

mariadb_start() {
  local pid
  if pid=$(mariadb_pid); then
    if mariadb_answers; then
      log "MariaDB already running (pid $pid, port $MARIADB_PORT)"
    else
      log "MariaDB (pid $pid) is running but not answering yet; waiting"
      mariadb_wait_ready "$pid"
    fi
    tls_check_running MariaDB "$MDB_TLS" "$(mariadb_tls_enabled)"
    mariadb_ensure_accounts
    return 0
  fi
  rm -f "$MDB_PIDFILE" # stale: its process is gone, a zombie, or not ours
  ensure_port_free "$MARIADB_PORT" SLUICE_MARIADB_PORT
  mkdir -p "$MDB_DIR"
  chmod 0755 "$MDB_DIR"
  check_socket_path "$MDB_SOCKET"
  mariadb_init_if_needed
  log "starting MariaDB on 127.0.0.1:$MARIADB_PORT (log: $MDB_LOG)"
  mariadb_launch
  mariadb_ensure_accounts
  log "MariaDB running (pid $(mariadb_pid || echo '?'), port $MARIADB_PORT)"
}

# yes when the running server offers TLS.
mariadb_tls_enabled() {
  local v
  v=$(mariadb_sql --skip-column-names <<<"SELECT @@have_ssl" 2>/dev/null) || true
  [[ $v == YES ]] && echo yes || echo no
}

mariadb_stop() {
  local pid
  if ! pid=$(mariadb_pid); then
    rm -f "$MDB_PIDFILE"
    log "MariaDB (port $MARIADB_PORT) is not running"
    return 0
  fi
  # A signal to the verified pid, rather than `mariadb-admin shutdown` over TCP, cannot hit
  # a server we did not start.
  log "stopping MariaDB (pid $pid, port $MARIADB_PORT)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$START_TIMEOUT"; then
    log "MariaDB did not stop within ${START_TIMEOUT}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "could not stop MariaDB (pid $pid)"
  fi
  rm -f "$MDB_PIDFILE"
  log "MariaDB stopped"
}

# ---------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------

# Prints the pid of OUR running postmaster (postmaster.pid + our data dir on its command
# line + not a zombie).
pg_pid() {
  local pid
  pid=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null) || return 1
  pid_alive "$pid" && pid_has_arg "$pid" "$PG_DATA" && printf '%s\n' "$pid"
}

pg_answers() {
  local bin
  bin=$(pg_bin) || return 1
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2
}

# Folders and log file must belong to postgres: initdb and pg_ctl run as that user.
pg_prepare_dirs() {
  mkdir -p "$PG_DIR" "$PG_SOCKDIR"
  touch "$PG_LOG"
  chown postgres:postgres "$PG_DIR" "$PG_SOCKDIR" "$PG_LOG"
  chmod 0700 "$PG_DIR"
  chmod 0755 "$PG_SOCKDIR"
}

# A postmaster that was killed leaves its lock files behind, and PostgreSQL refuses to
# start while the pid in them is "alive", which a zombie is. Only called when pg_pid says
# our server is not running; both files live in folders that only we use.
pg_remove_stale_locks() {
  rm -f "$PG_DATA/postmaster.pid" "$PG_SOCKDIR/.s.PGSQL.$PG_PORT" "$PG_SOCKDIR/.s.PGSQL.$PG_PORT.lock"
}

pg_locale() {
  if locale -a 2>/dev/null | grep -ixE 'c\.utf-?8' >/dev/null; then
    echo C.UTF-8
  else
    echo C
  fi
}

pg_init_if_needed() {
  local bin pwfile
  [[ -f $PG_MARKER && -f $PG_DATA/PG_VERSION ]] && return 0
  bin=$(pg_bin)
  log "initialising PostgreSQL data dir $PG_DATA"
  rm -rf "$PG_DATA" # no marker: leftover of an interrupted init (initdb wants an empty dir)
  pwfile=$(mktemp "$PG_DIR/pwfile.XXXXXX")
  printf 'postgres\n' >"$pwfile"
  chown postgres:postgres "$pwfile"
  if ! as_postgres "$bin/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale="$(pg_locale)" \
    >>"$PG_LOG" 2>&1; then
    rm -f "$pwfile"
    die_with_log "$PG_LOG" "initdb failed"
  fi
  rm -f "$pwfile"
  touch "$PG_MARKER"
}

pg_wait_ready() {
  local deadline=$((SECONDS + START_TIMEOUT)) pid
  until pg_answers; do
    pid=$(pg_pid) || die_with_log "$PG_LOG" "PostgreSQL is not running (it exited during startup?)"
    ((SECONDS < deadline)) ||
      die_with_log "$PG_LOG" "PostgreSQL (pid $pid) did not accept connections on port $PG_PORT within ${START_TIMEOUT}s"
    sleep 0.2
  done
}

pg_launch() {
  local bin
  bin=$(pg_bin)
  # fsync/synchronous_commit/full_page_writes off: these are throwaway dev/test instances,
  # speed matters and a crash may lose data. Never copy these settings to production.
  local opts="-p $PG_PORT -k $PG_SOCKDIR -c listen_addresses=127.0.0.1 -c max_connections=300"
  opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  rm -rf "$PG_TLS"
  if [[ -n $TLS_DIR ]]; then
    # initdb's pg_hba.conf has "host" lines, which match TLS and plain connections alike.
    tls_copy "$PG_TLS"
    chown -R postgres:postgres "$PG_TLS"
    opts+=" -c ssl=on -c ssl_ca_file=$PG_TLS/ca.pem -c ssl_cert_file=$PG_TLS/server-cert.pem -c ssl_key_file=$PG_TLS/server-key.pem"
  fi
  # pg_ctl sends the server's output to the log file and detaches it, so no pipe is held.
  as_postgres "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -o "$opts" -w -t "$START_TIMEOUT" start \
    >&2 9>&- || die_with_log "$PG_LOG" "pg_ctl could not start PostgreSQL on port $PG_PORT"
  pg_wait_ready
}

# Idempotent on every start: a previous run may have died between any of these steps.
pg_ensure_roles() {
  local bin
  bin=$(pg_bin)
  as_postgres "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKDIR" -p "$PG_PORT" \
    -U postgres -d postgres >&2 <<'SQL' || die_with_log "$PG_LOG" "could not create the PostgreSQL role/databases"
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice') THEN
    CREATE ROLE sluice LOGIN SUPERUSER PASSWORD 'sluice';
  END IF;
END
$$;
SELECT 'CREATE DATABASE sluice_meta OWNER sluice'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'sluice_meta') \gexec
SELECT 'CREATE DATABASE target OWNER sluice'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'target') \gexec
SQL
}

pg_start() {
  local pid
  pg_prepare_dirs
  if pid=$(pg_pid); then
    if pg_answers; then
      log "PostgreSQL already running (pid $pid, port $PG_PORT)"
    else
      log "PostgreSQL (pid $pid) is running but not answering yet; waiting"
      pg_wait_ready
    fi
    tls_check_running PostgreSQL "$PG_TLS" "$(pg_tls_enabled)"
    pg_ensure_roles
    return 0
  fi
  pg_remove_stale_locks
  ensure_port_free "$PG_PORT" SLUICE_PG_PORT
  check_socket_path "$PG_SOCKDIR/.s.PGSQL.$PG_PORT"
  pg_init_if_needed
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  pg_launch
  pg_ensure_roles
  log "PostgreSQL running (pid $(pg_pid || echo '?'), port $PG_PORT)"
}

# yes when the running server offers TLS.
pg_tls_enabled() {
  local bin v
  bin=$(pg_bin)
  v=$(as_postgres "$bin/psql" -X -A -t -h "$PG_SOCKDIR" -p "$PG_PORT" -U postgres -d postgres -c 'SHOW ssl' 2>/dev/null) || true
  [[ $v == on ]] && echo yes || echo no
}

pg_stop() {
  local pid bin
  if ! pid=$(pg_pid); then
    [[ -d $PG_DIR ]] && pg_remove_stale_locks
    log "PostgreSQL (port $PG_PORT) is not running"
    return 0
  fi
  bin=$(pg_bin)
  log "stopping PostgreSQL (pid $pid, port $PG_PORT)"
  as_postgres "$bin/pg_ctl" -D "$PG_DATA" -m fast -w -t "$START_TIMEOUT" stop >&2 ||
    die_with_log "$PG_LOG" "pg_ctl could not stop PostgreSQL (pid $pid)"
  log "PostgreSQL stopped"
}

# ---------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------

require_root() {
  ((EUID == 0)) || die "'$1' must run as root (mariadbd runs as root; PostgreSQL is run via runuser -u postgres)"
}

cmd_start() {
  require_root start
  check_tls_dir
  ensure_packages
  prepare_data_dir
  take_lock
  mariadb_start
  pg_start
}

cmd_stop() {
  require_root stop
  [[ -d $DATA_DIR ]] || {
    log "nothing to stop ($DATA_DIR does not exist)"
    return 0
  }
  take_lock
  pg_stop
  mariadb_stop
}

# One line per server; exit 3 unless both run and answer.
cmd_status() {
  local pid rc=0
  if pid=$(mariadb_pid) && mariadb_answers; then
    echo "mariadb: running pid=$pid port=$MARIADB_PORT datadir=$MDB_DATA"
  elif [[ -n ${pid:-} ]]; then
    echo "mariadb: not-answering pid=$pid port=$MARIADB_PORT datadir=$MDB_DATA"
    rc=3
  else
    echo "mariadb: stopped port=$MARIADB_PORT datadir=$MDB_DATA"
    rc=3
  fi
  pid=""
  if pid=$(pg_pid) && pg_answers; then
    echo "postgres: running pid=$pid port=$PG_PORT datadir=$PG_DATA"
  elif [[ -n ${pid:-} ]]; then
    echo "postgres: not-answering pid=$pid port=$PG_PORT datadir=$PG_DATA"
    rc=3
  else
    echo "postgres: stopped port=$PG_PORT datadir=$PG_DATA"
    rc=3
  fi
  return "$rc"
}

# Only export lines on stdout: callers eval this.
cmd_env() {
  local name value
  while read -r name value; do
    printf 'export %s=%q\n' "$name" "$value"
  done <<VARS
SLUICE_MARIADB_HOST 127.0.0.1
SLUICE_MARIADB_PORT $MARIADB_PORT
SLUICE_MARIADB_USER sluice
SLUICE_MARIADB_PASSWORD sluice
SLUICE_MARIADB_ROOT_USER root
SLUICE_MARIADB_DATADIR $MDB_DATA
SLUICE_PG_HOST 127.0.0.1
SLUICE_PG_PORT $PG_PORT
SLUICE_PG_USER sluice
SLUICE_PG_PASSWORD sluice
SLUICE_PG_SUPERUSER postgres
SLUICE_PG_META_DB sluice_meta
SLUICE_PG_TARGET_DB target
SLUICE_PG_DATADIR $PG_DATA
VARS
}

main() {
  if (($# != 1)); then
    usage >&2
    exit 2
  fi
  case $1 in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) cmd_env ;;
    -h | --help | help) usage ;;
    *)
      printf '%s: unknown command: %s\n\n' "$PROG" "$1" >&2
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
