import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { AgentClient, AgentRequestError } from "../../agent/client";
import { joinPath } from "../../agent/join/join-protocol";
import { sendRequest } from "../../agent/protocol/send-request";
import { signRequest } from "../../agent/protocol/signature";
import type { Actor } from "../../lib/access/actor";
import { listServerResources } from "../../lib/api/list-server-resources";
import type { Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import { errorResponse } from "../../lib/http/error-response";
import { agentForHost } from "../../lib/hosts/agent-for-host";
import { createHost } from "../../lib/hosts/create-host";
import { joinHost } from "../../lib/hosts/join-host";
import { listHosts } from "../../lib/hosts/list-hosts";
import { recordHostHeartbeats } from "../../lib/hosts/record-host-heartbeats";
import { removeHost } from "../../lib/hosts/remove-host";
import { updateHost } from "../../lib/hosts/update-host";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { startJobWorker, type JobWorker } from "../../lib/jobs/worker";
import { addAddressRange } from "../../lib/network/ip-pools/add-address-range";
import { createOrder } from "../../lib/orders/create-order";
import { decryptSecret } from "../../lib/security/secret-box";
import { seedFirstRun } from "../../lib/seed/seed-first-run";
import { loadSettings, type BerthSettings } from "../../lib/settings";
import { waitForJob } from "../support/berth-stack";
import { createTestDatabase } from "../support/database";
import { createNamespacedHost, type NamespacedHost } from "../support/namespaced-host";
import { startRedis, type TestRedis } from "../support/redis";

// Three hosts on one machine, each its own network namespace with its own agent process, pool,
// LXC path and bridge, joined over the join command and reached over TLS with pinned
// certificates. The panel's join route is served by a small HTTP server calling joinHost, the
// function app/api/agent/join/route.ts calls; heartbeats are recordHostHeartbeats, the worker's task.

let redis: TestRedis;
let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let settings: BerthSettings;
let worker: JobWorker;
let queue: JobQueue;
let panel: Server;
let admin: Actor;
let customer: Actor;
const hosts: NamespacedHost[] = [];

function startJoinRoute(): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        let answer: Response;
        try {
          if (request.method !== "POST" || request.url !== joinPath) throw new AppError("not_found", 404, "no such route");
          const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          answer = Response.json(await joinHost({ database, encryptionKey: settings.encryptionKey, input: body }));
        } catch (error) {
          answer = errorResponse(error);
        }
        response.writeHead(answer.status, { "Content-Type": "application/json" });
        response.end(await answer.text());
      })();
    });
  });
  return new Promise((resolve) => server.listen(0, "0.0.0.0", () => resolve(server)));
}

async function hostRow(name: string) {
  return database.host.findUniqueOrThrow({ where: { name } });
}

async function order(hostname: string, antiAffinityGroup?: string): Promise<string> {
  const { server, job } = await createOrder({ database, queue, customerId: customer.userId, actor: customer, input: { plan: "small", template: "busybox", hostname, ...(antiAffinityGroup ? { antiAffinityGroup } : {}) } });
  const finished = await waitForJob(database, job.id, 120_000);
  if (finished.state !== "completed") {
    for (const host of hosts) console.error(`--- agent of bh${host.index}:\n${host.agentOutput().split("\n").filter((line) => line.includes("error")).slice(-5).join("\n")}`);
  }
  assert.equal(finished.state, "completed", `order of ${hostname}: ${finished.error}`);
  const placed = await database.server.findUniqueOrThrow({ where: { id: server.id }, include: { host: true } });
  return placed.host!.name;
}

