import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "../lib/database/client";
import { loadEnvironment } from "../lib/load-environment";
import { seedFirstRun } from "../lib/seed/seed-first-run";
import { loadSettings } from "../lib/settings";

// Seeds the first run from the same environment the agent uses (bridge, agent address and secret).
loadEnvironment();
const env = process.env;
const settings = loadSettings();
const database = createDatabase(settings.databaseUrl);
const agentSecret = env.BERTH_AGENT_SECRET ?? readFileSync(env.BERTH_AGENT_SECRET_FILE ?? path.join(settings.dataDirectory, "agent.secret"), "utf8").trim();

const { generatedPasswords } = await seedFirstRun({
  database,
  encryptionKey: settings.encryptionKey,
  agentUrl: `http://${env.BERTH_AGENT_LISTEN ?? "127.0.0.1:7070"}`,
  agentSecret,
  bridgeIpv4: env.BERTH_BRIDGE_IPV4 ?? "10.77.0.1/24",
  bridgeIpv6: env.BERTH_BRIDGE_IPV6 ?? "fd77:6265:7274::1/64",
  adminEmail: env.BERTH_ADMIN_EMAIL ?? "admin@berth.local",
  adminPassword: env.BERTH_ADMIN_PASSWORD || undefined,
  demoEmail: env.BERTH_DEMO_EMAIL ?? "demo@berth.local",
  demoPassword: env.BERTH_DEMO_PASSWORD || undefined,
  host: {
    name: env.BERTH_HOST_NAME ?? "local",
    vcpuCapacity: os.cpus().length * 4,
    memoryMbCapacity: Math.floor(os.totalmem() / 2 ** 20),
    diskMbCapacity: Number(env.BERTH_HOST_DISK_MB ?? 20480),
  },
});
for (const [email, password] of Object.entries(generatedPasswords)) {
  console.log(`  created ${email} with password: ${password}   (shown once; change it after signing in)`);
}
await database.$disconnect();
