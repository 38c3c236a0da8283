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
# up.sh turned authentication on and generated the admin token the CLI sends
SLUICE_TOKEN=$(cat "$run_dir/admin.token")
export SLUICE_TOKEN

step "loading the sample database 'shop' into MariaDB (the demo starts from scratch: shop is recreated on both sides)"
mariadb -h "$SLUICE_MARIADB_HOST" -P "$SLUICE_MARIADB_PORT" -u root -e 'DROP DATABASE IF EXISTS shop'
PGPASSWORD=$SLUICE_PG_PASSWORD psql -q -h "$SLUICE_PG_HOST" -p "$SLUICE_PG_PORT" -U "$SLUICE_PG_USER" -d "$SLUICE_PG_TARGET_DB" \
  -c 'DROP SCHEMA IF EXISTS shop CASCADE' 2>/dev/null
mariadb --default-character-set=utf8mb4 -h "$SLUICE_MARIADB_HOST" -P "$SLUICE_MARIADB_PORT" -u root <"$root/deploy/local/demo/shop.sql"

task_file=$run_dir/demo-task.yaml
cat >"$task_file" <<YAML
name: demo-shop
environment: demo
source:      {host: $SLUICE_MARIADB_HOST, port: $SLUICE_MARIADB_PORT, user: $SLUICE_MARIADB_USER, passwordEnv: SLUICE_MARIADB_PASSWORD}
destination: {host: $SLUICE_PG_HOST, port: $SLUICE_PG_PORT, database: $SLUICE_PG_TARGET_DB, user: $SLUICE_PG_USER, passwordEnv: SLUICE_PG_PASSWORD}
types: {schema: true, full: true, incremental: true}
conflictingTables: report
objects:
  - database: shop
YAML
export SLUICE_MARIADB_PASSWORD SLUICE_PG_PASSWORD

step "removing tasks of earlier demo runs"
for old in $(sluice task list | awk '$2 == "demo-shop" {print $1}'); do sluice task delete "$old" || true; done

step "creating the task from $task_file"
created=$(sluice task create -f "$task_file")
echo "$created"
id=$(sed -n 's/^created task \([^ ]*\).*/\1/p' <<<"$created")
sluice task list

step "prechecks"
sluice task precheck "$id"

step "starting the task: schema, then the full copy, then the binlog"
sluice task start "$id"
sluice task wait "$id" --phase incremental --lag-below-ms 1000 --timeout 300
sluice task show "$id"

step "changing the source: the changes arrive in PostgreSQL"
mariadb --default-character-set=utf8mb4 -h "$SLUICE_MARIADB_HOST" -P "$SLUICE_MARIADB_PORT" -u root shop <<'SQL'
INSERT INTO customers (email, name, country) VALUES (CONCAT('demo-', UUID_SHORT(), '@example.com'), 'Grace Hopper', 'US');
UPDATE products SET price = price + 1, tags = 'sale,eco' WHERE sku = 'SKU-2';
SQL
sleep 2
PGPASSWORD=$SLUICE_PG_PASSWORD psql -h "$SLUICE_PG_HOST" -p "$SLUICE_PG_PORT" -U "$SLUICE_PG_USER" -d "$SLUICE_PG_TARGET_DB" \
  -c 'SELECT id, email, name, country, created_at FROM shop.customers ORDER BY id' \
  -c 'SELECT sku, title, price, status, tags, attributes FROM shop.products ORDER BY sku'
sluice task show "$id"

printf '\nTask %s keeps PostgreSQL in sync. Try more changes in MariaDB (mariadb -h 127.0.0.1 -P %s -u root shop),\n' "$id" "$SLUICE_MARIADB_PORT"
printf 'watch them with: bin/sluice --config %s task show %s (the API needs the admin token that config holds).\n' "${run_dir#"$PWD"/}/cli.yaml" "$id"
printf 'Stop everything with deploy/local/down.sh.\n'
