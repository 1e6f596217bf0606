# Shared by scripts/up.sh and scripts/test.sh: install what is missing, load configuration.
# Every function is idempotent: running it on a set-up machine changes nothing.

BERTH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '\033[1;34m[berth]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[berth] %s\033[0m\n' "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" = 0 ] || die "run as root: the agent creates btrfs pools, bridges and containers"
}

# Exports KEY=VALUE lines of a file (no quoting, no comments: the same rules as
# lib/load-environment.ts), never overriding a variable already set. With keep-empty, a variable
# set to "" counts as set. The value is everything after the first "=", trailing "=" included.
read_env_file() {
  local line key value
  while IFS= read -r line || [ -n "$line" ]; do
    key="${line%%=*}"
    value="${line#*=}"
    [[ "$line" == *=* && "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
    if [ "${2:-}" = keep-empty ]; then [ -n "${!key+set}" ] && continue; else [ -n "${!key:-}" ] && continue; fi
    export "$key=$value"
  done < "$1"
}

# Reads .env (if present) without overriding variables already set in the environment.
load_environment() {
  if [ -f "$BERTH_ROOT/.env" ]; then
    read_env_file "$BERTH_ROOT/.env" keep-empty
  fi
  export BERTH_DATA_DIR="${BERTH_DATA_DIR:-/var/lib/berth}"
  export BERTH_REDIS_PORT="${BERTH_REDIS_PORT:-6390}"
  # BERTH_REDIS_URL stays unset unless configured: lib/settings.ts builds it from the port and the
  # generated BERTH_REDIS_PASSWORD.
  export BERTH_PANEL_HOST="${BERTH_PANEL_HOST:-0.0.0.0}"
  export BERTH_PANEL_PORT="${BERTH_PANEL_PORT:-3000}"
  export BERTH_AGENT_LISTEN="${BERTH_AGENT_LISTEN:-127.0.0.1:7070}"
  # The console gateway, on loopback behind the panel (lib/settings.ts has the same default).
  export BERTH_CONSOLE_LISTEN="${BERTH_CONSOLE_LISTEN:-127.0.0.1:$((BERTH_PANEL_PORT + 2))}"
  export BERTH_BRIDGE="${BERTH_BRIDGE:-br-berth}"
  export BERTH_BRIDGE_IPV4="${BERTH_BRIDGE_IPV4:-10.77.0.1/24}"
  export BERTH_BRIDGE_IPV6="${BERTH_BRIDGE_IPV6:-fd77:6265:7274::1/64}"
  export NEXTAUTH_URL="${NEXTAUTH_URL:-http://127.0.0.1:$BERTH_PANEL_PORT}"
}

install_system_packages() {
  local missing=()
  command -v lxc-start >/dev/null || missing+=(lxc)
  command -v btrfs >/dev/null || missing+=(btrfs-progs)
  command -v nft >/dev/null || missing+=(nftables)
  command -v redis-server >/dev/null || missing+=(redis-server)
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  command -v ping >/dev/null || missing+=(iputils-ping)
  command -v lxcfs >/dev/null || missing+=(lxcfs)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v curl >/dev/null || missing+=(curl)
  # OS images: Debian builds (debootstrap), imported tarballs (xz, zstd), host key fingerprints (ssh-keygen).
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v xz >/dev/null || missing+=(xz-utils)
  command -v zstd >/dev/null || missing+=(zstd)
  command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  if [ "${1:-}" = with-browser ]; then
    command -v chromium >/dev/null || missing+=(chromium)
    # The seccomp and network tests build small static programs to run inside containers.
    [ -f /usr/lib/x86_64-linux-gnu/libc.a ] && command -v gcc >/dev/null || missing+=(gcc libc6-dev)
    # The network tests measure bandwidth between a VPS and their own upstream namespace.
    command -v iperf3 >/dev/null || missing+=(iperf3)
    # The WHMCS module's tests run it with php-cli (json, hash and openssl are built in; no curl extension).
    command -v php >/dev/null || missing+=(php-cli)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_node_dependencies() {
  cd "$BERTH_ROOT"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dependencies"
    npm ci --no-audit --no-fund
  fi
  if [ ! -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then
    npm rebuild better-sqlite3
  fi
  # Two clients from one schema: SQLite's and PostgreSQL's (scripts/generate-database-clients.ts).
  local client
  for client in lib/generated/prisma/client.ts lib/generated/prisma-postgresql/client.ts; do
    if [ ! -f "$client" ] || [ prisma/schema.prisma -nt "$client" ]; then
      npm run --silent db:generate
      break
    fi
  done
}

# Secrets the panel and worker need, generated once into the data folder (0600) unless set in the
# environment; a secret added later (the Redis password) is appended to an existing file.
ensure_secrets() {
  mkdir -p "$BERTH_DATA_DIR"
  local file="$BERTH_DATA_DIR/secrets.env" name
  (
    umask 077
    touch "$file"
    for name in BERTH_ENCRYPTION_KEY NEXTAUTH_SECRET BERTH_REDIS_PASSWORD; do
      grep -q "^$name=" "$file" || echo "$name=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" >> "$file"
    done
  )
  read_env_file "$file"
}

# The unprivileged account the panel, the worker and Redis run as; only the agent needs root.
BERTH_USER=berth
ensure_service_user() {
  id -u "$BERTH_USER" >/dev/null 2>&1 && return 0
  useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$BERTH_USER"
}

# The prefix that runs a command as the service user: "${AS_SERVICE_USER[@]}" cmd &. setpriv execs
# the command, so $! is the command itself and stopping it works as before (a shell function would
# put a subshell in between).
AS_SERVICE_USER=(setpriv --reuid="$BERTH_USER" --regid="$BERTH_USER" --init-groups --inh-caps=-all --)

# Owners and modes of the data folder. The folder is root's (the agent keeps its pool and
# containers there) with group berth, mode 1771: others may only traverse it (unprivileged
# containers need that), berth may create its database's journal files but, sticky, never rename
# or remove what root owns. The database and secrets.env are berth's, 0600; agent.secret is
# root's, 0600; logs root's, 0700; Redis's folder berth's, 0700. Idempotent.
secure_data_directory() {
  local data="$BERTH_DATA_DIR" file
  mkdir -p "$data/logs" "$data/redis"
  chown root:"$BERTH_USER" "$data"
  chmod 1771 "$data"
  for file in "$data"/berth.db "$data"/berth.db-journal "$data"/berth.db-wal "$data"/berth.db-shm "$data/secrets.env"; do
    [ -e "$file" ] || continue
    chown "$BERTH_USER:$BERTH_USER" "$file"
    chmod 600 "$file"
  done
  if [ -e "$data/agent.secret" ]; then chown root:root "$data/agent.secret"; chmod 600 "$data/agent.secret"; fi
  # Every VPS disk is in the pool image; others may traverse the folder, so it must not be readable.
  if [ -f "$data/pool.img" ]; then chmod 600 "$data/pool.img"; fi
  chown -R root:root "$data/logs"
  chmod 700 "$data/logs"
  find "$data/logs" -type f -exec chmod 600 {} +
  chown -R "$BERTH_USER:$BERTH_USER" "$data/redis"
  chmod 700 "$data/redis"
}

migrate_database() {
  cd "$BERTH_ROOT"
  # A new database file is created 0600 (secure_data_directory then gives it to berth).
  (umask 077; npm run --silent db:migrate >/dev/null) || die "database migration failed (BERTH_DATABASE_URL=${BERTH_DATABASE_URL:-default})"
}

prepare_host() {
  cd "$BERTH_ROOT"
  node --import tsx agent/main.ts prepare || die "host preparation failed (see above)"
}

# Writes Redis's configuration: own port, loopback only, its password (BERTH_REDIS_PASSWORD), own
# data folder, append-only file on. In a file only berth reads, so the password is not on a command line.
write_redis_config() {
  local config="$BERTH_DATA_DIR/redis/redis.conf"
  mkdir -p "$BERTH_DATA_DIR/redis"
  (
    umask 077
    cat > "$config" <<EOF_REDIS
port $BERTH_REDIS_PORT
bind 127.0.0.1
requirepass $BERTH_REDIS_PASSWORD
dir $BERTH_DATA_DIR/redis
appendonly yes
save ""
daemonize no
logfile $BERTH_DATA_DIR/redis/redis.log
EOF_REDIS
  )
  chown -R "$BERTH_USER:$BERTH_USER" "$BERTH_DATA_DIR/redis"
}

# Starts this instance's own Redis as berth, with a password, in the background ($! is its pid).
launch_redis() {
  [ -n "${BERTH_REDIS_PASSWORD:-}" ] || die "BERTH_REDIS_PASSWORD is not set (ensure_secrets writes it)"
  write_redis_config
  "${AS_SERVICE_USER[@]}" redis-server "$BERTH_DATA_DIR/redis/redis.conf" &
}

# Starts Redis (its pid appended to BERTH_PIDS) and waits for it to answer.
start_redis() {
  launch_redis
  BERTH_PIDS+=($!)
  wait_for_redis
}

wait_for_redis() {
  for _ in $(seq 50); do
    REDISCLI_AUTH="$BERTH_REDIS_PASSWORD" redis-cli -p "$BERTH_REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  die "redis did not start on port $BERTH_REDIS_PORT (see $BERTH_DATA_DIR/redis/redis.log)"
}

build_panel() {
  cd "$BERTH_ROOT"
  if [ ! -f .next/BUILD_ID ] || [ -n "$(find app lib next.config.js -newer .next/BUILD_ID -print -quit)" ]; then
    log "building the panel"
    npx next build >"$BERTH_DATA_DIR/panel-build.log" 2>&1 || { tail -40 "$BERTH_DATA_DIR/panel-build.log"; die "panel build failed"; }
  fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_url() {
  local url="$1" seconds="$2"
  for _ in $(seq $((seconds * 5))); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}
