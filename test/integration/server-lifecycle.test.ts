import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { AppError } from "../../lib/errors";
import { createOrder } from "../../lib/orders/create-order";
import { requestServerAction } from "../../lib/servers/request-server-action";
import { requestTermination } from "../../lib/servers/request-termination";
import { lxcState, pingFromHost, readContainerCgroupLimits, runInContainer } from "../support/agent";
import { startBerthStack, waitForJob, type BerthTestStack } from "../support/berth-stack";

let stack: BerthTestStack;
let customer: Actor;
let admin: Actor;
let serverId: string;
let containerName: string;
let ipv4: string;
let ipv6: string;

const smallPlan = { slug: "lc-small", name: "Small", vcpus: 0.5, memoryMb: 128, swapMb: 64, diskMb: 48, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 100 };
const largePlan = { ...smallPlan, slug: "lc-large", name: "Large", vcpus: 1.5, memoryMb: 256, swapMb: 128, diskMb: 128, processes: 200 };
const tinyDiskPlan = { ...smallPlan, slug: "lc-tiny-disk", name: "Tiny disk", diskMb: 16 };

async function act(actor: Actor, input: unknown) {
  const job = await requestServerAction({ database: stack.database, queue: stack.queue, encryptionKey: stack.settings.encryptionKey, actor, serverId, input });
  const finished = await waitForJob(stack.database, job.id);
  assert.equal(finished.state, "completed", `${JSON.stringify(input)}: ${finished.error}`);
  return stack.database.server.findUniqueOrThrow({ where: { id: serverId }, include: { plan: true } });
}

async function refused(actor: Actor, input: unknown, status: number, code: string) {
  const jobsBefore = await stack.database.job.count();
  await assert.rejects(
    requestServerAction({ database: stack.database, queue: stack.queue, encryptionKey: stack.settings.encryptionKey, actor, serverId, input }),
    (error: unknown) => error instanceof AppError && error.status === status && error.code === code,
  );
  assert.equal(await stack.database.job.count(), jobsBefore, "a refused action queues nothing");
}

async function initStartTime(pid: number): Promise<string> {
  // Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot.
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
}

async function pingFails(address: string) {
  await assert.rejects(pingFromHost(address, 2), `${address} must not answer while suspended`);
}

