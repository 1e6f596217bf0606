import { isIP } from "node:net";
import { z } from "zod";
import { AgentError } from "./errors";
import { idmapBaseFits, idsPerContainer, subordinateIdRange } from "./idmap";
import type { ContainerLimits, ContainerSpec, FirstBootSettings } from "./types";

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
  network: z.strictObject({
    ipv4: addressWithPrefix(4),
    gateway4: address(4),
    ipv6: addressWithPrefix(6),
    gateway6: address(6),
  }),
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

/** Checks a container name taken from a URL path. */
export function parseContainerName(name: string): string {
  if (!containerNamePattern.test(name)) {
    throw new AgentError("invalid_request", "name: must match ^[a-z0-9][a-z0-9-]{0,62}$", {
      fields: [{ field: "name", message: "must match ^[a-z0-9][a-z0-9-]{0,62}$" }],
    });
  }
  return name;
}
