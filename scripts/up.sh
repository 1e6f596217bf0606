#!/usr/bin/env bash
# Sets up and runs Berth on this machine: installs what is missing, prepares storage and network,
# migrates and seeds the database, then runs Redis, the agent, the worker, the panel and the console gateway.
# Idempotent; Ctrl-C stops every process it started.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

require_root
load_environment
for port in "$BERTH_PANEL_PORT" "$BERTH_REDIS_PORT" "${BERTH_AGENT_LISTEN##*:}" "${BERTH_CONSOLE_LISTEN##*:}"; do
  port_is_free "$port" || die "port $port is already in use; stop what uses it or choose another (see .env.example)"
done
install_system_packages
install_node_dependencies
ensure_service_user
ensure_secrets
secure_data_directory
migrate_database
prepare_host
build_panel

BERTH_PIDS=()
stop_all() {
  trap - INT TERM EXIT
  log "stopping"
  for (( index=${#BERTH_PIDS[@]}-1; index>=0; index-- )); do
    kill -TERM "${BERTH_PIDS[index]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

start_redis
node --import tsx scripts/seed.ts
secure_data_directory
# Only the agent runs as root; the worker and the panel run as berth. The panel runs through its
# own HTTP server, which stamps each request's TCP peer for lib/http/client-address.ts.
node --import tsx agent/main.ts serve >>"$BERTH_DATA_DIR/logs/agent.log" 2>&1 &
BERTH_PIDS+=($!)
"${AS_SERVICE_USER[@]}" node --import tsx worker/main.ts >>"$BERTH_DATA_DIR/logs/worker.log" 2>&1 &
BERTH_PIDS+=($!)
"${AS_SERVICE_USER[@]}" node --import tsx panel-server/main.ts >>"$BERTH_DATA_DIR/logs/panel.log" 2>&1 &
BERTH_PIDS+=($!)
# The console gateway holds browser console sessions, outside the panel; the panel relays its socket.
"${AS_SERVICE_USER[@]}" node --import tsx console-gateway/main.ts >>"$BERTH_DATA_DIR/logs/console.log" 2>&1 &
BERTH_PIDS+=($!)

wait_for_url "http://127.0.0.1:$BERTH_PANEL_PORT/signin" 60 || die "the panel did not answer (see $BERTH_DATA_DIR/logs/panel.log)"
log "Berth is running: $NEXTAUTH_URL   (logs in $BERTH_DATA_DIR/logs; Ctrl-C stops)"
wait -n "${BERTH_PIDS[@]}" || true
log "a Berth process exited; see $BERTH_DATA_DIR/logs"