async function heartbeatsUntil(name: string, health: "up" | "down", timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await recordHostHeartbeats({ database, settings });
    if ((await hostRow(name)).health === health) return;
    if (Date.now() > deadline) throw new Error(`host ${name} still not ${health}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function serverStatuses(): Promise<Map<string, { status: string; host: string | null | undefined; hostMaintenance: unknown }>> {
  const { servers } = await listServerResources({ database, actor: admin, page: { limit: 100 } });
  return new Map(servers.map((server) => [server.hostname, { status: server.status, host: server.host, hostMaintenance: server.hostMaintenance }]));
}

before(async () => {
  redis = await startRedis();
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  settings = loadSettings({
    BERTH_DATABASE_URL: testDatabase.url,
    BERTH_REDIS_URL: redis.url,
    BERTH_ENCRYPTION_KEY: "cluster-test-key",
    BERTH_HOST_HEARTBEAT_SECONDS: "1",
    BERTH_HOST_DOWN_SECONDS: "2",
  });
  // Plans, the busybox template and the users; its host is a placeholder that never answers, made inactive below.
  await seedFirstRun({
    database,
    encryptionKey: settings.encryptionKey,
    agentUrl: "http://127.0.0.1:9",
    agentSecret: "0".repeat(64),
    bridgeIpv4: "10.60.250.1/24",
    bridgeIpv6: "fd60:250::1/64",
    adminEmail: "admin@cluster.test",
    adminPassword: "admin-password",
    demoEmail: "customer@cluster.test",
    demoPassword: "customer-password",
    host: { name: "seed", vcpuCapacity: 1, memoryMbCapacity: 1, diskMbCapacity: 1 },
  });
  await database.ipPool.deleteMany({});
  await database.host.update({ where: { name: "seed" }, data: { active: false } });
  const adminUser = await database.user.findUniqueOrThrow({ where: { email: "admin@cluster.test" } });
  const customerUser = await database.user.findUniqueOrThrow({ where: { email: "customer@cluster.test" } });
  admin = { userId: adminUser.id, role: "admin", via: "cli", ipAddress: null };
  customer = { userId: customerUser.id, role: "customer", via: "session", ipAddress: null };
  worker = startJobWorker({ database, settings, concurrency: 3 });
  queue = createJobQueue(redis.url);
  panel = await startJoinRoute();
  for (const index of [1, 2, 3]) hosts.push(await createNamespacedHost(index));
});

after(async () => {
  for (const host of hosts) await host.destroy();
  await worker?.close();
  await queue?.close();
  await new Promise((resolve) => panel?.close(resolve));
  await redis?.stop();
  await testDatabase?.remove();
});

test("three hosts join with one-time tokens and answer over pinned TLS", async () => {
  const port = (panel.address() as AddressInfo).port;
  for (const host of hosts) {
    const name = `bh${host.index}`;
    const created = await createHost({ database, actor: admin, panelUrl: `http://${host.peerAddress}:${port}`, input: { name, vcpuOvercommit: 2 } });
    assert.match(created.joinCommand, /^node --import tsx agent\/main\.ts join --panel http:\/\/10\.60\.\d\.1:\d+ --token [A-Za-z0-9_-]{43} /);
    const pending = await hostRow(name);
    assert.equal(pending.active, false);
    assert.notEqual(pending.joinTokenHash, created.token, "only the token's hash is stored");

    const joined = await host.join(`http://${host.peerAddress}:${port}`, created.token);
    assert.equal(joined.code, 0, joined.output);
    assert.match(joined.output, new RegExp(`joined the panel as host ${name}`));
    // Single use: the same token again is refused, and the host keeps what the first join sent.
    await assert.rejects(joinHost({ database, encryptionKey: settings.encryptionKey, input: { token: created.token, agentUrl: "https://10.60.9.9:7070", certificatePem: await host.readFile("agent-tls.crt"), secret: "a".repeat(64), capacity: { vcpus: 1, memoryMb: 1, diskMb: 1 } } }), (error: unknown) => error instanceof AppError && error.status === 401);

    const row = await hostRow(name);
    assert.equal(row.active, true);
    assert.equal(row.agentUrl, host.agentUrl);
    assert.equal(row.joinTokenHash, null);
    assert.equal(row.agentCertificatePem, await host.readFile("agent-tls.crt"));
    assert.match(row.agentCertificateSha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(decryptSecret(row.agentSecretEncrypted, settings.encryptionKey), (await host.readFile("agent.secret")).trim());
    assert.ok(row.vcpuCapacity >= 1 && row.memoryMbCapacity > 0 && row.diskMbCapacity > 3000, `capacity ${row.vcpuCapacity}/${row.memoryMbCapacity}/${row.diskMbCapacity}`);
    assert.equal((await host.readFile("agent-host-name")).trim(), name);
    for (const file of ["agent.secret", "agent-tls.key", "agent-tls.crt", "agent-host-name"]) {
      assert.equal((await stat(`${host.dataDir}/${file}`)).mode & 0o777, 0o600, `${file} is root's only`);
    }
    await host.startAgent();
    assert.equal((await agentForHost(row, settings.encryptionKey).health()).ok, true);
  }
  // The hosts are reached over TLS only: plain HTTP to the same port gets no answer it can use.
  await assert.rejects(new AgentClient({ url: `http://${hosts[0]!.address}:7070`, secret: "0".repeat(64) }).health());

  for (const host of hosts) {
    await addAddressRange({ database, queue, actor: admin, input: { family: 4, pool: `bh${host.index}-v4`, host: `bh${host.index}`, network: `10.6${host.index}.0.0/24`, gateway: `10.6${host.index}.0.1`, first: `10.6${host.index}.0.10`, last: `10.6${host.index}.0.50` } });
    await addAddressRange({ database, queue, actor: admin, input: { family: 6, pool: `bh${host.index}-v6`, host: `bh${host.index}`, network: `fd60:6${host.index}::/64`, gateway: `fd60:6${host.index}::1`, first: "10", last: "50" } });
  }
});

