import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";

export interface ListenAddress {
  host: string;
  port: number;
}

export interface AgentConfig {
  dataDir: string;
  /** Where the btrfs pool is mounted; holds templates/ and servers/. */
  poolDir: string;
  /** Loop image file used as the pool when no real device is given. */
  poolImage: string;
  /** Size of the loop image, as `truncate -s` understands it (e.g. 20G). */
  poolSize: string;
  /** A real btrfs block device to mount instead of the loop image. */
  poolDevice: string | null;
  /** LXC's container path (-P): one folder per container with its config. */
  lxcPath: string;
  bridge: string;
  /** Host address on the bridge in CIDR form, e.g. 10.77.0.1/24. */
  bridgeIpv4: string;
  bridgeIpv6: string;
  listen: ListenAddress;
  /** Shared HMAC secret; null when neither set nor created yet (`prepare` creates the file). */
  secret: string | null;
  secretFile: string;
  /** The host's name in the panel, written at join ("" until then: the single-host setup, where the seed names the host). */
  hostName: string;
  hostNameFile: string;
  /** The agent's TLS key and self-signed certificate, written at join; serve listens over HTTPS once they exist. */
  tlsKeyFile: string;
  tlsCertificateFile: string;
  /** Seccomp profile of every container (written by `prepare`): LXC's defaults plus Berth's denials. */
  seccompProfile: string;
  /** How new containers' root file systems get their ids: decided at start when "auto" (host/rootfs-ownership.ts). */
  rootfsOwnership: "auto" | "idmapped" | "shifted";
  /** Debian archive that OS images are built from; null = the first Debian archive in the host's apt sources. */
  debianMirror: string | null;
  /** Downloaded .deb files kept between image builds (debootstrap --cache-dir), so a rebuild downloads nothing again. */
  imageCacheDir: string;
  /** BERTH_LOG_LEVEL: the least severe log lines written (default info). */
  logLevel: string;
  /** BERTH_METRICS_TOKEN: the bearer token Prometheus sends to GET /metrics; null turns /metrics off (404). */
  metricsToken: string | null;
}

/** Thrown for an unusable environment variable; the message names the variable. */
export class AgentConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "AgentConfigError";
  }
}

const interfaceNamePattern = /^[A-Za-z0-9_.-]{1,15}$/;
const sizePattern = /^([1-9][0-9]*)([KMGT]?)$/;
const sizeMultipliers: Record<string, number> = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };
// mkfs.btrfs refuses very small devices; stay well clear of its floor.
const minimumPoolBytes = 256 * 2 ** 20;
const minimumSecretLength = 32;

function readVariable(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function absolutePath(variable: string, value: string): string {
  if (!path.isAbsolute(value)) throw new AgentConfigError(variable, `must be an absolute path, got "${value}"`);
  return path.normalize(value).replace(/(.)\/+$/, "$1");
}

function cidr(variable: string, value: string, family: 4 | 6): string {
  const [address, prefix, ...rest] = value.split("/");
  const maximum = family === 4 ? 32 : 128;
  const prefixLength = Number(prefix);
  if (
    rest.length > 0 ||
    !address ||
    isIP(address) !== family ||
    prefix === undefined ||
    !/^[0-9]{1,3}$/.test(prefix) ||
    prefixLength < 1 ||
    prefixLength > maximum
  ) {
    throw new AgentConfigError(variable, `must be an IPv${family} address with a prefix length, e.g. ${family === 4 ? "10.77.0.1/24" : "fd77:6265:7274::1/64"}; got "${value}"`);
  }
  return `${address}/${prefixLength}`;
}

function listenAddress(variable: string, value: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):([0-9]{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!match || !host || isIP(host) === 0 || !Number.isInteger(port) || port > 65535) {
    throw new AgentConfigError(variable, `must be IP:PORT (IPv6 as [::1]:7070), got "${value}"`);
  }
  return { host, port };
}

export function parseSizeInBytes(value: string): number | null {
  const match = sizePattern.exec(value);
  if (!match) return null;
  return Number(match[1]) * (sizeMultipliers[match[2] ?? ""] ?? 1);
}

/** A small file's trimmed text, or null when it does not exist. */
function readOptionalText(file: string, variable: string): string | null {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new AgentConfigError(variable, `cannot read ${file}: ${(error as Error).message}`);
  }
}

function readSecretFile(file: string): string | null {
  const content = readOptionalText(file, "BERTH_AGENT_SECRET_FILE");
  if (content === null) return null;
  if (content.length < minimumSecretLength) {
    throw new AgentConfigError("BERTH_AGENT_SECRET_FILE", `${file} must hold at least ${minimumSecretLength} characters`);
  }
  return content;
}

