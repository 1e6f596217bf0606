import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import type { Actor } from "../../lib/access/actor";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import { createOrder } from "../../lib/orders/create-order";
import { reconcileServers, type ReconcileServersResult } from "../../lib/reconciliation/reconcile-servers";
import { runCommand } from "../../agent/run-command";
import { lxcState, readContainerCgroupLimits } from "../support/agent";
import { startBerthStack, waitForJob, type BerthTestStack } from "../support/berth-stack";

const plan = { slug: "rc-small", name: "Small", vcpus: 0.5, memoryMb: 128, swapMb: 64, diskMb: 48, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 100 };
const mebibyte = 2 ** 20;

let stack: BerthTestStack;
let redis: Redis;
let admin: Actor;
let hostId: string;
// The four servers, by what happens to them behind Berth's back.
const servers: Record<"limited" | "halted" | "destroyed" | "woken", { id: string; containerName: string }> = {} as never;

function lxc(tool: string, name: string, ...args: string[]) {
  return runCommand([tool, "-n", name, "-P", stack.host.config.lxcPath, ...args]);
}

function serverSubvolume(name: string): string {
  return path.join(stack.host.config.poolDir, "servers", name);
}

async function reconcilerEvents() {
  return stack.database.auditEvent.findMany({ where: { action: { startsWith: "reconcile." } }, orderBy: { createdAt: "asc" } });
}

async function pass(): Promise<ReconcileServersResult> {
  const result = await reconcileServers({ database: stack.database, settings: stack.settings, redis });
  assert.deepEqual(result.failures, []);
  return result;
}

async function order(hostname: string) {
  const { server, job } = await createOrder({ database: stack.database, queue: stack.queue, customerId: stack.customerId, input: { plan: plan.slug, template: "busybox", hostname } });
  return { server, job };
}

