import { isIP } from "node:net";
import { z } from "zod";
import { AgentError } from "./errors";
import { networkContains, parseAddress, parseNetwork } from "./network/addresses";
import { idmapBaseFits, idsPerContainer, subordinateIdRange } from "./idmap";
import type { ContainerLimits, ContainerNetwork, ContainerSpec, FirewallPolicy, FirstBootSettings, HostNetworkConfig } from "./types";

/** Container names double as LXC names, btrfs subvolume names and path segments. */
export const containerNamePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** RFC 1123 host name label. */
const hostnamePattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const templateNamePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;

function addressWithPrefix(family: 4 | 6) {
  const maximum = family === 4 ? 32 : 128;
  return z.string().refine(
    (value) => {
      const [address, prefix, ...rest] = value.split("/");
      const length = Number(prefix);
      return (
        rest.length === 0 &&
        !!address &&
        isIP(address) === family &&
        prefix !== undefined &&
        /^[0-9]{1,3}$/.test(prefix) &&
        length >= 1 &&
        length <= maximum
      );
    },
    { message: `must be an IPv${family} address with a prefix length (e.g. ${family === 4 ? "10.77.0.10/24" : "fd77:6265:7274::10/64"})` },
  );
}

/** A network in CIDR form with a prefix length in [shortest, longest] (host bits ignored). */
function networkPrefix(family: 4 | 6, shortest: number, longest: number) {
  return z.string().refine(
    (value) => {
      try {
        const network = parseNetwork(value);
        return network.family === family && network.prefixLength >= shortest && network.prefixLength <= longest;
      } catch {
        return false;
      }
    },
    { message: `must be an IPv${family} network in CIDR form, /${shortest} to /${longest}` },
  );
}

/** An IPv4 or IPv6 network in CIDR form (the firewall's peers). */
const anyNetwork = z.string().refine(
  (value) => {
    try {
      parseNetwork(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be an IPv4 or IPv6 network in CIDR form, e.g. 198.51.100.0/24 or 2001:db8::/32" },
);

function address(family: 4 | 6) {
  return z.string().refine((value) => isIP(value) === family, { message: `must be an IPv${family} address` });
}

const limitsSchema = z.strictObject({
  cpus: z.number().min(0.01).max(1024),
  memoryMb: z.number().int().min(16).max(16 * 1024 * 1024),
  swapMb: z.number().int().min(0).max(16 * 1024 * 1024),
  diskMb: z.number().int().min(16).max(1024 * 1024 * 1024),
  processes: z.number().int().min(16).max(4_194_304),
  ioReadMbps: z.number().int().min(1).max(1024 * 1024).optional(),
  ioWriteMbps: z.number().int().min(1).max(1024 * 1024).optional(),
  networkMbps: z.number().int().min(1).max(100_000).optional(),
});

const templateSchema = z.string().regex(templateNamePattern, "must be a template name");

/** A crypt(3) hash (SHA-512, SHA-256 or yescrypt); its characters can't break a shadow line or a shell word. */
const cryptHashSchema = z.string().regex(/^\$(6|y|5)\$[./A-Za-z0-9$=]+$/, "must be a crypt(3) hash ($6$, $5$ or $y$)");

// One authorized_keys line, without options: a key type sshd knows, base64, then an optional comment.
const sshKeyPattern = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+) [A-Za-z0-9+/]+={0,3}( [^\r\n\0]*)?$/;
const maximumUserDataBytes = 64 * 1024;

const firstBootSchema = z.strictObject({
  sshKeys: z.array(z.string().max(16 * 1024).regex(sshKeyPattern, "must be one OpenSSH public key line (ssh-ed25519, ssh-rsa, ecdsa-sha2-*, sk-*)")).max(32),
  rootPasswordHash: cryptHashSchema.nullable(),
  resolvers: z.array(z.string().refine((value) => isIP(value) !== 0, { message: "must be an IP address" })).max(3),
  userData: z
    .string()
    .refine((value) => Buffer.byteLength(value, "utf8") <= maximumUserDataBytes, { message: `must be at most ${maximumUserDataBytes} bytes` })
    .nullable(),
}) satisfies z.ZodType<FirstBootSettings>;

const networkSchema = z
  .strictObject({
    ipv4: addressWithPrefix(4),
    gateway4: address(4),
    ipv6: addressWithPrefix(6),
    gateway6: address(6),
    ipv6Prefix: networkPrefix(6, 32, 64).optional(),
  })
  .refine((network) => !network.ipv6Prefix || networkContains(parseNetwork(network.ipv6Prefix), parseAddress(network.ipv6.split("/")[0] ?? "")), {
    message: "ipv6 must be an address inside ipv6Prefix",
    path: ["ipv6"],
  });

const containerSpecSchema = z.strictObject({
  name: z.string().regex(containerNamePattern, "must match ^[a-z0-9][a-z0-9-]{0,62}$"),
  template: templateSchema,
  hostname: z.string().regex(hostnamePattern, "must be an RFC 1123 host name label (letters, digits, inner hyphens, at most 63)"),
  idmapBase: z
    .number()
    .int()
    .refine(idmapBaseFits, {
      message: `must be a multiple of ${idsPerContainer} within ${subordinateIdRange.start}..${subordinateIdRange.start + subordinateIdRange.count - idsPerContainer}`,
    }),
  limits: limitsSchema,
  network: networkSchema,
  firstBoot: firstBootSchema.optional(),
});

interface FieldProblem {
  field: string;
  message: string;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    // An unknown key has an empty path; name the key itself instead.
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const base = issue.path.map(String).join(".");
    const field = keys.length > 0 ? keys.map((key) => (base ? `${base}.${key}` : key)).join(", ") : base || "body";
    return { field, message: issue.message };
  });
}

