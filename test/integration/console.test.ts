import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, afterEach, before, test } from "node:test";
import { encode } from "next-auth/jwt";
import WebSocket from "ws";
import type { Actor } from "../../lib/access/actor";
import type { Database } from "../../lib/database/client";
import { consoleSocketPath } from "../../lib/console/close-reasons";
import { startConsoleGateway, type ConsoleGateway } from "../../lib/console/gateway/start-console-gateway";
import { issueConsoleTicket } from "../../lib/console/issue-console-ticket";
import { singleUseTokenHash } from "../../lib/security/single-use-token";
import { poolFolders } from "../../agent/host/pool";
import { hashPassword } from "../../lib/security/password";
import { isAppError } from "../support/app-error";
import { seedTestFirstRun } from "../support/berth-stack";
import { startTestAgent, testSpec, type TestAgent, type TestNetwork } from "../support/agent";
import { createTestDatabase } from "../support/database";

/*
 * The browser console end to end below the browser: a real agent with BusyBox containers, a real
 * database, the console gateway in this process and a `ws` client in the browser's place.
 */

const network: TestNetwork = { bridge: "br-berth-co", ipv4Prefix: "10.89.0", ipv6Prefix: "fd77:6265:7274:89" };
const encryptionKey = "console-test-key";
const sessionSecret = "console-test-secret";
const panelOrigin = "http://panel.console.test";
const cookieName = "next-auth.session-token";
const rootPassword = "console-root-pw";

let agent: TestAgent;
let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let gateway: ConsoleGateway;
// The gateway's clock: moved forward to expire sessions for want of input.
let clockOffsetMs = 0;
const customer = { actor: null as unknown as Actor, cookie: "" };
const otherCustomer = { actor: null as unknown as Actor, cookie: "" };
let serverId = "";
let otherServerId = "";
const containerName = "console-a";

async function sessionCookie(user: { id: string; role: string; sessionVersion: number }): Promise<string> {
  const token = await encode({ token: { id: user.id, role: user.role, sessionVersion: user.sessionVersion }, secret: sessionSecret, maxAge: 3600 });
  return `${cookieName}=${token}`;
}

async function createServerRow(ownerId: string, name: string, index: number): Promise<string> {
  const host = await database.host.findFirstOrThrow();
  const plan = await database.plan.findFirstOrThrow({ where: { slug: "small" } });
  const template = await database.template.findFirstOrThrow({ where: { slug: "busybox" } });
  const row = await database.server.create({
    data: { hostname: `${name}-host`, ownerId, planId: plan.id, templateId: template.id, hostId: host.id, containerName: name, idmapBase: 65536 * (40 + index), status: "running" },
  });
  return row.id;
}

interface ConsoleClient {
  socket: WebSocket;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  type(text: string): void;
  /** Presses Enter until the prompt shows. */
  awaitPrompt(prompt: RegExp): Promise<void>;
  /** Presses Enter until a login prompt shows. */
  awaitLogin(): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
}

// Every console a test opened, closed after it even when it fails, so the next test finds free ttys.
const openClients = new Set<WebSocket>();
afterEach(() => {
  for (const socket of openClients) socket.close();
  openClients.clear();
});

