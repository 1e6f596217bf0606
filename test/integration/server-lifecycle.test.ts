import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { AppError } from "../../lib/errors";
import { createOrder } from "../../lib/orders/create-order";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
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
  const job = await requestServerAction({ database: stack.database, queue: stack.queue, actor, serverId, input });
  const finished = await waitForJob(stack.database, job.id);
  assert.equal(finished.state, "completed", `${JSON.stringify(input)}: ${finished.error}`);
  return stack.database.server.findUniqueOrThrow({ where: { id: serverId }, include: { plan: true } });
}

async function refused(actor: Actor, input: unknown, status: number, code: string) {
  const jobsBefore = await stack.database.job.count();
  await assert.rejects(
    requestServerAction({ database: stack.database, queue: stack.queue, actor, serverId, input }),
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

  test("shrinking the disk below what the VPS uses fails the job with the agent's reason and changes nothing", async () => {
    const { pid } = await lxcState(stack.host.config, containerName);
    const limitsBefore = await readContainerCgroupLimits(pid!);
    // The request never waits on the agent: it is accepted, and the agent's refusal fails the job for good.
    const job = await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId, input: { type: "resize", plan: tinyDiskPlan.slug } });
    const failed = await waitForJob(stack.database, job.id);
    assert.equal(failed.state, "failed");
    assert.equal(failed.attempts, 1, "a refusal is not retried");
    assert.match(failed.error ?? "", /uses \d+ MiB of disk; it cannot shrink to 16 MiB/);
    assert.equal((JSON.parse(failed.agentOperationIds) as string[]).length, 1, "the agent's operation is on the job");
    const server = await stack.database.server.findUniqueOrThrow({ where: { id: serverId }, include: { plan: true } });
    assert.equal(server.plan.slug, largePlan.slug);
    assert.equal(server.activeJobId, null, "the server is free for the next action");
    assert.match(server.statusMessage ?? "", /^Plan change failed: .*cannot shrink/);
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

  test("rescue mounts the server's disk at /mnt/disk; leaving it boots the server's own system with the change, same addresses and limits", async () => {
    await runInContainer(stack.host.config, containerName, ["sh", "-c", "mkdir -p /etc/app && echo port=99999 > /etc/app/config"]);
    const limitsBefore = await readContainerCgroupLimits((await lxcState(stack.host.config, containerName)).pid!);

    const inRescue = await act(customer, { type: "rescue" });
    assert.equal(inRescue.status, "rescue");
    assert.equal((await runInContainer(stack.host.config, containerName, ["cat", "/mnt/disk/etc/app/config"])).stdout.trim(), "port=99999");
    await runInContainer(stack.host.config, containerName, ["sh", "-c", "echo port=8080 > /mnt/disk/etc/app/config"]);
    await pingFromHost(ipv4);
    await pingFromHost(ipv6);
    // In rescue only leaving it, suspending and terminating make sense.
    await refused(customer, { type: "stop" }, 409, "server_in_rescue");
    await refused(customer, { type: "reinstall" }, 409, "server_in_rescue");
    // Suspending works from rescue, and unsuspending returns to it.
    assert.equal((await act(admin, { type: "suspend", reason: "abuse check" })).status, "suspended");
    assert.equal((await act(admin, { type: "unsuspend" })).status, "rescue");

    const back = await act(customer, { type: "unrescue" });
    assert.equal(back.status, "running");
    assert.equal((await runInContainer(stack.host.config, containerName, ["cat", "/etc/app/config"])).stdout.trim(), "port=8080");
    await assert.rejects(runInContainer(stack.host.config, containerName, ["test", "-d", "/mnt/disk"]), "the server's own system, not the rescue image");
    assert.deepEqual(await readContainerCgroupLimits((await lxcState(stack.host.config, containerName)).pid!), limitsBefore);
    await pingFromHost(ipv4);
    await pingFromHost(ipv6);

    // Each job names the agent operations it caused, and both actions are in the audit trail.
    const jobs = await stack.database.job.findMany({ where: { serverId, payload: { contains: "rescue" } } });
    assert.equal(jobs.length, 2);
    for (const job of jobs) assert.ok((JSON.parse(job.agentOperationIds) as string[]).length >= 1, `job ${job.id} records its agent operation`);
    const audited = await stack.database.auditEvent.findMany({ where: { targetId: serverId, action: { in: ["server.rescue", "server.unrescue"] } } });
    assert.deepEqual(audited.map((event) => event.action).sort(), ["server.rescue", "server.unrescue"]);
  });

  test("only one action runs at a time on a server", async () => {
    const first = await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId, input: { type: "reboot" } });
    await refused(customer, { type: "stop" }, 409, "server_busy");
    assert.equal((await waitForJob(stack.database, first.id)).state, "completed");
  });

  test("an admin moves the server to new addresses: it answers on them, the old ones go back to the pool", async () => {
    await refused(customer, { type: "change_addresses" }, 403, "forbidden");
    await refused(admin, { type: "change_addresses", pool4: "no-such-pool" }, 422, "unknown_pool");
    const moved = await act(admin, { type: "change_addresses" });
    assert.equal(moved.status, "running");
    const addresses = await stack.database.ipAddress.findMany({ where: { serverId }, include: { pool: true } });
    assert.equal(addresses.length, 2, "one address of each family");
    const next4 = addresses.find((address) => address.pool.family === 4)!.address;
    const next6 = addresses.find((address) => address.pool.family === 6)!.address;
    assert.notEqual(next4, ipv4);
    assert.notEqual(next6, ipv6);
    assert.equal(await stack.database.ipAddress.count({ where: { address: { in: [ipv4, ipv6] }, serverId: null } }), 2, "the old ones are free again");
    await pingFromHost(next4);
    await pingFromHost(next6, 15);
    const config = await readFile(path.join(stack.host.config.lxcPath, containerName, "config"), "utf8");
    assert.match(config, new RegExp(`lxc\\.net\\.0\\.ipv4\\.address = ${next4.replaceAll(".", "\\.")}/`));
    [ipv4, ipv6] = [next4, next6];
  });

  test("terminate destroys container and disk, frees the addresses, keeps the record; repeating it is harmless", async () => {
    const job = await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId, input: { type: "terminate" } });
    assert.equal((await waitForJob(stack.database, job.id)).state, "completed");
    const server = await stack.database.server.findUniqueOrThrow({ where: { id: serverId }, include: { addresses: true } });
    assert.equal(server.status, "terminated");
    assert.equal(server.addresses.length, 0);
    assert.equal(await stack.database.ipAddress.count({ where: { address: { in: [ipv4, ipv6] }, serverId: null } }), 2, "both addresses are free");
    assert.equal(existsSync(path.join(stack.host.config.lxcPath, containerName)), false, "no container");
    assert.equal(existsSync(path.join(stack.host.config.poolDir, "servers", containerName)), false, "no subvolume");
    assert.ok((await stack.database.auditEvent.count({ where: { targetId: serverId } })) > 5, "the audit trail stays");

    const again = await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId, input: { type: "terminate" } });
    assert.equal(again.id, job.id, "repeating answers with the same job");
    await refused(customer, { type: "start" }, 409, "server_terminated");
  });
});