describe("reconciliation of the database's servers with the host", () => {
  before(async () => {
    stack = await startBerthStack({ bridge: "br-berth-rc", ipv4Prefix: "10.73.0", ipv6Prefix: "fd77:6265:7274:73" });
    redis = new Redis(stack.settings.redisUrl, { maxRetriesPerRequest: 1 });
    admin = { userId: stack.adminId, role: "admin", via: "session" };
    await stack.database.plan.create({ data: plan });
    const orders = await Promise.all(["rc-limited", "rc-halted", "rc-destroyed", "rc-woken"].map(order));
    for (const { job } of orders) assert.equal((await waitForJob(stack.database, job.id)).state, "completed");
    const [limited, halted, destroyed, woken] = await Promise.all(orders.map(({ server }) => stack.database.server.findUniqueOrThrow({ where: { id: server.id } })));
    Object.assign(servers, { limited, halted, destroyed, woken });
    hostId = limited!.hostId!;
    // The fourth is stopped through Berth, as its owner would.
    const stop = await requestServerAction({ database: stack.database, queue: stack.queue, actor: admin, serverId: woken!.id, input: { type: "stop" } });
    assert.equal((await waitForJob(stack.database, stop.id)).state, "completed");
  });

  after(async () => {
    redis?.disconnect();
    await stack?.stop();
  });

  test("the agent's inventory reads every limit back from the host", async () => {
    const inventory = await stack.host.client.inventory();
    const running = inventory.containers.find((container) => container.name === servers.limited.containerName)!;
    assert.deepEqual(running.liveLimits, { memoryMb: 128, memoryAndSwapMb: 192, cpus: 0.5, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, diskMb: 48, networkMbps: 10 });
    const stopped = inventory.containers.find((container) => container.name === servers.woken.containerName)!;
    assert.deepEqual(stopped.liveLimits, { diskMb: 48 }, "a stopped container has only its disk's quota in force");
    assert.deepEqual(
      inventory.subvolumes.map((subvolume) => subvolume.container).sort(),
      Object.values(servers).map((server) => server.containerName).sort(),
    );
    const limitedAddresses = await stack.database.ipAddress.findMany({ where: { serverId: servers.limited.id } });
    assert.deepEqual(
      inventory.addresses.filter((address) => address.container === servers.limited.containerName).map((address) => address.address).sort(),
      limitedAddresses.map((address) => address.address).sort(),
    );
  });

  test("a pass over a host that matches the database changes and reports nothing", async () => {
    const result = await pass();
    assert.deepEqual(result.hosts.map((host) => [host.repaired, host.markedMissing, host.reported]), [[[], [], []]]);
    assert.equal((await reconcilerEvents()).length, 0);
  });

  test("a server with an action running is left alone", async () => {
    const { pid } = await lxcState(stack.host.config, servers.limited.containerName);
    await lxc("lxc-cgroup", servers.limited.containerName, "memory.limit_in_bytes", String(100 * mebibyte));
    // As if its owner's action held it: the reconciler must not fight it.
    await stack.database.server.update({ where: { id: servers.limited.id }, data: { activeJobId: "test-action-in-progress" } });
    try {
      const result = await pass();
      assert.deepEqual(result.hosts[0]?.repaired, []);
      assert.equal((await readContainerCgroupLimits(pid!)).memoryBytes, 100 * mebibyte);
    } finally {
      await stack.database.server.update({ where: { id: servers.limited.id }, data: { activeJobId: null } });
    }
  });

  test("drift behind Berth's back is repaired or reported, each in the audit log, once", async () => {
    const config = stack.host.config;
    // 1. The memory limit was changed in the previous test (still 100 MiB instead of 128).
    const { pid } = await lxcState(config, servers.limited.containerName);
    assert.equal((await readContainerCgroupLimits(pid!)).memoryBytes, 100 * mebibyte);
    // 2. A running server stopped.
    await lxc("lxc-stop", servers.halted.containerName, "-k");
    // 3. A server's container deleted: its LXC folder and its subvolume.
    await lxc("lxc-stop", servers.destroyed.containerName, "-k");
    await runCommand(["rm", "-rf", path.join(config.lxcPath, servers.destroyed.containerName)]);
    await runCommand(["btrfs", "subvolume", "delete", serverSubvolume(servers.destroyed.containerName)]);
    // 4. A server stopped through Berth started again.
    await lxc("lxc-start", servers.woken.containerName, "-d");
    await lxc("lxc-wait", servers.woken.containerName, "-s", "RUNNING", "-t", "20");
    // 5. A subvolume nobody made.
    await runCommand(["btrfs", "subvolume", "create", serverSubvolume("stray-rc")]);

    const first = await pass();
    const host = first.hosts[0]!;
    assert.deepEqual(
      host.repaired.map((repair) => `${repair.kind} ${repair.serverId}`).sort(),
      [`limits ${servers.limited.id}`, `start ${servers.halted.id}`, `stop ${servers.woken.id}`].sort(),
    );
    assert.deepEqual(host.markedMissing, [servers.destroyed.id]);

    const limited = await lxcState(config, servers.limited.containerName);
    assert.equal(limited.pid, pid, "limits are re-applied live, without a restart");
    assert.equal((await readContainerCgroupLimits(pid!)).memoryBytes, plan.memoryMb * mebibyte);
    assert.equal((await lxcState(config, servers.halted.containerName)).state, "RUNNING");
    assert.equal((await lxcState(config, servers.woken.containerName)).state, "STOPPED");
    const destroyed = await stack.database.server.findUniqueOrThrow({ where: { id: servers.destroyed.id } });
    assert.equal(destroyed.status, "failed");
    assert.match(destroyed.statusMessage ?? "", /container is missing/);

    const events = await reconcilerEvents();
    const summary = events.map((event) => `${event.action} ${event.targetType}:${event.targetId}`);
    for (const expected of [
      `reconcile.limits.reapplied server:${servers.limited.id}`,
      `reconcile.server.started server:${servers.halted.id}`,
      `reconcile.server.stopped server:${servers.woken.id}`,
      `reconcile.container.missing server:${servers.destroyed.id}`,
      `reconcile.subvolume.orphaned host:${hostId}`,
    ]) {
      assert.ok(summary.includes(expected), `${expected} in ${summary.join(", ")}`);
    }
    assert.ok(events.every((event) => event.actorType === "system" && JSON.parse(event.details ?? "{}").by === "reconciler"));
    const limitsEvent = events.find((event) => event.action === "reconcile.limits.reapplied")!;
    assert.deepEqual(JSON.parse(limitsEvent.details!).found, [{ limit: "memoryMb", wanted: plan.memoryMb, found: 100 }]);
    const stray = events.find((event) => event.action === "reconcile.subvolume.orphaned")!;
    assert.equal(JSON.parse(stray.details!).subvolume, "stray-rc");
    // The deleted container's firewall entries stayed behind: its two addresses are reported as nobody's.
    const destroyedAddresses = await stack.database.ipAddress.findMany({ where: { serverId: servers.destroyed.id } });
    const orphanedAddresses = events.filter((event) => event.action === "reconcile.address.orphaned").map((event) => JSON.parse(event.details!).address as string);
    assert.deepEqual(orphanedAddresses.sort(), destroyedAddresses.map((address) => address.address).sort());
    const rows = await stack.database.server.findMany({ where: { id: { in: Object.values(servers).map((server) => server.id) } } });
    assert.ok(rows.every((row) => row.activeJobId === null), "every repair gave its claim back");

    const second = await pass();
    assert.deepEqual(second.hosts.map((entry) => [entry.repaired, entry.markedMissing, entry.reported]), [[[], [], []]]);
    assert.equal((await reconcilerEvents()).length, events.length, "the second pass reports nothing new");
  });

  test("two passes at once repair and report once", async () => {
    await lxc("lxc-stop", servers.halted.containerName, "-k");
    await runCommand(["btrfs", "subvolume", "create", serverSubvolume("stray-rc-2")]);
    const before = (await reconcilerEvents()).length;
    const results = await Promise.all([pass(), pass()]);
    const repaired = results.flatMap((result) => result.hosts.flatMap((host) => host.repaired));
    assert.deepEqual(repaired, [{ serverId: servers.halted.id, kind: "start" }]);
    assert.equal((await lxcState(stack.host.config, servers.halted.containerName)).state, "RUNNING");
    const added = (await reconcilerEvents()).slice(before).map((event) => event.action).sort();
    assert.deepEqual(added, ["reconcile.server.started", "reconcile.subvolume.orphaned"]);
  });
});