/** Reads the agent's settings from the environment, with defaults, and validates them. */
export function loadAgentConfig(env: Record<string, string | undefined> = process.env): AgentConfig {
  const dataDir = absolutePath("BERTH_DATA_DIR", readVariable(env, "BERTH_DATA_DIR") ?? "/var/lib/berth");
  const poolDir = absolutePath("BERTH_POOL_DIR", readVariable(env, "BERTH_POOL_DIR") ?? `${dataDir}/pool`);
  const poolImage = absolutePath("BERTH_POOL_IMAGE", readVariable(env, "BERTH_POOL_IMAGE") ?? `${dataDir}/pool.img`);
  const poolDeviceValue = readVariable(env, "BERTH_POOL_DEVICE");
  const poolDevice = poolDeviceValue === undefined ? null : absolutePath("BERTH_POOL_DEVICE", poolDeviceValue);
  const lxcPath = absolutePath("BERTH_LXC_PATH", readVariable(env, "BERTH_LXC_PATH") ?? `${dataDir}/lxc`);

  const poolSize = (readVariable(env, "BERTH_POOL_SIZE") ?? "20G").toUpperCase();
  const poolBytes = parseSizeInBytes(poolSize);
  if (poolBytes === null) throw new AgentConfigError("BERTH_POOL_SIZE", `must be a size like 20G or 512M, got "${poolSize}"`);
  if (poolBytes < minimumPoolBytes) throw new AgentConfigError("BERTH_POOL_SIZE", `must be at least 256M, got "${poolSize}"`);

  const bridge = readVariable(env, "BERTH_BRIDGE") ?? "br-berth";
  if (!interfaceNamePattern.test(bridge)) {
    throw new AgentConfigError("BERTH_BRIDGE", `must be a network interface name of 1-15 letters, digits, "_", "." or "-", got "${bridge}"`);
  }
  const bridgeIpv4 = cidr("BERTH_BRIDGE_IPV4", readVariable(env, "BERTH_BRIDGE_IPV4") ?? "10.77.0.1/24", 4);
  const bridgeIpv6 = cidr("BERTH_BRIDGE_IPV6", readVariable(env, "BERTH_BRIDGE_IPV6") ?? "fd77:6265:7274::1/64", 6);
  const listen = listenAddress("BERTH_AGENT_LISTEN", readVariable(env, "BERTH_AGENT_LISTEN") ?? "127.0.0.1:7070");

  const secretFile = absolutePath(
    "BERTH_AGENT_SECRET_FILE",
    readVariable(env, "BERTH_AGENT_SECRET_FILE") ?? `${dataDir}/agent.secret`,
  );
  const secretValue = readVariable(env, "BERTH_AGENT_SECRET");
  if (secretValue !== undefined && secretValue.length < minimumSecretLength) {
    throw new AgentConfigError("BERTH_AGENT_SECRET", `must be at least ${minimumSecretLength} characters`);
  }
  const secret = secretValue ?? readSecretFile(secretFile);

  const seccompProfile = `${dataDir}/berth.seccomp`;
  const hostNameFile = `${dataDir}/agent-host-name`;
  const hostName = readOptionalText(hostNameFile, "BERTH_DATA_DIR") ?? "";

  const rootfsOwnership = readVariable(env, "BERTH_ROOTFS_OWNERSHIP") ?? "auto";
  if (rootfsOwnership !== "auto" && rootfsOwnership !== "idmapped" && rootfsOwnership !== "shifted") {
    throw new AgentConfigError("BERTH_ROOTFS_OWNERSHIP", `must be auto, idmapped or shifted, got "${rootfsOwnership}"`);
  }

  const debianMirror = readVariable(env, "BERTH_DEBIAN_MIRROR") ?? null;
  if (debianMirror !== null && !/^(https?|file):\/\/\S+$/.test(debianMirror)) {
    throw new AgentConfigError("BERTH_DEBIAN_MIRROR", `must be an http://, https:// or file:// URL of a Debian archive, got "${debianMirror}"`);
  }
  const imageCacheDir = absolutePath("BERTH_IMAGE_CACHE_DIR", readVariable(env, "BERTH_IMAGE_CACHE_DIR") ?? "/var/cache/berth/images");

  const logLevel = (readVariable(env, "BERTH_LOG_LEVEL") ?? "info").toLowerCase();
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(logLevel)) {
    throw new AgentConfigError("BERTH_LOG_LEVEL", `must be fatal, error, warn, info, debug, trace or silent, got "${logLevel}"`);
  }
  const metricsToken = readVariable(env, "BERTH_METRICS_TOKEN") ?? null;

  return {
    dataDir,
    poolDir,
    poolImage,
    poolSize,
    poolDevice,
    lxcPath,
    bridge,
    bridgeIpv4,
    bridgeIpv6,
    listen,
    secret,
    secretFile,
    hostName,
    hostNameFile,
    tlsKeyFile: `${dataDir}/agent-tls.key`,
    tlsCertificateFile: `${dataDir}/agent-tls.crt`,
    seccompProfile,
    rootfsOwnership,
    debianMirror,
    imageCacheDir,
    logLevel,
    metricsToken,
  };
}
