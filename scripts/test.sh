#!/usr/bin/env bash
# Runs every Berth test on this machine, as root: lint and type checks, unit tests, integration
# tests on real Redis, SQLite (the database-bound ones on PostgreSQL too), btrfs and LXC
# containers, and end-to-end tests in Chromium against
# a full stack started by scripts/up.sh. Installs what is missing first; cleans up after itself.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

# Parts to run: any of static, node, e2e (default: all of them).
parts="${*:-static node e2e}"
runs() { [[ " $parts " == *" $1 "* ]]; }

require_root
install_system_packages with-browser
install_node_dependencies
cd "$BERTH_ROOT"

results="$(mktemp -d)"
passed=0
failed=0
count() { # count <label> <passed> <failed>
  passed=$((passed + $2)); failed=$((failed + $3))
  log "$1: $2 passed, $3 failed"
}

if runs static; then
  log "lint and type check"
  if npm run --silent lint && npx tsc --noEmit; then count "static checks" 1 0; else count "static checks" 0 1; fi
fi

if runs node; then
  log "unit and integration tests (real Redis, SQLite, btrfs, LXC)"
  shopt -s globstar nullglob
  set +e
  node --import tsx --test --test-concurrency=1 test/**/*.test.ts 2>&1 | tee "$results/node.txt"
  set -e
  count "unit and integration" \
    "$(grep -oP '^(# |ℹ )pass \K\d+' "$results/node.txt" | tail -1 || echo 0)" \
    "$(grep -oP '^(# |ℹ )fail \K\d+' "$results/node.txt" | tail -1 || echo 1)"

  # The database-bound integration files again on PostgreSQL, in a throwaway cluster. The files
  # that start a host agent test the host side (LXC, btrfs, networks) on SQLite only: the same
  # database code, and running them twice would double the suite's longest part. The migration
  # tests cover both databases in one run already.
  log "integration tests on PostgreSQL"
  mapfile -t postgresql_files < <(grep -L -E 'support/(berth-stack|agent)' test/integration/*.test.ts | grep -v -x test/integration/migrations.test.ts)
  set +e
  node --import tsx test/support/with-postgres.ts \
    node --import tsx --test --test-concurrency=1 "${postgresql_files[@]}" 2>&1 | tee "$results/node-postgresql.txt"
  set -e
  count "integration on PostgreSQL" \
    "$(grep -oP '^(# |ℹ )pass \K\d+' "$results/node-postgresql.txt" | tail -1 || echo 0)" \
    "$(grep -oP '^(# |ℹ )fail \K\d+' "$results/node-postgresql.txt" | tail -1 || echo 1)"
fi

if runs e2e; then
  log "end-to-end tests in Chromium"
  # The e2e stack is a separate Berth instance: own data folder, ports, bridge and networks.
  export BERTH_DATA_DIR=/var/tmp/berth-e2e
  export BERTH_REDIS_PORT="${BERTH_E2E_REDIS_PORT:-6391}" BERTH_PANEL_PORT="${BERTH_E2E_PANEL_PORT:-3100}" BERTH_PANEL_HOST=127.0.0.1
  export BERTH_AGENT_LISTEN="127.0.0.1:${BERTH_E2E_AGENT_PORT:-7170}"
  export BERTH_CONSOLE_LISTEN="127.0.0.1:${BERTH_E2E_CONSOLE_PORT:-$((BERTH_PANEL_PORT + 2))}"
  export BERTH_BRIDGE=br-berth-e BERTH_BRIDGE_IPV4=10.79.0.1/24 BERTH_BRIDGE_IPV6=fd77:6265:7274:79::1/64
  # Disk capacity is what plans may promise (qgroup limits); busybox servers use a few MiB each.
  export BERTH_POOL_SIZE=4G BERTH_HOST_DISK_MB=102400
  export BERTH_DEMO_PASSWORD="e2e-$(head -c 9 /dev/urandom | base64 | tr -d '/+')"
  export BERTH_ADMIN_PASSWORD="e2e-admin-$(head -c 9 /dev/urandom | base64 | tr -d '/+')"
  export BERTH_BILLING_SECRET="whsec_e2e_$(head -c 12 /dev/urandom | base64 | tr -d '/+')" BERTH_API_RATE_LIMIT=120
  # Usage readings every 5 s, so the usage graphs have data within seconds of a server starting.
  export BERTH_USAGE_INTERVAL_SECONDS=5
  # Outgoing webhooks retry within seconds; resellers' test endpoints on loopback are allowed.
  export BERTH_WEBHOOK_RETRY_SECONDS=1,2 BERTH_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8
  # Mail goes to the tests' own SMTP server (e2e/support/smtp-sink-main.ts), which keeps every message it is given.
  export BERTH_E2E_MAIL_DIR="$results/mail" BERTH_E2E_SMTP_PORT="${BERTH_E2E_SMTP_PORT:-2526}"
  export BERTH_SMTP_URL="smtp://127.0.0.1:$BERTH_E2E_SMTP_PORT" BERTH_MAIL_FROM="panel@berth.test"
  # The tests act as the reverse proxy: they name client addresses with X-Forwarded-For.
  export BERTH_TRUSTED_PROXIES=127.0.0.1
  # Prometheus's bearer token for the panel's and the agent's /metrics (e2e/api/operations.spec.ts).
  export BERTH_METRICS_TOKEN="metrics-e2e-$(head -c 12 /dev/urandom | base64 | tr -d '/+')"
  export BERTH_E2E_URL="http://127.0.0.1:$BERTH_PANEL_PORT" NEXTAUTH_URL="http://127.0.0.1:$BERTH_PANEL_PORT"
  teardown_e2e() {
    node --import tsx agent/main.ts teardown >/dev/null 2>&1 || true
    rm -rf "$BERTH_DATA_DIR"
  }
  teardown_e2e
  node --import tsx e2e/support/smtp-sink-main.ts >"$results/smtp.log" 2>&1 &
  smtp_sink=$!
  bash scripts/up.sh >"$results/stack.log" 2>&1 &
  stack=$!
  e2e_passed=0
  e2e_failed=1
  if wait_for_url "$BERTH_E2E_URL/signin" 600 && kill -0 "$stack" 2>/dev/null; then
    set +e
    npx playwright test 2>&1 | tee "$results/e2e.txt"
    set -e
    e2e_passed="$(grep -oP '^\s*\K\d+(?= passed)' "$results/e2e.txt" | tail -1 || echo 0)"
    e2e_failed="$(grep -oP '^\s*\K\d+(?= failed)' "$results/e2e.txt" | tail -1 || echo 0)"
    [ -n "$e2e_passed" ] || e2e_passed=0
    [ -n "$e2e_failed" ] || e2e_failed=0
    [ "$e2e_passed" -gt 0 ] || e2e_failed=$((e2e_failed > 0 ? e2e_failed : 1))
  else
    log "the e2e stack did not come up:"; tail -60 "$results/stack.log"
  fi
  kill -TERM "$stack" 2>/dev/null || true
  wait "$stack" 2>/dev/null || true
  kill -TERM "$smtp_sink" 2>/dev/null || true
  wait "$smtp_sink" 2>/dev/null || true
  if [ "$e2e_failed" -gt 0 ]; then tail -40 "$BERTH_DATA_DIR"/logs/*.log 2>/dev/null || true; fi
  teardown_e2e
  count "end-to-end" "$e2e_passed" "$e2e_failed"
fi

rm -rf "$results"
echo "berth: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
