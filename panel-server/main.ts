import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { stampPeerAddress } from "../lib/http/stamp-peer-address";
import { loadEnvironment } from "../lib/load-environment";
import { configureLogger } from "../lib/logging/logger";
import { withRequestLogging } from "../lib/logging/request-logging";
import { consoleGatewaySettings, panelListenSettings, trustedProxies } from "../lib/settings";
import { relayConsoleUpgrade } from "./console-upgrade";

/*
 * The panel's own HTTP server, in place of `next start`: Next.js keeps whatever X-Forwarded-For
 * a client sends, so the socket's peer address is stamped on every request here, where nobody
 * but the TCP connection decides it (lib/http/client-address.ts reads it).
 */
loadEnvironment();
const log = configureLogger("panel");
const { host, port } = panelListenSettings();
const proxies = trustedProxies(); // fails at start on a malformed BERTH_TRUSTED_PROXIES, not on the first request
const directory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const app = next({ dev: false, dir: directory, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer(
  withRequestLogging(log, (request, response) => {
    stampPeerAddress(request);
    return handle(request, response);
  }),
);
// WebSocket upgrades: /console/socket goes to the console gateway; nothing else upgrades.
const consoleGateway = consoleGatewaySettings().listen;
server.on("upgrade", (request, socket, head) => relayConsoleUpgrade(request, socket, head, consoleGateway));
server.listen(port, host, () => {
  log.info({ url: `http://${host}:${port}`, trustedProxies: proxies }, "listening");
});

function shutdown(signal: string) {
  log.info({ signal }, "closing");
  server.close(() => process.exit(0));
  // Keep-alive connections would hold close() open; do not wait on them for long.
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