test("orders spread by free room, honour anti-affinity and skip a draining host", async () => {
  await updateHost({ database, actor: admin, input: { host: "bh3", draining: true } });
  const first = [await order("spread-1"), await order("spread-2")];
  assert.deepEqual([...first].sort(), ["bh1", "bh2"], "two servers on the two hosts not draining, one each");

  await updateHost({ database, actor: admin, input: { host: "bh3", draining: false } });
  const group = [await order("ha-1", "ha"), await order("ha-2", "ha"), await order("ha-3", "ha")];
  assert.deepEqual([...group].sort(), ["bh1", "bh2", "bh3"], "one server of the group per host");
  assert.equal(group[0], "bh3", "the emptiest host first");
});

test("requests are refused when forged, replayed, signed for another host or answered by another certificate", async () => {
  const [bh1, bh2, bh3] = await Promise.all(["bh1", "bh2", "bh3"].map(hostRow));
  const pinOf = (row: typeof bh1) => ({ pem: row!.agentCertificatePem!, sha256: row!.agentCertificateSha256! });
  const secretOf = (row: typeof bh1) => decryptSecret(row!.agentSecretEncrypted, settings.encryptionKey);
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => assert.fail("expected a refusal"), (reason: unknown) => reason);
    assert.ok(error instanceof AgentRequestError, String(error));
    return error;
  };

  const forged = await refusal(new AgentClient({ url: bh1!.agentUrl, secret: "f".repeat(64), hostName: "bh1", pin: pinOf(bh1) }).health());
  assert.deepEqual([forged.status, forged.code], [401, "unauthenticated"]);

  const forAnotherHost = await refusal(new AgentClient({ url: bh2!.agentUrl, secret: secretOf(bh2), hostName: "bh1", pin: pinOf(bh2) }).health());
  assert.deepEqual([forAnotherHost.status, forAnotherHost.code], [401, "wrong_host"]);

  const pinnedToAnother = await refusal(new AgentClient({ url: bh2!.agentUrl, secret: secretOf(bh2), hostName: "bh2", pin: pinOf(bh1) }).health());
  assert.equal(pinnedToAnother.code, "agent_unreachable");
  assert.match(pinnedToAnother.message, /certificate/);

  const headers = { ...signRequest(secretOf(bh3), { hostName: "bh3", method: "GET", pathWithQuery: "/v1/health", body: "" }) };
  const send = () => sendRequest(new URL(`${bh3!.agentUrl}/v1/health`), { method: "GET", headers, body: "", timeoutMs: 5000, pin: pinOf(bh3) });
  assert.equal((await send()).status, 200);
  const replayed = await send();
  assert.equal(replayed.status, 401);
  assert.equal((JSON.parse(replayed.text) as { error: { code: string } }).error.code, "replayed_request");

  // The agent forgets its nonces when it restarts; what was signed before its start is refused.
  const bh3Host = hosts[2]!;
  await bh3Host.killAgent();
  await bh3Host.startAgent();
  const afterRestart = await send();
  assert.equal(afterRestart.status, 401);
  assert.equal((JSON.parse(afterRestart.text) as { error: { code: string } }).error.code, "request_predates_agent");
  assert.equal((await agentForHost(bh3!, settings.encryptionKey).health()).ok, true, "a fresh request is answered");
});

