import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { AppError } from "../../lib/errors";
import { createJobQueue } from "../../lib/jobs/queue";
import { recoverUnfinishedJobs } from "../../lib/jobs/recover-jobs";
import { createOrder } from "../../lib/orders/create-order";
import { startBerthStack, waitForJob, type BerthTestStack } from "../support/berth-stack";
import { lxcState, pingFromHost, processUid, readContainerCgroupLimits, runInContainer } from "../support/agent";

let stack: BerthTestStack;
const tinyPlan = { slug: "tiny", name: "Tiny", vcpus: 0.5, memoryMb: 128, swapMb: 64, diskMb: 64, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 100 };

before(async () => {
  stack = await startBerthStack({ bridge: "br-berth-i", ipv4Prefix: "10.80.0", ipv6Prefix: "fd77:6265:7274:80" });
  await stack.database.plan.create({ data: tinyPlan });
});

after(async () => {
  await stack?.stop();
});

async function order(hostname: string, plan = "tiny", template = "busybox") {
  return createOrder({ database: stack.database, queue: stack.queue, customerId: stack.customerId, input: { plan, template, hostname } });
}

function containerLeftovers(containerName: string) {
  return {
    config: existsSync(path.join(stack.host.config.lxcPath, containerName)),
    subvolume: existsSync(path.join(stack.host.config.poolDir, "servers", containerName)),
  };
}

async function destroy(containerName: string) {
  await stack.host.client.destroyContainer(containerName);
  assert.deepEqual(containerLeftovers(containerName), { config: false, subvolume: false });
}

test("an order becomes a running VPS that is isolated and limited as its plan says", async () => {
  const { job } = await order("web-one");
  const finished = await waitForJob(stack.database, job.id);
  assert.equal(finished.state, "completed", finished.error ?? "");
  const server = await stack.database.server.findUniqueOrThrow({
    where: { id: finished.serverId! },
    include: { addresses: { include: { pool: true } } },
  });
  assert.equal(server.status, "running");
  const ipv4 = server.addresses.find((address) => address.pool.family === 4)!.address;
  const ipv6 = server.addresses.find((address) => address.pool.family === 6)!.address;

  const { state, pid } = await lxcState(stack.host.config, server.containerName);
  assert.equal(state, "RUNNING");
  assert.ok(pid);
  const uid = await processUid(pid);
  assert.notEqual(uid, 0, "the container's init must not run as host root");
  assert.equal(uid, server.idmapBase);

  const limits = await readContainerCgroupLimits(pid);
  assert.equal(limits.memoryBytes, tinyPlan.memoryMb * 2 ** 20);
  assert.equal(limits.cpuQuotaMicroseconds / limits.cpuPeriodMicroseconds, tinyPlan.vcpus);
  assert.equal(limits.pidsMax, tinyPlan.processes);

  await pingFromHost(ipv4);
  await pingFromHost(ipv6);
  assert.equal((await runInContainer(stack.host.config, server.containerName, ["hostname"])).stdout.trim(), "web-one");

  await assert.rejects(
    runInContainer(stack.host.config, server.containerName, ["dd", "if=/dev/zero", "of=/fill", "bs=1M", `count=${tinyPlan.diskMb + 16}`]),
    "writing past the disk limit must fail inside the VPS",
  );
  await destroy(server.containerName);
});

const badOrders: Array<[string, { plan?: string; template?: string; hostname: string }, number, string, RegExp]> = [
  ["an unknown plan", { plan: "no-such-plan", hostname: "web-two" }, 422, "unknown_plan", /plan/],
  ["an unknown template", { template: "no-such-template", hostname: "web-two" }, 422, "unknown_template", /template/],
  ["a hostname that is not an RFC 1123 label", { hostname: "-bad_name-" }, 400, "invalid_request", /hostname.*RFC 1123/],
  ["an empty hostname", { hostname: "" }, 400, "invalid_request", /hostname/],
];

for (const [label, input, status, code, message] of badOrders) {
  test(`an order with ${label} is refused with ${status} and takes nothing`, async () => {
    const counts = async () => ({
      orders: await stack.database.order.count(),
      jobs: await stack.database.job.count(),
      servers: await stack.database.server.count(),
      taken: await stack.database.ipAddress.count({ where: { serverId: { not: null } } }),
    });
    const before = await counts();
    await assert.rejects(order(input.hostname, input.plan, input.template), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.status, status);
      assert.equal(error.code, code);
      assert.match(error.message, message);
      return true;
    });
    assert.deepEqual(await counts(), before);
  });
}

