import { isIP } from "node:net";
import path from "node:path";

/*
 * Every environment variable Berth's panel, worker, CLI and seed read is read here (the agent
 * has its own, agent/config.ts). Entry points call loadEnvironment() first, which adds .env and
 * <data>/secrets.env, then read what they need once and pass it down.
 */

type Environment = Record<string, string | undefined>;

/** Where Berth keeps its state; every other default path lives under it. */
export function dataDirectory(env: Environment = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.BERTH_DATA_DIR ?? "/var/lib/berth");
}

/** SQLite database URL: BERTH_DATABASE_URL, else a file in the data directory. */
export function databaseUrl(env: Environment = process.env): string {
  return env.BERTH_DATABASE_URL ?? `file:${path.join(dataDirectory(env), "berth.db")}`;
}

/**
 * Berth's Redis: BERTH_REDIS_URL, else 127.0.0.1 on BERTH_REDIS_PORT. scripts/up.sh starts Redis
 * with a generated password (BERTH_REDIS_PASSWORD in <data>/secrets.env); a URL without a
 * password gets that one.
 */
export function redisUrl(env: Environment = process.env): string {
  const url = new URL(env.BERTH_REDIS_URL || `redis://127.0.0.1:${env.BERTH_REDIS_PORT || 6390}`);
  if (env.BERTH_REDIS_PASSWORD && !url.password) url.password = encodeURIComponent(env.BERTH_REDIS_PASSWORD);
  return url.toString();
}

/** A Redis URL fit for logs: the password is left out. */
export function redactedRedisUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

function numberSetting(env: Environment, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value.trim() === "") return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${name} must be a positive number, got "${value}"`);
  return number;
}

/** Settings shared by panel, worker and CLI, read once at each entry point and passed down. */
export interface BerthSettings {
  dataDirectory: string;
  databaseUrl: string;
  redisUrl: string;
  encryptionKey: string;
  /** API requests per minute per token (BERTH_API_RATE_LIMIT). */
  apiRateLimit: number;
  /** Failed sign-ins per address per 10 minutes (BERTH_SIGNIN_IP_LIMIT). */
  signInIpLimit: number;
  /** Jobs one worker runs at once (BERTH_WORKER_CONCURRENCY). */
  workerConcurrency: number;
  /** Signing secret of the admin's billing webhook; null refuses every admin webhook call. */
  billingSecret: string | null;
  /** The panel's public URL (NEXTAUTH_URL), when configured. */
  panelUrl: string | null;
  /** The panel's port on this machine, for the CLI's default webhook URL. */
  panelPort: number;
  /** How often the worker reads every host's usage counters, seconds (BERTH_USAGE_INTERVAL_SECONDS). */
  usageIntervalSeconds: number;
  /** How often the worker compares every host's containers with what the database wants, seconds (BERTH_RECONCILE_SECONDS). */
  reconcileSeconds: number;
  /** How often the worker asks every active host's agent for its health, seconds (BERTH_HOST_HEARTBEAT_SECONDS). */
  hostHeartbeatSeconds: number;
  /** A host that has not answered for this long is marked down, seconds (BERTH_HOST_DOWN_SECONDS). */
  hostDownSeconds: number;
  /** The operator's SMTP server (BERTH_SMTP_URL); null: mail is off and the admin reads it in the panel. */
  smtpUrl: string | null;
  /** The sender's address (BERTH_MAIL_FROM). */
  mailFrom: string;
  /** Seconds before each retry of an outgoing webhook delivery (BERTH_WEBHOOK_RETRY_SECONDS); their sum is how long one is retried. */
  webhookRetrySeconds: number[];
  /** Networks resellers' webhook endpoints may reach besides public addresses (BERTH_WEBHOOK_ALLOWED_NETWORKS, CIDRs). */
  webhookAllowedNetworks: string[];
}

// About a day in all: 10 s, 30 s, 1 min, 5 min, 15 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h.
const defaultWebhookRetrySeconds = "10,30,60,300,900,1800,3600,7200,14400,28800,28800";

function secondsListSetting(env: Environment, name: string, fallback: string): number[] {
  const value = env[name]?.trim() || fallback;
  const seconds = value.split(",").map((entry) => Number(entry.trim()));
  if (seconds.some((entry) => !Number.isFinite(entry) || entry <= 0)) throw new Error(`${name} must be comma-separated positive seconds, got "${value}"`);
  return seconds;
}

function smtpUrlSetting(env: Environment): string | null {
  const value = env.BERTH_SMTP_URL?.trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`BERTH_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://..., got "${value}"`);
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error(`BERTH_SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//"`);
  return value;
}

