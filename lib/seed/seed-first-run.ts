import { randomBytes } from "node:crypto";
import type { Database } from "../database/client";
import { ipv4Range, ipv6Range, parseInterfaceAddress } from "../network/address-range";
import { hashPassword } from "../security/password";
import { encryptSecret } from "../security/secret-box";

export interface FirstRunOptions {
  database: Database;
  encryptionKey: string;
  agentUrl: string;
  agentSecret: string;
  bridgeIpv4: string;
  bridgeIpv6: string;
  /** The host's interface towards the internet, which the seeded (NAT) pools are masqueraded to; null keeps them on the bridge. */
  uplink?: string | null;
  adminEmail: string;
  adminPassword?: string;
  demoEmail: string;
  demoPassword?: string;
  host: { name: string; vcpuCapacity: number; vcpuOvercommit?: number; memoryMbCapacity: number; diskMbCapacity: number };
}

const plans = [
  { slug: "small", name: "Small", vcpus: 1, memoryMb: 256, swapMb: 256, diskMb: 1024, processes: 256, ioReadMbps: 100, ioWriteMbps: 50, networkMbps: 100, monthlyPriceCents: 400 },
  { slug: "medium", name: "Medium", vcpus: 2, memoryMb: 1024, swapMb: 512, diskMb: 4096, processes: 1024, ioReadMbps: 200, ioWriteMbps: 100, networkMbps: 500, monthlyPriceCents: 1200 },
];

const templates = [{ slug: "busybox", name: "BusyBox (minimal)", agentTemplate: "busybox" }];

/** Creates a user if missing; returns the password only when it was generated now (printed once). */
async function ensureUser(database: Database, email: string, name: string, role: string, password?: string) {
  const existing = await database.user.findUnique({ where: { email } });
  if (existing) {
    if (password) await database.user.update({ where: { email }, data: { passwordHash: await hashPassword(password) } });
    return undefined;
  }
  const chosen = password ?? randomBytes(12).toString("base64url");
  await database.user.create({ data: { email, name, role, passwordHash: await hashPassword(chosen) } });
  return password ? undefined : chosen;
}

async function ensurePool(database: Database, name: string, family: 4 | 6, cidr: string, hostId: string, uplink: string | null) {
  const range = family === 4 ? ipv4Range(cidr, 10, 250) : ipv6Range(cidr, 0x10, 0xff);
  const gateway = parseInterfaceAddress(cidr).address;
  const pool = await database.ipPool.upsert({
    where: { name },
    update: {},
    create: { name, family, network: range.network, gateway, hostId, mode: "nat", uplink },
  });
  const existing = new Set((await database.ipAddress.findMany({ where: { poolId: pool.id }, select: { address: true } })).map((row) => row.address));
  const missing = range.addresses.filter((address) => !existing.has(address) && address !== gateway);
  if (missing.length > 0) await database.ipAddress.createMany({ data: missing.map((address) => ({ poolId: pool.id, address })) });
}

/**
 * Seeds what a first run needs. Idempotent: running it again changes nothing except a password
 * given explicitly in the environment, and the local host's agent address and secret.
 */
export async function seedFirstRun(options: FirstRunOptions): Promise<{ generatedPasswords: Record<string, string> }> {
  const { database } = options;
  const generatedPasswords: Record<string, string> = {};
  const adminPassword = await ensureUser(database, options.adminEmail, "Administrator", "admin", options.adminPassword);
  if (adminPassword) generatedPasswords[options.adminEmail] = adminPassword;
  const demoPassword = await ensureUser(database, options.demoEmail, "Demo Customer", "customer", options.demoPassword);
  if (demoPassword) generatedPasswords[options.demoEmail] = demoPassword;

  for (const plan of plans) await database.plan.upsert({ where: { slug: plan.slug }, update: {}, create: plan });
  for (const template of templates) await database.template.upsert({ where: { slug: template.slug }, update: {}, create: template });

  const agentSecretEncrypted = encryptSecret(options.agentSecret, options.encryptionKey);
  const host = await database.host.upsert({
    where: { name: options.host.name },
    update: { agentUrl: options.agentUrl, agentSecretEncrypted },
    create: { ...options.host, agentUrl: options.agentUrl, agentSecretEncrypted },
  });
  await ensurePool(database, "local-ipv4", 4, options.bridgeIpv4, host.id, options.uplink ?? null);
  await ensurePool(database, "local-ipv6", 6, options.bridgeIpv6, host.id, options.uplink ?? null);
  return { generatedPasswords };
}
