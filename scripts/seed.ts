import { readFileSync } from "node:fs";
import os from "node:os";
import { createDatabase } from "../lib/database/client";
import { loadEnvironment } from "../lib/load-environment";
import { seedFirstRun } from "../lib/seed/seed-first-run";
import { firstRunSettings, loadSettings } from "../lib/settings";

// Seeds the first run from the same environment the agent uses (bridge, agent address and secret).
loadEnvironment();
const settings = loadSettings();
const firstRun = firstRunSettings();
const database = createDatabase(settings.databaseUrl);
const agentSecret = firstRun.agentSecret ?? readFileSync(firstRun.agentSecretFile, "utf8").trim();

const { generatedPasswords } = await seedFirstRun({
  database,
  encryptionKey: settings.encryptionKey,
  agentUrl: `http://${firstRun.agentListen}`,
  agentSecret,
  bridgeIpv4: firstRun.bridgeIpv4,
  bridgeIpv6: firstRun.bridgeIpv6,
  uplink: firstRun.uplink,
  adminEmail: firstRun.adminEmail,
  adminPassword: firstRun.adminPassword,
  demoEmail: firstRun.demoEmail,
  demoPassword: firstRun.demoPassword,
  host: {
    name: firstRun.hostName,
    vcpuCapacity: os.cpus().length,
    vcpuOvercommit: 4,
    memoryMbCapacity: Math.floor(os.totalmem() / 2 ** 20),
    diskMbCapacity: firstRun.hostDiskMb,
  },
});
for (const [email, password] of Object.entries(generatedPasswords)) {
  console.log(`  created ${email} with password: ${password}   (shown once; change it after signing in)`);
}
await database.$disconnect();