/** Reads the settings from the environment; the encryption key is required. */
export function loadSettings(env: Environment = process.env): BerthSettings {
  const encryptionKey = env.BERTH_ENCRYPTION_KEY;
  if (!encryptionKey) throw new Error("BERTH_ENCRYPTION_KEY is not set (scripts/up.sh writes it to <data>/secrets.env)");
  return {
    dataDirectory: dataDirectory(env),
    databaseUrl: databaseUrl(env),
    redisUrl: redisUrl(env),
    encryptionKey,
    apiRateLimit: numberSetting(env, "BERTH_API_RATE_LIMIT", 600),
    signInIpLimit: numberSetting(env, "BERTH_SIGNIN_IP_LIMIT", 20),
    workerConcurrency: numberSetting(env, "BERTH_WORKER_CONCURRENCY", 4),
    billingSecret: env.BERTH_BILLING_SECRET || null,
    panelUrl: env.NEXTAUTH_URL || null,
    panelPort: numberSetting(env, "BERTH_PANEL_PORT", 3000),
    usageIntervalSeconds: numberSetting(env, "BERTH_USAGE_INTERVAL_SECONDS", 60),
    reconcileSeconds: numberSetting(env, "BERTH_RECONCILE_SECONDS", 60),
    hostHeartbeatSeconds: numberSetting(env, "BERTH_HOST_HEARTBEAT_SECONDS", 10),
    hostDownSeconds: numberSetting(env, "BERTH_HOST_DOWN_SECONDS", 30),
    smtpUrl: smtpUrlSetting(env),
    mailFrom: env.BERTH_MAIL_FROM?.trim() || "berth@localhost",
    webhookRetrySeconds: secondsListSetting(env, "BERTH_WEBHOOK_RETRY_SECONDS", defaultWebhookRetrySeconds),
    webhookAllowedNetworks: cidrListSetting(env, "BERTH_WEBHOOK_ALLOWED_NETWORKS"),
  };
}

/** The panel's public URL without a trailing slash, for links in mail and login links. */
export function panelBaseUrl(settings: Pick<BerthSettings, "panelUrl" | "panelPort">): string {
  return (settings.panelUrl ?? `http://127.0.0.1:${settings.panelPort}`).replace(/\/+$/, "");
}

/**
 * What the session cookie and next-auth need, readable without the encryption key: next-auth's
 * options and proxy.ts read it when their modules load (also during the panel's build).
 */
export function sessionSettings(env: Environment = process.env) {
  const secureCookies = env.NEXTAUTH_URL?.startsWith("https://") ?? false;
  return { secret: env.NEXTAUTH_SECRET, secureCookies };
}

/** What the first-run seed needs besides the settings: the agent and bridge it shares with the agent, and the first accounts. */
export function firstRunSettings(env: Environment = process.env) {
  return {
    agentListen: env.BERTH_AGENT_LISTEN ?? "127.0.0.1:7070",
    agentSecret: env.BERTH_AGENT_SECRET || null,
    agentSecretFile: env.BERTH_AGENT_SECRET_FILE ?? path.join(dataDirectory(env), "agent.secret"),
    bridgeIpv4: env.BERTH_BRIDGE_IPV4 ?? "10.77.0.1/24",
    bridgeIpv6: env.BERTH_BRIDGE_IPV6 ?? "fd77:6265:7274::1/64",
    adminEmail: env.BERTH_ADMIN_EMAIL ?? "admin@berth.local",
    adminPassword: env.BERTH_ADMIN_PASSWORD || undefined,
    demoEmail: env.BERTH_DEMO_EMAIL ?? "demo@berth.local",
    demoPassword: env.BERTH_DEMO_PASSWORD || undefined,
    hostName: env.BERTH_HOST_NAME ?? "local",
    hostDiskMb: numberSetting(env, "BERTH_HOST_DISK_MB", 20480),
    // The first host's interface towards the internet: its seeded pools are masqueraded to it. None: they stay on the bridge.
    uplink: env.BERTH_UPLINK || null,
  };
}

