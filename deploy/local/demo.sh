#!/usr/bin/env bash
# The demo: local MariaDB + PostgreSQL + the five services, a sample shop database, and one task
# taken through precheck, schema, full and incremental sync.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run_dir=${SLUICE_RUN_DIR:-$root/.run}
sluice() { "$root/bin/sluice" --server "127.0.0.1:${SLUICE_CONTROL_PORT:-9101}" "$@"; }
step() { printf '\n== %s\n' "$*"; }

step "starting MariaDB, PostgreSQL and the services"
"$root/deploy/local/up.sh"
eval "$("$root/deploy/local/db.sh" env)"

step "loading the sample database 'shop' into MariaDB"
mariadb -h "$SLUICE_MARIADB_HOST" -P "$SLUICE_MARIADB_PORT" -u root <"$root/deploy/local/demo/shop.sql"

task_file=$run_dir/demo-task.yaml
cat >"$task_file" <<YAML
name: demo-shop
environment: demo
source:      {host: $SLUICE_MARIADB_HOST, port: $SLUICE_MARIADB_PORT, user: $SLUICE_MARIADB_USER, passwordEnv: SLUICE_MARIADB_PASSWORD}
destination: {host: $SLUICE_PG_HOST, port: $SLUICE_PG_PORT, database: $SLUICE_PG_TARGET_DB, user: $SLUICE_PG_USER, passwordEnv: SLUICE_PG_PASSWORD}
types: {schema: true, full: true, incremental: true}
conflictingTables: ignore
objects:
  - database: shop
YAML
export SLUICE_MARIADB_PASSWORD SLUICE_PG_PASSWORD

step "creating the task from $task_file"
created=$(sluice task create -f "$task_file")
echo "$created"
id=$(sed -n 's/^created task \([^ ]*\).*/\1/p' <<<"$created")
sluice task list

step "prechecks"
sluice task precheck "$id"

printf '\nThe task %s is created and prechecked. Starting it and following its progress comes with the\n' "$id"
printf 'data path (see README: status). Stop everything with deploy/local/down.sh.\n'