const resizeRequestSchema = z.strictObject({ limits: limitsSchema });

const interfaceName = z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, "must be a network interface name (1-15 letters, digits, _ . -)");
const port = z.number().int().min(1).max(65535);

const hostNetworkSchema = z.strictObject({
  pools: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(100),
        family: z.union([z.literal(4), z.literal(6)]),
        mode: z.enum(["routed", "nat"]),
        network: anyNetwork,
        gateway: z.string().refine((value) => isIP(value) !== 0, { message: "must be an IP address" }),
        uplink: interfaceName.nullable(),
        proxyNeighbour: z.boolean(),
      }),
    )
    .max(256)
    .refine((pools) => pools.every((pool) => parseNetwork(pool.network).family === pool.family && isIP(pool.gateway) === pool.family), {
      message: "each pool's network and gateway must be of its family",
    }),
  portForwards: z.array(z.strictObject({ protocol: z.enum(["tcp", "udp"]), publicPort: port, address: address(4), port })).max(4096),
}) satisfies z.ZodType<HostNetworkConfig>;

const firewallRuleSchema = z
  .strictObject({
    direction: z.enum(["in", "out"]),
    protocol: z.enum(["tcp", "udp", "icmp", "any"]),
    ports: z.strictObject({ from: port, to: port }).nullable(),
    address: anyNetwork.nullable(),
    action: z.enum(["accept", "drop"]),
  })
  .refine((rule) => rule.ports === null || rule.protocol === "tcp" || rule.protocol === "udp", { message: "ports need protocol tcp or udp", path: ["ports"] })
  .refine((rule) => rule.ports === null || rule.ports.from <= rule.ports.to, { message: "from must not be above to", path: ["ports"] });

// The panel allows fewer; this bounds one nft transaction.
const firewallSchema = z.strictObject({
  version: z.number().int().min(0),
  defaultInbound: z.enum(["accept", "drop"]),
  rules: z.array(firewallRuleSchema).max(200),
}) satisfies z.ZodType<FirewallPolicy>;

const addressesRequestSchema = z.strictObject({ network: networkSchema });

const throttleRequestSchema = z.strictObject({ throttleMbps: z.number().int().min(1).max(100_000).nullable() });
const reinstallRequestSchema = z.strictObject({ template: templateSchema, firstBoot: firstBootSchema.optional() });
const passwordRequestSchema = z.strictObject({ rootPasswordHash: cryptHashSchema });

/** Parses a request body; throws invalid_request naming the first bad field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = describeIssues(result.error.issues);
  const first = problems[0] ?? { field: "body", message: "is invalid" };
  throw new AgentError("invalid_request", `${first.field}: ${first.message}`, { fields: problems });
}

/** Parses a create request body. */
export function parseContainerSpec(body: unknown): ContainerSpec {
  return parseBody(containerSpecSchema, body);
}

/** Parses a resize request body: `{ limits }`. */
export function parseResizeRequest(body: unknown): ContainerLimits {
  return parseBody(resizeRequestSchema, body).limits;
}

/** Parses a reinstall request body: `{ template, firstBoot? }`. */
export function parseReinstallRequest(body: unknown): { template: string; firstBoot?: FirstBootSettings } {
  return parseBody(reinstallRequestSchema, body);
}

/** Parses a password request body: `{ rootPasswordHash }`. */
export function parsePasswordRequest(body: unknown): string {
  return parseBody(passwordRequestSchema, body).rootPasswordHash;
}

/** Parses POST /v1/containers/{name}/addresses: `{ network }`. */
export function parseAddressesRequest(body: unknown): ContainerNetwork {
  return parseBody(addressesRequestSchema, body).network;
}

/** Parses PUT /v1/network: the host's pools and port forwards. */
export function parseHostNetworkConfig(body: unknown): HostNetworkConfig {
  return parseBody(hostNetworkSchema, body);
}

/** Parses PUT /v1/containers/{name}/firewall. */
export function parseFirewallPolicy(body: unknown): FirewallPolicy {
  return parseBody(firewallSchema, body);
}

/** Parses POST /v1/containers/{name}/throttle: `{ throttleMbps }` (null lifts it). */
export function parseThrottleRequest(body: unknown): number | null {
  return parseBody(throttleRequestSchema, body).throttleMbps;
}

/** Checks a container name taken from a URL path. */
export function parseContainerName(name: string): string {
  if (!containerNamePattern.test(name)) {
    throw new AgentError("invalid_request", "name: must match ^[a-z0-9][a-z0-9-]{0,62}$", {
      fields: [{ field: "name", message: "must match ^[a-z0-9][a-z0-9-]{0,62}$" }],
    });
  }
  return name;
}