/** What `berth billing send` needs: where the panel listens and the admin's billing secret (no encryption key). */
export function billingClientSettings(env: Environment = process.env) {
  return { panelPort: numberSetting(env, "BERTH_PANEL_PORT", 3000), billingSecret: env.BERTH_BILLING_SECRET || null };
}

/**
 * BERTH_TRUSTED_PROXIES: comma-separated addresses and CIDR ranges of the reverse proxies in
 * front of the panel, whose X-Forwarded-For the panel believes. Default none: the caller's
 * address is the TCP peer, whatever headers it sends.
 */
export function trustedProxies(env: Environment = process.env): string[] {
  return cidrListSetting(env, "BERTH_TRUSTED_PROXIES");
}

/** A comma-separated list of IP addresses and CIDR ranges; a bad entry stops the process naming it. */
function cidrListSetting(env: Environment, name: string): string[] {
  const entries = (env[name] ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address ?? "");
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (!family || extra !== undefined || !validBits) throw new Error(`${name}: "${entry}" is not an IP address or CIDR range`);
  }
  return entries;
}

/** Where the panel's own HTTP server (panel-server/main.ts) listens. */
export function panelListenSettings(env: Environment = process.env) {
  return { host: env.BERTH_PANEL_HOST || "0.0.0.0", port: numberSetting(env, "BERTH_PANEL_PORT", 3000) };
}

/**
 * The console gateway (console-gateway/main.ts): where it listens (BERTH_CONSOLE_LISTEN, loopback;
 * the panel's server relays /console/socket to it; default the panel's port + 2) and how long a
 * console may go without input (BERTH_CONSOLE_IDLE_SECONDS, default 900).
 */
export function consoleGatewaySettings(env: Environment = process.env) {
  const panelPort = numberSetting(env, "BERTH_PANEL_PORT", 3000);
  const listen = env.BERTH_CONSOLE_LISTEN || `127.0.0.1:${panelPort + 2}`;
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  const host = match?.[1] ?? match?.[2] ?? "";
  const port = Number(match?.[3]);
  if (!isIP(host) || !(port > 0 && port < 65536)) throw new Error(`BERTH_CONSOLE_LISTEN must be IP:PORT (IPv6 as [::1]:3002), got "${listen}"`);
  return {
    listen: { host, port },
    idleSeconds: numberSetting(env, "BERTH_CONSOLE_IDLE_SECONDS", 900),
    panelOrigin: new URL(env.NEXTAUTH_URL || `http://127.0.0.1:${panelPort}`).origin,
  };
}

/** BERTH_DEBUG: the CLI prints stack traces. */
export function debugEnabled(env: Environment = process.env): boolean {
  return Boolean(env.BERTH_DEBUG);
}

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Logs and metrics: BERTH_LOG_LEVEL (default info) and BERTH_METRICS_TOKEN, the bearer token
 * Prometheus sends to /metrics (unset: the panel's /metrics answers 404).
 */
export function operationsSettings(env: Environment = process.env, defaultLogLevel: LogLevel = "info"): { logLevel: LogLevel; metricsToken: string | null } {
  const level = env.BERTH_LOG_LEVEL?.trim().toLowerCase() || defaultLogLevel;
  if (!(logLevels as readonly string[]).includes(level)) throw new Error(`BERTH_LOG_LEVEL must be one of ${logLevels.join(", ")}, got "${level}"`);
  return { logLevel: level as LogLevel, metricsToken: env.BERTH_METRICS_TOKEN?.trim() || null };
}