describe("a server's lifecycle, checked on the host", () => {
  before(async () => {
    stack = await startBerthStack({ bridge: "br-berth-s", ipv4Prefix: "10.82.0", ipv6Prefix: "fd77:6265:7274:82" });
    for (const plan of [smallPlan, largePlan, tinyDiskPlan]) await stack.database.plan.create({ data: plan });
    customer = { userId: stack.customerId, role: "customer", via: "session" };
    admin = { userId: stack.adminId, role: "admin", via: "session" };
    const { server, job } = await createOrder({ database: stack.database, queue: stack.queue, customerId: stack.customerId, input: { plan: smallPlan.slug, template: "busybox", hostname: "life" } });
    assert.equal((await waitForJob(stack.database, job.id)).state, "completed");
    const placed = await stack.database.server.findUniqueOrThrow({ where: { id: server.id }, include: { addresses: { include: { pool: true } } } });
    serverId = placed.id;
    containerName = placed.containerName;
    ipv4 = placed.addresses.find((address) => address.pool.family === 4)!.address;
    ipv6 = placed.addresses.find((address) => address.pool.family === 6)!.address;
  });

  after(async () => {
    await stack?.stop();
  });

  test("stop, start and reboot change the container and the recorded status", async () => {
    assert.equal((await act(customer, { type: "stop" })).status, "stopped");
    assert.equal((await lxcState(stack.host.config, containerName)).state, "STOPPED");
    assert.equal((await act(customer, { type: "start" })).status, "running");
    const before = await lxcState(stack.host.config, containerName);
    assert.equal(before.state, "RUNNING");
    assert.equal((await act(customer, { type: "reboot" })).status, "running");
    const afterReboot = await lxcState(stack.host.config, containerName);
    assert.equal(afterReboot.state, "RUNNING");
    assert.notEqual(afterReboot.pid, before.pid, "a reboot starts a new init");
  });

  test("the owner cannot suspend or unsuspend", async () => {
    await refused(customer, { type: "suspend" }, 403, "forbidden");
  });

  test("suspend freezes the VPS and cuts its network; only an operator undoes it", async () => {
    const { pid } = await lxcState(stack.host.config, containerName);
    const suspended = await act(admin, { type: "suspend", reason: "unpaid invoice" });
    assert.equal(suspended.status, "suspended");
    assert.equal((await lxcState(stack.host.config, containerName)).state, "FROZEN");
    await pingFails(ipv4);
    await pingFails(ipv6);

    await refused(customer, { type: "unsuspend" }, 403, "forbidden");
    await refused(customer, { type: "start" }, 409, "server_suspended");
    await refused(customer, { type: "reinstall" }, 409, "server_suspended");

    const unsuspended = await act(admin, { type: "unsuspend" });
    assert.equal(unsuspended.status, "running");
    const state = await lxcState(stack.host.config, containerName);
    assert.equal(state.state, "RUNNING");
    assert.equal(state.pid, pid, "unsuspending resumes the same processes");
    await pingFromHost(ipv4);
    await pingFromHost(ipv6);
  });

  test("resize changes CPU, memory, processes and disk live, without a restart", async () => {
    const { pid } = await lxcState(stack.host.config, containerName);
    assert.ok(pid);
    const startedAt = await initStartTime(pid);
    const resized = await act(customer, { type: "resize", plan: largePlan.slug });
    assert.equal(resized.plan.slug, largePlan.slug);

    const after = await lxcState(stack.host.config, containerName);
    assert.equal(after.pid, pid, "same init");
    assert.equal(await initStartTime(pid), startedAt, "uptime unbroken");
    const limits = await readContainerCgroupLimits(pid);
    assert.equal(limits.memoryBytes, largePlan.memoryMb * 2 ** 20);
    assert.equal(limits.cpuQuotaMicroseconds / limits.cpuPeriodMicroseconds, largePlan.vcpus);
    assert.equal(limits.pidsMax, largePlan.processes);
    // More than the old 48 MiB disk now fits.
    await runInContainer(stack.host.config, containerName, ["dd", "if=/dev/zero", "of=/grown", "bs=1M", "count=64"]);
    await assert.rejects(runInContainer(stack.host.config, containerName, ["dd", "if=/dev/zero", "of=/too-big", "bs=1M", "count=80"]));
    await runInContainer(stack.host.config, containerName, ["rm", "-f", "/too-big"]);
  });

  test("shrinking the disk below what the VPS uses is refused with 409 and changes nothing", async () => {
    const { pid } = await lxcState(stack.host.config, containerName);
    const limitsBefore = await readContainerCgroupLimits(pid!);
    await refused(customer, { type: "resize", plan: tinyDiskPlan.slug }, 409, "disk_in_use");
    const server = await stack.database.server.findUniqueOrThrow({ where: { id: serverId }, include: { plan: true } });
    assert.equal(server.plan.slug, largePlan.slug);
    assert.deepEqual(await readContainerCgroupLimits(pid!), limitsBefore);
  });

  test("reinstall gives a fresh disk and keeps the addresses and hostname", async () => {
    await runInContainer(stack.host.config, containerName, ["sh", "-c", "echo precious > /root/marker"]);
    const reinstalled = await act(customer, { type: "reinstall" });
    assert.equal(reinstalled.status, "running");
    await assert.rejects(runInContainer(stack.host.config, containerName, ["cat", "/root/marker"]), "old data is gone");
    assert.equal((await runInContainer(stack.host.config, containerName, ["hostname"])).stdout.trim(), "life");
    await pingFromHost(ipv4);
    await pingFromHost(ipv6);
  });

  test("only one action runs at a time on a server", async () => {
    const first = await requestServerAction({ database: stack.database, queue: stack.queue, encryptionKey: stack.settings.encryptionKey, actor: customer, serverId, input: { type: "reboot" } });
    await refused(customer, { type: "stop" }, 409, "server_busy");
    assert.equal((await waitForJob(stack.database, first.id)).state, "completed");
  });

  test("terminate destroys container and disk, frees the addresses, keeps the record; repeating it is harmless", async () => {
    const job = await requestTermination({ database: stack.database, queue: stack.queue, actor: customer, serverId });
    assert.equal((await waitForJob(stack.database, job.id)).state, "completed");
    const server = await stack.database.server.findUniqueOrThrow({ where: { id: serverId }, include: { addresses: true } });
    assert.equal(server.status, "terminated");
    assert.equal(server.addresses.length, 0);
    assert.equal(await stack.database.ipAddress.count({ where: { address: { in: [ipv4, ipv6] }, serverId: null } }), 2, "both addresses are free");
    assert.equal(existsSync(path.join(stack.host.config.lxcPath, containerName)), false, "no container");
    assert.equal(existsSync(path.join(stack.host.config.poolDir, "servers", containerName)), false, "no subvolume");
    assert.ok((await stack.database.auditEvent.count({ where: { targetId: serverId } })) > 5, "the audit trail stays");

    const again = await requestTermination({ database: stack.database, queue: stack.queue, actor: customer, serverId });
    assert.equal(again.id, job.id, "repeating answers with the same job");
    await refused(customer, { type: "start" }, 409, "server_terminated");
  });
});
