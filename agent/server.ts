import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { AgentConfig } from "./config";
import { consoleUpgradeHandler } from "./console/console-upgrade";
import { findContainerAction } from "./container-actions";
import { ContainerLocks } from "./container-locks";
import type { ContainerDriver } from "./driver";
import { AgentError } from "./errors";
import { startWantedContainers } from "./host/autostart";
import { detectCgroupLayout } from "./host/cgroups";
import { stdoutLogger, withCaller, withCallerIds, type AgentLogger } from "./log";
import { imageRoutes } from "./images/image-routes";
import { readHostInventory } from "./inventory/host-inventory";
import { LxcDriver } from "./lxc/driver";
import { AgentMetrics } from "./operations/agent-metrics";
import { operationsRoutes } from "./operations/operations-routes";
import { logRequest } from "./operations/request-log";
import { correlationOf } from "./protocol/correlation";
import { RequestVerifier } from "./protocol/signature";
import { readOptionalFile } from "./read-optional-file";
import type { AgentErrorBody, HealthReport, OperationResult } from "./types";
import { NetworkManager } from "./network/network-manager";
import { UsageMeter } from "./usage/usage-meter";
import { parseContainerName, parseContainerSpec, parseFirewallPolicy, parseHostNetworkConfig, parseThrottleRequest } from "./validation";

export interface AgentServerOptions {
  config: AgentConfig;
  /** Start the containers wanted running that are stopped (after a host reboot), this many at a time. */
  autostartConcurrency?: number;
  /** Defaults to the LXC driver; every changing call goes through per-container locks. */
  driver?: ContainerDriver;
  log?: AgentLogger;
  /** Sweep the usage counters this often between the panel's reads, so little is lost when a container stops itself; 0 = only on request. */
  usageSweepIntervalMs?: number;
}

export interface AgentServer {
  url: string;
  close(): Promise<void>;
}

const maximumBodyBytes = 1024 * 1024;

interface Reply {
  status: number;
  body: unknown;
}

