#!/usr/bin/env bash
# Sets up and runs Berth on this machine: installs what is missing, prepares storage and network,
# migrates and seeds the database, then runs Redis, the agent, the worker, the panel and the console gateway.
# Idempotent. A process that dies is restarted with backoff (scripts/lib/supervise.sh); SIGINT
# (Ctrl-C) or SIGTERM stops every process it started, in order, within 45 s.
set -euo pipefail
# Started in the background by a non-interactive shell (scripts/test.sh), bash inherits SIGINT
# ignored, and a signal ignored at entry cannot be trapped: run again with it back to default.
if [ -z "${BERTH_UP_SIGNALS_RESET:-}" ]; then
  BERTH_UP_SIGNALS_RESET=1 exec env --default-signal=INT,TERM bash "$0" "$@"
fi
unset BERTH_UP_SIGNALS_RESET
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/supervise.sh"

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

# Stopped in this order: what users reach first, Redis last (the worker and the panel close their
# queues on it). Four groups of at most SUPERVISE_STOP_SECONDS (10 s) each.
stop_all() {
  # A second Ctrl-C must not cut the ordered stop short (it is bounded anyway).
  trap '' INT TERM
  trap - EXIT
  supervise_stop "panel console-gateway" worker agent redis
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

supervise_start redis launch_redis
wait_for_redis
node --import tsx scripts/seed.ts
secure_data_directory
# Only the agent runs as root; the worker and the panel run as berth. The panel runs through its
# own HTTP server, which stamps each request's TCP peer for lib/http/client-address.ts.
start_agent() { node --import tsx agent/main.ts serve >>"$BERTH_DATA_DIR/logs/agent.log" 2>&1 & }
start_worker() { "${AS_SERVICE_USER[@]}" node --import tsx worker/main.ts >>"$BERTH_DATA_DIR/logs/worker.log" 2>&1 & }
start_panel() { "${AS_SERVICE_USER[@]}" node --import tsx panel-server/main.ts >>"$BERTH_DATA_DIR/logs/panel.log" 2>&1 & }
# The console gateway holds browser console sessions, outside the panel; the panel relays its socket.
start_console_gateway() { "${AS_SERVICE_USER[@]}" node --import tsx console-gateway/main.ts >>"$BERTH_DATA_DIR/logs/console.log" 2>&1 & }
supervise_start agent start_agent
supervise_start worker start_worker
supervise_start panel start_panel
supervise_start console-gateway start_console_gateway

wait_for_url "http://127.0.0.1:$BERTH_PANEL_PORT/signin" 60 || die "the panel did not answer (see $BERTH_DATA_DIR/logs/panel.log)"
log "Berth is running: $NEXTAUTH_URL   (logs in $BERTH_DATA_DIR/logs; Ctrl-C stops)"
supervise_forever