test("a host that stops answering goes down: its servers show unknown and new servers go elsewhere", async () => {
  const bh3 = hosts[2]!;
  await bh3.killAgent();
  await heartbeatsUntil("bh3", "down");
  const down = await hostRow("bh3");
  assert.match(down.healthMessage ?? "", /no answer for \d+ s/);

  const statuses = await serverStatuses();
  assert.equal(statuses.get("ha-1")?.status, "unknown");
  assert.equal((await database.server.findFirstOrThrow({ where: { hostname: "ha-1" } })).status, "running", "the stored status stays");
  assert.equal(statuses.get("spread-1")?.status, "running");

  // bh3 has the most room, but is down.
  assert.notEqual(await order("while-down"), "bh3");

  await bh3.startAgent();
  await heartbeatsUntil("bh3", "up");
  assert.equal((await serverStatuses()).get("ha-1")?.status, "running");
  const changes = await database.auditEvent.findMany({ where: { targetId: down.id, action: { in: ["host.down", "host.up"] } }, orderBy: { createdAt: "asc" } });
  assert.deepEqual(changes.map((event) => event.action), ["host.down", "host.up"]);
});

test("maintenance shows its notice on the host's servers; a host with servers cannot be removed", async () => {
  await updateHost({ database, actor: admin, input: { host: "bh2", maintenanceNotice: "Kernel update tonight at 02:00 UTC" } });
  const statuses = await serverStatuses();
  const onBh2 = [...statuses.values()].filter((server) => server.host === "bh2");
  assert.ok(onBh2.length > 0);
  for (const server of onBh2) assert.equal((server.hostMaintenance as { notice: string }).notice, "Kernel update tonight at 02:00 UTC");
  assert.ok([...statuses.values()].filter((server) => server.host !== "bh2").every((server) => server.hostMaintenance === null));
  const listed = (await listHosts({ database, actor: admin })).find((host) => host.name === "bh2");
  assert.equal(listed?.maintenance?.notice, "Kernel update tonight at 02:00 UTC");
  assert.equal(listed?.hostGroup, null);
  await updateHost({ database, actor: admin, input: { host: "bh2", maintenanceNotice: null } });
  assert.equal((await hostRow("bh2")).maintenanceSince, null);

  await assert.rejects(removeHost({ database, actor: admin, host: "bh1" }), (error: unknown) => error instanceof AppError && error.status === 409 && /spread-|ha-|while-down/.test(error.message));
  assert.deepEqual((await removeHost({ database, actor: admin, host: "seed" })).name, "seed");
  assert.equal(await database.host.count({ where: { name: "seed" } }), 0);
});
