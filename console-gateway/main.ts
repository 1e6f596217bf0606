import { sessionCookieName } from "../lib/auth/cookies";
import { startConsoleGateway } from "../lib/console/gateway/start-console-gateway";
import { createDatabase } from "../lib/database/client";
import { loadEnvironment } from "../lib/load-environment";
import { configureLogger } from "../lib/logging/logger";
import { consoleGatewaySettings, loadSettings, sessionSettings } from "../lib/settings";

// The console gateway runs as its own process, so browser console sessions never live in the panel.
loadEnvironment();
const log = configureLogger("console-gateway");
const settings = loadSettings();
const { listen, idleSeconds, panelOrigin } = consoleGatewaySettings();
const { secret } = sessionSettings();
if (!secret) throw new Error("NEXTAUTH_SECRET is not set (scripts/up.sh writes it to <data>/secrets.env)");
const database = createDatabase(settings.databaseUrl);
const gateway = await startConsoleGateway({
  database,
  listen,
  panelOrigin,
  sessionCookieName,
  sessionSecret: secret,
  encryptionKey: settings.encryptionKey,
  idleSeconds,
  log: (line) => log.info(line),
});
log.info({ url: gateway.url, panelOrigin, idleSeconds }, "listening");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "closing every console session");
  await gateway.close();
  await database.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