function openConsole(options: { server: string; ticket: string; cookie: string; origin?: string }): ConsoleClient {
  const url = `${gateway.url}${consoleSocketPath}?server=${encodeURIComponent(options.server)}&ticket=${encodeURIComponent(options.ticket)}`;
  const socket = new WebSocket(url, { headers: { Cookie: options.cookie, Origin: options.origin ?? panelOrigin } });
  let text = "";
  socket.on("message", (data, isBinary) => {
    if (!isBinary) return;
    const chunk = Buffer.from(data as Buffer).toString("utf8");
    text += chunk;
    // BusyBox's shell asks where the cursor is before each prompt; answer as a terminal (xterm.js) does.
    if (chunk.includes("\x1b[6n")) socket.send(Buffer.from("\x1b[1;1R"), { binary: true });
  });
  openClients.add(socket);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: reason.toString("utf8") })));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  // A refused handshake rejects it; only the tests that wait for it care.
  opened.catch(() => undefined);
  const type = (input: string) => socket.send(Buffer.from(input, "utf8"), { binary: true });
  const waitFor = async (pattern: RegExp, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(text)) {
      if (Date.now() > deadline) assert.fail(`console never showed ${pattern}; it showed: ${JSON.stringify(text.slice(-400))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    socket,
    closed,
    opened,
    type,
    waitFor,
    // A getty or shell being started (after a logout, at a fresh boot, or as LXC hands the tty
    // over) can swallow an Enter: press it again, as a person at the console would.
    async awaitPrompt(prompt: RegExp) {
      for (let attempt = 1; ; attempt += 1) {
        type("\r");
        try {
          return await waitFor(prompt, 3000);
        } catch (error) {
          if (attempt === 5) throw error;
        }
      }
    },
    awaitLogin() {
      return this.awaitPrompt(/login: $/);
    },
  };
}

async function closeReason(client: ConsoleClient): Promise<string> {
  const { code, reason } = await client.closed;
  assert.equal(code, 4000, `closed with ${code} ${reason}`);
  return reason;
}

async function auditEvents(action: string) {
  const events = await database.auditEvent.findMany({ where: { action, targetId: serverId }, orderBy: { createdAt: "asc" } });
  return events.map((event) => ({ ...event, details: event.details ? (JSON.parse(event.details) as Record<string, unknown>) : {} }));
}

/** Logs in as root on a console that shows a login prompt, and waits for the shell. */
async function logIn(client: ConsoleClient): Promise<void> {
  await client.awaitLogin();
  client.type("root\r");
  await client.waitFor(/Password: $/);
  client.type(`${rootPassword}\r`);
  await client.waitFor(/# (\x1b\[6n)?$/);
}

before(async () => {
  agent = await startTestAgent(network);
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  await seedTestFirstRun({
    database,
    encryptionKey,
    agent,
    network,
    domain: "console.test",
    host: { name: "console-host", vcpuCapacity: 8, memoryMbCapacity: 8192, diskMbCapacity: 8192 },
  });
  const customerRow = await database.user.findUniqueOrThrow({ where: { email: "customer@console.test" } });
  const otherRow = await database.user.create({ data: { email: "other@console.test", name: "Other", role: "customer", passwordHash: await hashPassword("other-password") } });
  customer.actor = { userId: customerRow.id, role: "customer", via: "session" };
  customer.cookie = await sessionCookie(customerRow);
  otherCustomer.actor = { userId: otherRow.id, role: "customer", via: "session" };
  otherCustomer.cookie = await sessionCookie(otherRow);
  serverId = await createServerRow(customerRow.id, containerName, 1);
  otherServerId = await createServerRow(otherRow.id, "console-b", 2);

  // The container with root's password set, as first boot would leave it.
  const spec = testSpec(containerName, 1, { hostname: `${containerName}-host` }, network);
  await agent.client.createContainer(spec);
  const hash = execFileSync("openssl", ["passwd", "-6", rootPassword], { encoding: "utf8" }).trim();
  const shadow = path.join(poolFolders(agent.config).servers, containerName, "rootfs", "etc", "shadow");
  await writeFile(shadow, `root:${hash}:20000:0:99999:7:::\n`, { mode: 0o640 });
  await agent.client.startContainer(containerName);

  gateway = await startConsoleGateway({
    database,
    listen: { host: "127.0.0.1", port: 0 },
    panelOrigin,
    sessionCookieName: cookieName,
    sessionSecret,
    encryptionKey,
    idleSeconds: 600,
    recheckIntervalMs: 300,
    now: () => new Date(Date.now() + clockOffsetMs),
    log: () => undefined,
  });
});

after(async () => {
  await gateway?.close();
  await testDatabase?.remove();
  await agent?.teardown();
});

test("the customer logs in on the console, runs hostname and sees it; open and close are audited", async () => {
  const { token } = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const client = openConsole({ server: serverId, ticket: token, cookie: customer.cookie });
  await client.opened;
  client.socket.send(JSON.stringify({ type: "resize", cols: 120, rows: 40 }));
  await logIn(client);
  client.type("hostname\r");
  await client.waitFor(/console-a-host\r*\n/);
  // A burst of output (about 1.3 MB) arrives whole, through the flow control on both hops.
  client.type("seq 1 200000\r");
  await client.waitFor(/\n200000\r*\n/, 60_000);
  // The console stays logged in after the window closes, as a serial console does: log out.
  client.type("exit\r");
  await client.waitFor(/login: $/);
  client.socket.close();
  await client.closed;

  const opens = await auditEvents("console.open");
  assert.equal(opens.length, 1);
  assert.equal(opens[0]?.actorId, customer.actor.userId);
  assert.equal(opens[0]?.result, "success");
  await waitUntil(async () => (await auditEvents("console.close")).length === 1);
  const [closeEvent] = await auditEvents("console.close");
  assert.equal(closeEvent?.details.reason, "closed");
  assert.equal(typeof closeEvent?.details.seconds, "number");
});

test("a ticket works once", async () => {
  const { token } = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const first = openConsole({ server: serverId, ticket: token, cookie: customer.cookie });
  await first.opened;
  await first.awaitLogin();
  const second = openConsole({ server: serverId, ticket: token, cookie: customer.cookie });
  assert.equal(await closeReason(second), "ticket_invalid");
  first.socket.close();
  await first.closed;
});

test("a ticket is refused with another user's session, and stays usable by its own user", async () => {
  const { token } = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const stranger = openConsole({ server: serverId, ticket: token, cookie: otherCustomer.cookie });
  assert.equal(await closeReason(stranger), "ticket_invalid");
  const anonymous = openConsole({ server: serverId, ticket: token, cookie: "" });
  assert.equal(await closeReason(anonymous), "signed_out");
  const owner = openConsole({ server: serverId, ticket: token, cookie: customer.cookie });
  await owner.opened;
  await owner.awaitLogin();
  owner.socket.close();
  await owner.closed;
});

test("a ticket older than 30 seconds is refused", async () => {
  const { token } = await issueConsoleTicket({ database, actor: customer.actor, serverId, now: new Date(Date.now() - 31_000) });
  const client = openConsole({ server: serverId, ticket: token, cookie: customer.cookie });
  assert.equal(await closeReason(client), "ticket_invalid");
});

test("another customer's server: no ticket, and a ticket does not open it", async () => {
  await assert.rejects(issueConsoleTicket({ database, actor: customer.actor, serverId: otherServerId }), isAppError(404, "not_found"));
  assert.equal(await database.consoleTicket.count({ where: { serverId: otherServerId } }), 0);
  const { token } = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const client = openConsole({ server: otherServerId, ticket: token, cookie: customer.cookie });
  assert.equal(await closeReason(client), "ticket_invalid");
});

test("a socket from another origin is refused before the upgrade, and the ticket is not spent", async () => {
  const { token } = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const client = openConsole({ server: serverId, ticket: token, cookie: customer.cookie, origin: "https://evil.example" });
  const status = await new Promise<number>((resolve) => client.socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0)));
  assert.equal(status, 403);
  const ticket = await database.consoleTicket.findUniqueOrThrow({ where: { tokenHash: singleUseTokenHash(token) } });
  assert.equal(ticket.usedAt, null);
});

test("the agent accepts a console upgrade only when it is signed, and only once", async () => {
  const refusal = (socket: WebSocket) =>
    new Promise<{ status: number; body: string }>((resolve) =>
      socket.once("unexpected-response", (_request, response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      }),
    );
  const unsigned = new WebSocket(`${agent.server.url.replace("http", "ws")}/v1/containers/${containerName}/console`);
  const answer = await refusal(unsigned);
  assert.equal(answer.status, 401);
  assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, "unauthenticated");

  const signed = agent.client.consoleSocketRequest(containerName);
  const first = new WebSocket(signed.url, { headers: signed.headers });
  await new Promise((resolve, reject) => first.once("open", resolve).once("error", reject));
  const replay = await refusal(new WebSocket(signed.url, { headers: signed.headers }));
  assert.equal(replay.status, 401);
  assert.equal((JSON.parse(replay.body) as { error: { code: string } }).error.code, "replayed_request");
  first.close();
  await new Promise((resolve) => first.once("close", resolve));
});

test("three sessions at once on distinct ttys; a fourth is refused as console_busy", async () => {
  const clients: ConsoleClient[] = [];
  for (let index = 0; index < 3; index += 1) {
    const { token } = await issueConsoleTicket({ database, actor: customer.actor, serverId });
    const client = openConsole({ server: serverId, ticket: token, cookie: customer.cookie });
    await client.opened;
    await client.awaitLogin();
    clients.push(client);
  }
  const { token } = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const fourth = openConsole({ server: serverId, ticket: token, cookie: customer.cookie });
  assert.equal(await closeReason(fourth), "console_busy");
  const refusals = (await auditEvents("console.open")).filter((event) => event.result === "failure");
  assert.equal(refusals.at(-1)?.details.reason, "console_busy");
  for (const client of clients) client.socket.close();
  await Promise.all(clients.map((client) => client.closed));
});

test("the session ends when the user's session version changes, and after the idle timeout", async () => {
  const first = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const client = openConsole({ server: serverId, ticket: first.token, cookie: customer.cookie });
  await client.opened;
  await client.awaitLogin();
  await database.user.update({ where: { id: customer.actor.userId }, data: { sessionVersion: { increment: 1 } } });
  assert.equal(await closeReason(client), "session_ended");
  const user = await database.user.findUniqueOrThrow({ where: { id: customer.actor.userId } });
  customer.cookie = await sessionCookie(user);

  const second = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const idle = openConsole({ server: serverId, ticket: second.token, cookie: customer.cookie });
  await idle.opened;
  await idle.awaitLogin();
  clockOffsetMs = 601_000;
  try {
    assert.equal(await closeReason(idle), "idle_timeout");
  } finally {
    clockOffsetMs = 0;
  }
});

test("the session ends when the container is suspended or stopped", async () => {
  const first = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const suspended = openConsole({ server: serverId, ticket: first.token, cookie: customer.cookie });
  await suspended.opened;
  await suspended.awaitLogin();
  await agent.client.suspendContainer(containerName);
  assert.equal(await closeReason(suspended), "server_suspended");
  await agent.client.unsuspendContainer(containerName);

  const second = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const stopped = openConsole({ server: serverId, ticket: second.token, cookie: customer.cookie });
  await stopped.opened;
  await stopped.awaitLogin();
  await agent.client.stopContainer(containerName);
  assert.equal(await closeReason(stopped), "server_stopped");
  await waitUntil(async () => (await auditEvents("console.close")).some((event) => event.details.reason === "server_stopped"));
});

test("the rescue system's console is a root shell without a password", async () => {
  await agent.client.containerAction(containerName, "rescue");
  await database.server.update({ where: { id: serverId }, data: { status: "rescue" } });
  const { token } = await issueConsoleTicket({ database, actor: customer.actor, serverId });
  const client = openConsole({ server: serverId, ticket: token, cookie: customer.cookie });
  await client.opened;
  await client.awaitPrompt(/# (\x1b\[6n)?$/);
  client.type("ls /mnt/disk/etc/shadow\r");
  await client.waitFor(/\/mnt\/disk\/etc\/shadow\r*\n/);
  client.socket.close();
  await client.closed;
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
