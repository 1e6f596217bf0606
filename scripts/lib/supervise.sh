# Supervision for scripts/up.sh: every process it starts is restarted with backoff when it dies,
# and a stop ends them in order, each with a bounded wait. Sourced after common.sh.
#
# One loop in up.sh's own shell does it all (no supervising subshells): only that shell has to
# handle SIGINT and SIGTERM, and `wait PID` there yields each child's exit status.

SUPERVISE_FIRST_DELAY=1      # seconds before the first restart after a death
SUPERVISE_MAX_DELAY=30       # the doubling backoff stops here
SUPERVISE_STABLE_SECONDS=60  # a process that ran this long restarts after SUPERVISE_FIRST_DELAY again
SUPERVISE_STOP_SECONDS=10    # per stop group: SIGTERM, this long, then SIGKILL

SUPERVISED=()            # names, in start order
declare -A SUPERVISED_START=()    # name -> function that starts it in the background (sets $!)
declare -A SUPERVISED_PID=()      # name -> pid while it runs, "" while waiting for its restart
declare -A SUPERVISED_SINCE=()    # name -> $SECONDS when it was started
declare -A SUPERVISED_DELAY=()    # name -> the next restart's delay
declare -A SUPERVISED_RESTART_AT=() # name -> $SECONDS at which it is started again
SUPERVISE_STOPPING=0

supervisor_log() {
  local line
  line="$(date -u +%Y-%m-%dT%H:%M:%SZ) $*"
  log "$line"
  # Before secure_data_directory made the logs folder (an early die), stdout has to do.
  { echo "$line" >> "$BERTH_DATA_DIR/logs/supervisor.log"; } 2>/dev/null || true
}

# supervise_start NAME FUNCTION: starts NAME with FUNCTION now and supervises it from then on.
supervise_start() {
  local name="$1"
  if [ -z "${SUPERVISED_START[$name]+set}" ]; then
    SUPERVISED+=("$name")
    SUPERVISED_START[$name]="$2"
    SUPERVISED_DELAY[$name]=$SUPERVISE_FIRST_DELAY
  fi
  "${SUPERVISED_START[$name]}"
  SUPERVISED_PID[$name]=$!
  SUPERVISED_SINCE[$name]=$SECONDS
  mkdir -p "$BERTH_DATA_DIR/run"
  echo "${SUPERVISED_PID[$name]}" > "$BERTH_DATA_DIR/run/$name.pid"
  supervisor_log "$name started (pid ${SUPERVISED_PID[$name]})"
}

# How a child ended, from its wait status: "exit code N" or "signal NAME".
describe_exit() {
  if [ "$1" -gt 128 ]; then echo "signal $(kill -l $(($1 - 128)) 2>/dev/null || echo $(($1 - 128)))"; else echo "exit code $1"; fi
}

# Notes every process that died since the last look and restarts those whose backoff has passed.
supervise_check() {
  local name pid status ran
  for name in "${SUPERVISED[@]}"; do
    pid="${SUPERVISED_PID[$name]}"
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" && status=0 || status=$?
      ran=$((SECONDS - SUPERVISED_SINCE[$name]))
      [ "$ran" -lt "$SUPERVISE_STABLE_SECONDS" ] || SUPERVISED_DELAY[$name]=$SUPERVISE_FIRST_DELAY
      SUPERVISED_PID[$name]=""
      SUPERVISED_RESTART_AT[$name]=$((SECONDS + SUPERVISED_DELAY[$name]))
      supervisor_log "$name (pid $pid) died after ${ran}s: $(describe_exit "$status"); restarting in ${SUPERVISED_DELAY[$name]}s"
      SUPERVISED_DELAY[$name]=$(( SUPERVISED_DELAY[$name] * 2 > SUPERVISE_MAX_DELAY ? SUPERVISE_MAX_DELAY : SUPERVISED_DELAY[$name] * 2 ))
    elif [ -z "$pid" ] && [ "$SECONDS" -ge "${SUPERVISED_RESTART_AT[$name]}" ]; then
      supervise_start "$name"
    fi
  done
}

# Runs until a stop: checks once a second. The sleep is waited for in the background, so a
# signal's trap runs at once rather than after it.
supervise_forever() {
  while [ "$SUPERVISE_STOPPING" = 0 ]; do
    supervise_check
    sleep 1 & SUPERVISE_SLEEP=$!
    wait "$SUPERVISE_SLEEP" 2>/dev/null || true
  done
}

# supervise_stop_group NAME...: SIGTERM to each running one, up to SUPERVISE_STOP_SECONDS for all
# of them to exit, then SIGKILL to whatever is left.
supervise_stop_group() {
  local name pid pids=() waited alive
  for name in "$@"; do
    pid="${SUPERVISED_PID[$name]:-}"
    [ -n "$pid" ] || continue
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  done
  for (( waited=0; waited < SUPERVISE_STOP_SECONDS * 10; waited++ )); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 1 ] || break
    sleep 0.1
  done
  for name in "$@"; do
    pid="${SUPERVISED_PID[$name]:-}"
    [ -n "$pid" ] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      supervisor_log "$name (pid $pid) did not stop within ${SUPERVISE_STOP_SECONDS}s; killed"
    fi
    wait "$pid" 2>/dev/null || true
    SUPERVISED_PID[$name]=""
    rm -f "$BERTH_DATA_DIR/run/$name.pid"
    supervisor_log "$name stopped"
  done
}

# supervise_stop GROUP...: each GROUP is a space-separated list of names stopped together, the
# groups one after the other; so the whole stop takes at most groups × SUPERVISE_STOP_SECONDS.
supervise_stop() {
  SUPERVISE_STOPPING=1
  [ -z "${SUPERVISE_SLEEP:-}" ] || kill "$SUPERVISE_SLEEP" 2>/dev/null || true
  supervisor_log "stopping"
  local group
  for group in "$@"; do
    # shellcheck disable=SC2086 # a group is a word list on purpose
    supervise_stop_group $group
  done
}