interface RouteContext {
  method: string;
  segments: string[];
  body: Buffer;
  operationId: string;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maximumBodyBytes) {
        reject(new AgentError("invalid_request", `body: larger than ${maximumBodyBytes} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new AgentError("invalid_request", "body: must be a JSON document");
  }
}

// Every answer names its operation, so a caller can match its records with the agent's log.
export const operationHeader = "X-Berth-Operation";

function sendJson(response: ServerResponse, status: number, body: unknown, operationId: string): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), [operationHeader]: operationId });
  response.end(text);
}

function errorBody(error: AgentError): AgentErrorBody {
  return {
    error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
  };
}

// Actions that stop a running container, ending its kernel counters.
const countersEndingActions = new Set(["stop", "reboot", "destroy", "rescue", "unrescue", "reinstall", "addresses"]);

function methodNotAllowed(method: string): never {
  throw new AgentError("method_not_allowed", `method ${method} is not allowed here`);
}

/** Starts the agent's HTTP API (every request signed with the shared secret). */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const { config } = options;
  const secret = config.secret;
  if (!secret) throw new Error(`no agent secret: set BERTH_AGENT_SECRET or run prepare to create ${config.secretFile}`);
  // The driver and the network see each other: the driver writes a container's rules as it
  // creates, starts and destroys it; the network reads every container's spec for host-wide parts.
  const network: NetworkManager = new NetworkManager({ config, containerSpecs: () => driver.containerSpecs() });
  const driver = options.driver ?? new LxcDriver(config, { network });
  const usage = new UsageMeter(config, network, async () => (await driver.containerSpecs()).map((spec) => spec.name));
  const locks = new ContainerLocks();
  // Every line logged while a request is answered names its caller's request and job ids.
  const log = withCallerIds(options.log ?? stdoutLogger(config.logLevel));
  const metrics = new AgentMetrics(driver);
  const operations = operationsRoutes({ config, metrics });
  const verifier = new RequestVerifier(secret, config.hostName);
  const images = imageRoutes(config, log);
  const cgroupVersion = (await detectCgroupLayout()).version;
  const consoles = consoleUpgradeHandler({ verifier, driver, log });

  async function action(context: RouteContext, name: string, kind: string, work: () => Promise<OperationResult["container"]>): Promise<Reply> {
    const started = Date.now();
    log({ operationId: context.operationId, action: kind, container: name, phase: "started" });
    let container: OperationResult["container"];
    try {
      container = await locks.exclusive(name, kind, async () => {
        // These stop the container (its cgroup and veth, and their counters, go): count them first.
        if (countersEndingActions.has(kind)) await usage.sample(name).catch(() => undefined);
        return work();
      });
    } catch (error) {
      const reason = error instanceof AgentError ? error.code : "internal_error";
      log({ operationId: context.operationId, action: kind, container: name, phase: "failed", error: reason, ms: Date.now() - started });
      metrics.recordOperation(kind, reason, (Date.now() - started) / 1000);
      throw error;
    }
    log({ operationId: context.operationId, action: kind, container: name, phase: "done", state: container?.state ?? null, ms: Date.now() - started });
    metrics.recordOperation(kind, "ok", (Date.now() - started) / 1000);
    // A frozen container's lxc-console stays connected: end its sessions here.
    if (kind === "suspend") consoles.endSessions("container_suspended", name);
    const body: OperationResult = { operationId: context.operationId, container };
    return { status: 200, body };
  }

  /** A container's firewall, throttle and counters: host-side state, changed without the container's lock (they never touch LXC). */
  async function networkRoute(method: string, name: string, verb: "network" | "firewall" | "throttle", body: Buffer): Promise<Reply> {
    const spec = await driver.spec(name);
    if (!spec) throw new AgentError("not_found", `container ${name} does not exist`);
    if (verb === "network") {
      if (method !== "GET") methodNotAllowed(method);
      return { status: 200, body: await network.containerState(spec) };
    }
    if (verb === "firewall") {
      if (method === "GET") return { status: 200, body: { firewall: (await network.containerState(spec)).firewall } };
      if (method !== "PUT") methodNotAllowed(method);
      return { status: 200, body: { firewall: await network.setFirewall(spec, parseFirewallPolicy(parseJson(body))) } };
    }
    if (method !== "POST") methodNotAllowed(method);
    await network.setThrottle(spec, parseThrottleRequest(parseJson(body)));
    return { status: 200, body: await network.containerState(spec) };
  }

  async function route(context: RouteContext): Promise<Reply> {
    const { method, segments } = context;
    const [version, collection, rawName, verb, ...rest] = segments;
    if (version !== "v1" || rest.length > 0) throw new AgentError("not_found", "no such route");

    if (collection === "health" && rawName === undefined) {
      if (method !== "GET") methodNotAllowed(method);
      const body: HealthReport = { ok: true, cgroupVersion, rootfsOwnership: await driver.rootfsOwnership(), bridge: config.bridge, pool: config.poolDir };
      return { status: 200, body };
    }
    if (collection === "network" && rawName === undefined) {
      if (method === "GET") return { status: 200, body: await network.hostState() };
      if (method === "PUT") return { status: 200, body: await network.setHostConfig(parseHostNetworkConfig(parseJson(context.body))) };
      methodNotAllowed(method);
    }
    if (collection === "usage" && rawName === undefined) {
      if (method !== "GET") methodNotAllowed(method);
      return { status: 200, body: await usage.report() };
    }
    if (collection === "inventory" && rawName === undefined) {
      if (method !== "GET") methodNotAllowed(method);
      return { status: 200, body: await readHostInventory({ config, driver, network }) };
    }
    if (collection === "images" || collection === "image-builds") {
      const name = rawName === undefined ? undefined : decodeURIComponent(rawName);
      return images({ method, collection, name, verb, body: () => parseJson(context.body) });
    }
    if (collection !== "containers") throw new AgentError("not_found", "no such route");

    if (rawName === undefined) {
      if (method !== "GET") methodNotAllowed(method);
      return { status: 200, body: { containers: await driver.list() } };
    }
    const name = parseContainerName(decodeURIComponent(rawName));

    if (verb === undefined) {
      if (method === "GET") {
        const state = await driver.state(name);
        if (!state) throw new AgentError("not_found", `container ${name} does not exist`);
        return { status: 200, body: state };
      }
      if (method === "PUT") {
        const spec = parseContainerSpec(parseJson(context.body));
        if (spec.name !== name) throw new AgentError("invalid_request", "name: must equal the container name in the path");
        return action(context, name, "create", () => driver.create(spec));
      }
      if (method === "DELETE") {
        return action(context, name, "destroy", async () => {
          await driver.destroy(name);
          return null;
        });
      }
      methodNotAllowed(method);
    }
    if (verb === "user-data") {
      if (method !== "GET") methodNotAllowed(method);
      return { status: 200, body: await driver.userDataResult(name) };
    }
    if (verb === "network" || verb === "firewall" || verb === "throttle") return networkRoute(method, name, verb, context.body);
    const containerAction = verb === undefined ? undefined : findContainerAction(verb);
    if (!containerAction) throw new AgentError("not_found", "no such route");
    if (method !== "POST") methodNotAllowed(method);
    const body = context.body.length === 0 ? undefined : parseJson(context.body);
    return action(context, name, containerAction.name, () => containerAction.run(driver, name, body));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const operationId = randomUUID();
    const method = request.method ?? "GET";
    const pathWithQuery = request.url ?? "/";
    logRequest(log, request, response, operationId);
    try {
      // Probes and metrics answer outside the signed API (operations/operations-routes.ts).
      if (await operations(request, response)) return;
      const body = await readBody(request);
      const verdict = verifier.verify(request.headers, { method, pathWithQuery, body });
      if (!verdict.ok) {
        log({ operationId, event: "refused", reason: verdict.code, method, path: pathWithQuery });
        const { code, message, details } = verdict;
        sendJson(response, 401, { error: { code, message, ...(details ? { details } : {}) } }, operationId);
        return;
      }
      const pathname = new URL(pathWithQuery, "http://agent").pathname;
      const segments = pathname.split("/").filter((segment) => segment !== "");
      const reply = await route({ method, segments, body, operationId });
      sendJson(response, reply.status, reply.body, operationId);
    } catch (error) {
      if (error instanceof AgentError) {
        if (error.status >= 500 || error.code === "busy") log({ operationId, method, path: pathWithQuery, error: error.code, message: error.message });
        sendJson(response, error.status, errorBody(error), operationId);
        return;
      }
      log({
        operationId,
        method,
        path: pathWithQuery,
        error: "internal_error",
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
      sendJson(
        response,
        500,
        { error: { code: "internal_error", message: `internal error in the agent (operation ${operationId}); see the agent log` } },
        operationId,
      );
    }
  }

  // A joined host has its certificate (the panel pins it); the single-host setup stays on loopback HTTP.
  const certificate = await readOptionalFile(config.tlsCertificateFile);
  const listener = (request: IncomingMessage, response: ServerResponse) => void withCaller(correlationOf(request.headers), () => handle(request, response));
  const server = certificate === null ? createServer(listener) : createTlsServer({ cert: certificate, key: await readFile(config.tlsKeyFile) }, listener);
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => consoles.handle(request, socket, head, randomUUID()));
  // Requests signed before this process started are refused (replay protection across restarts);
  // listening only from that second on means no fresh request is ever refused for it.
  await new Promise((resolve) => setTimeout(resolve, Math.max(verifier.notBefore * 1000 - Date.now(), 0)));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.listen.port, config.listen.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Whatever happened to the tables while the agent was away (a flush, a crash half-way), every
  // container's rules are written again before anything starts.
  const running = new Set((await driver.list()).filter((container) => container.state !== "STOPPED").map((container) => container.name));
  for (const repair of await network.repairContainers(running)) log({ event: "network", message: repair });
  const sweeper = options.usageSweepIntervalMs
    ? setInterval(() => void usage.report().catch((error: unknown) => log({ event: "usage", error: error instanceof Error ? error.message : String(error) })), options.usageSweepIntervalMs)
    : null;
  if (options.autostartConcurrency) {
    // In the background and through the locks, so the API answers (and refuses busy) meanwhile.
    const lockedStart = (name: string) => locks.exclusive(name, "autostart", () => driver.start(name));
    void startWantedContainers({ list: () => driver.list(), start: lockedStart }, options.autostartConcurrency, (message) => log({ event: "autostart", message })).then(
      (started) => log({ event: "autostart", started }),
      (error: unknown) => log({ event: "autostart", error: error instanceof Error ? error.message : String(error) }),
    );
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `${certificate === null ? "http" : "https"}://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (sweeper) clearInterval(sweeper);
        consoles.endSessions("agent_closing");
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