test("an exhausted IPv4 pool fails the order with a message and leaves nothing behind", async () => {
  const free = await stack.database.ipAddress.findMany({ where: { serverId: null, pool: { family: 4 } } });
  const freeIpv6Before = await stack.database.ipAddress.count({ where: { serverId: null, pool: { family: 6 } } });
  await stack.database.ipAddress.deleteMany({ where: { id: { in: free.map((address) => address.id) } } });
  try {
    const { order: placed, job } = await order("web-three");
    const finished = await waitForJob(stack.database, job.id);
    assert.equal(finished.state, "failed");
    assert.match(finished.error ?? "", /No free IPv4 address/);
    const failedOrder = await stack.database.order.findUniqueOrThrow({ where: { id: placed.id }, include: { server: { include: { addresses: true } } } });
    assert.equal(failedOrder.status, "failed");
    assert.match(failedOrder.failureReason ?? "", /No free IPv4 address/);
    assert.equal(failedOrder.server?.status, "failed", "the server record stays, marked failed");
    assert.equal(failedOrder.server?.hostId, null, "it was never placed on a host");
    assert.equal(failedOrder.server?.addresses.length, 0, "it holds no address");
    assert.equal(await stack.database.ipAddress.count({ where: { serverId: null, pool: { family: 6 } } }), freeIpv6Before);
    assert.deepEqual(containerLeftovers(`berth-${placed.id}`), { config: false, subvolume: false });
  } finally {
    await stack.database.ipAddress.createMany({ data: free.map(({ id, poolId, address }) => ({ id, poolId, address })) });
  }
});

test("an order the agent refuses fails, removes its container and gives its addresses back", async () => {
  await stack.database.template.create({ data: { slug: "missing", name: "Not on the host", agentTemplate: "not-on-this-host" } });
  const { order: placed, job } = await order("web-four", "tiny", "missing");
  const finished = await waitForJob(stack.database, job.id);
  assert.equal(finished.state, "failed");
  const server = await stack.database.server.findUniqueOrThrow({ where: { orderId: placed.id }, include: { addresses: true } });
  assert.equal(server.status, "failed");
  assert.match(server.statusMessage ?? "", /template/);
  assert.equal(server.addresses.length, 0, "addresses are back in the pool");
  assert.equal((await stack.database.order.findUniqueOrThrow({ where: { id: placed.id } })).status, "failed");
  assert.deepEqual(containerLeftovers(server.containerName), { config: false, subvolume: false });
});

test("the same order provisioned twice at once yields one server, one container and one address of each family", async () => {
  const { order: placed, job } = await order("web-five");
  const duplicate = await stack.database.job.create({ data: { type: "provisionServer", orderId: placed.id } });
  await stack.queue.enqueue("provisionServer", { orderId: placed.id }, duplicate.id);
  await stack.queue.enqueue("provisionServer", { orderId: placed.id }, job.id); // same job id again: a no-op
  const results = [await waitForJob(stack.database, job.id), await waitForJob(stack.database, duplicate.id)];
  assert.ok(results.every((result) => result.state === "completed"), results.map((result) => result.error).join("; "));

  const servers = await stack.database.server.findMany({ where: { orderId: placed.id }, include: { addresses: { include: { pool: true } } } });
  assert.equal(servers.length, 1);
  const [server] = servers;
  assert.deepEqual(server!.addresses.map((address) => address.pool.family).sort(), [4, 6]);
  const containers = (await stack.host.client.listContainers()).filter((container) => container.name === server!.containerName);
  assert.equal(containers.length, 1);
  assert.equal(containers[0]!.state, "RUNNING");
  await destroy(server!.containerName);
});

test("an order whose queuing was lost (Redis unreachable) is recovered when the worker starts", async () => {
  const unreachable = createJobQueue("redis://127.0.0.1:9");
  const { job, server } = await createOrder({ database: stack.database, queue: unreachable, customerId: stack.customerId, input: { plan: "tiny", template: "busybox", hostname: "web-six" } });
  await unreachable.close();
  assert.equal((await stack.database.job.findUniqueOrThrow({ where: { id: job.id } })).state, "queued", "the order and its job are recorded anyway");

  assert.ok((await recoverUnfinishedJobs(stack.database, stack.queue)) >= 1);
  const finished = await waitForJob(stack.database, job.id);
  assert.equal(finished.state, "completed", finished.error ?? "");
  const placed = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
  assert.equal(placed.status, "running");
  await destroy(placed.containerName);
});
