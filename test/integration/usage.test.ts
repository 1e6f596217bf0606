import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { createOrder } from "../../lib/orders/create-order";
import { collectUsage } from "../../lib/usage/collect-usage";
import { readHostMetrics, readServerMetrics } from "../../lib/usage/read-metrics";
import { readMonthlyUsage } from "../../lib/usage/read-monthly-usage";
import { liftEndedTransferLimits, transferSuspensionReason } from "../../lib/usage/transfer-allowance";
import { monthOf } from "../../lib/usage/usage-periods";
import { runCommand } from "../../agent/run-command";
import { pingFromHost, runInContainer } from "../support/agent";
import { startBerthStack, waitForJob, type BerthTestStack } from "../support/berth-stack";

// Usage end to end on real containers: the agent's counters, the worker's collection, the
// buckets, the month's transfer and what a plan's allowance does once it is used.
let stack: BerthTestStack;
let customer: Actor;
let admin: Actor;

const plan = { vcpus: 1, memoryMb: 128, swapMb: 64, diskMb: 48, processes: 100, ioReadMbps: 100, ioWriteMbps: 100, networkMbps: 1000, monthlyPriceCents: 100 };
// Allowances of 2 MB, which the test's pings pass.
const plans = {
  unlimited: { ...plan, slug: "use-unlimited", name: "Unlimited" },
  throttled: { ...plan, slug: "use-throttled", name: "Throttled", monthlyTransferGb: 0.002, transferOverageAction: "throttle", transferThrottleMbps: 4 },
  suspended: { ...plan, slug: "use-suspended", name: "Suspended", monthlyTransferGb: 0.002, transferOverageAction: "suspend" },
};

const collect = (now?: Date) => collectUsage({ database: stack.database, queue: stack.queue, settings: stack.settings }, now);

async function orderServer(planSlug: string, hostname: string) {
  const { server, job } = await createOrder({ database: stack.database, queue: stack.queue, customerId: stack.customerId, input: { plan: planSlug, template: "busybox", hostname } });
  assert.equal((await waitForJob(stack.database, job.id)).state, "completed");
  return stack.database.server.findUniqueOrThrow({ where: { id: server.id }, include: { addresses: true } });
}

/** About 1.4 MB each way between the host and the server: big pings, fast. */
async function pingTraffic(server: { addresses: Array<{ address: string }> }, count = 1000) {
  const ipv4 = server.addresses.find((address) => !address.address.includes(":"))!.address;
  await pingFromHost(ipv4);
  await runCommand(["ping", "-q", "-c", String(count), "-s", "1400", "-i", "0.001", "-W", "1", ipv4], { timeoutMs: 60_000 });
}

async function agentTotals(containerName: string) {
  const reading = (await stack.host.client.usage()).containers.find((entry) => entry.name === containerName);
  assert.ok(reading, `the agent reports ${containerName}`);
  return reading;
}

describe("usage: readings, graphs, monthly transfer and allowances", () => {
  before(async () => {
    stack = await startBerthStack({ bridge: "br-berth-us", ipv4Prefix: "10.95.0", ipv6Prefix: "fd77:6265:7274:95" });
    for (const entry of Object.values(plans)) await stack.database.plan.create({ data: entry });
    customer = { userId: stack.customerId, role: "customer", via: "session" };
    admin = { userId: stack.adminId, role: "admin", via: "session" };
  });

  after(async () => {
    await stack?.stop();
  });

  test("every reading is counted once, into minute and hour buckets and the month, even when two workers collect at once", async () => {
    const server = await orderServer(plans.unlimited.slug, "counted");
    await collect();
    await pingTraffic(server);
    // Two collectors at the same moment (two workers): the cursor lets each reading in once.
    await Promise.all([collect(), collect()]);
    await collect();
    const cursor = await stack.database.usageCursor.findUniqueOrThrow({ where: { serverId: server.id } });
    const counted = JSON.parse(cursor.counters) as { rxBytes: number; txBytes: number; cpuSeconds: number };
    const month = await stack.database.serverTransfer.findUniqueOrThrow({ where: { serverId_month: { serverId: server.id, month: monthOf(new Date()) } } });
    assert.equal(month.rxBytes, counted.rxBytes, "the month holds exactly what the agent counted (nothing twice)");
    assert.equal(month.txBytes, counted.txBytes);
    assert.ok(month.rxBytes > 1_400_000 && month.txBytes > 1_400_000, `the pings are there: ${month.rxBytes} received, ${month.txBytes} sent`);
    const agent = await agentTotals(server.containerName);
    assert.ok(agent.rxBytes >= counted.rxBytes && agent.rxBytes - counted.rxBytes < 10_000, "and the agent agrees");

    const buckets = await stack.database.usageSample.groupBy({ by: ["resolution"], where: { serverId: server.id }, _sum: { rxBytes: true, txBytes: true } });
    for (const resolution of ["minute", "hour"]) {
      const sums = buckets.find((row) => row.resolution === resolution)?._sum;
      assert.equal(sums?.rxBytes, counted.rxBytes, `${resolution} buckets add up to the same`);
      assert.equal(sums?.txBytes, counted.txBytes);
    }
    const usage = await readMonthlyUsage({ database: stack.database, actor: customer, serverId: server.id });
    assert.equal(usage.transferBytes, counted.rxBytes + counted.txBytes);
    assert.equal(usage.allowanceBytes, null, "unlimited");
    assert.equal(usage.limit, null);
  });

  test("a CPU burner shows in its server's CPU graph within a minute; its neighbour's does not move", async () => {
    const burner = await orderServer(plans.unlimited.slug, "burner");
    const neighbour = await orderServer(plans.unlimited.slug, "quiet");
    await collect();
    await runInContainer(stack.host.config, burner.containerName, ["sh", "-c", "timeout 4 sh -c 'while :; do :; done' || true"]);
    await collect();
    const last = (points: Awaited<ReturnType<typeof readServerMetrics>>["points"]) => points.filter((point) => point.cpuPercent !== null).at(-1);
    const burnt = last((await readServerMetrics({ database: stack.database, actor: customer, serverId: burner.id, period: "1h" })).points);
    const quiet = last((await readServerMetrics({ database: stack.database, actor: customer, serverId: neighbour.id, period: "1h" })).points);
    assert.ok(burnt && burnt.cpuPercent! > 30, `the burner's minute shows its CPU time: ${burnt?.cpuPercent}%`);
    assert.ok(quiet && quiet.cpuPercent! < 5, `the neighbour's stays low: ${quiet?.cpuPercent}%`);
    assert.ok(burnt.memoryBytes > 0 && burnt.diskBytes > 0, "memory and disk are drawn too");
    const hourly = await readServerMetrics({ database: stack.database, actor: customer, serverId: burner.id, period: "7d" });
    assert.equal(hourly.resolution, "hour");
    assert.ok(hourly.points.length >= 1);
    // The host's graph is its servers' added up; it is the admin's.
    const hostGraph = await readHostMetrics({ database: stack.database, actor: admin, hostId: burner.hostId!, period: "1h" });
    assert.ok(hostGraph.points.some((point) => (point.cpuPercent ?? 0) >= burnt.cpuPercent! - 1));
    await assert.rejects(readHostMetrics({ database: stack.database, actor: customer, hostId: burner.hostId!, period: "1h" }), /./, "customers do not see hosts");
  });

  test("past its monthly allowance a server is throttled to the plan's rate, once, until the month ends", async () => {
    const server = await orderServer(plans.throttled.slug, "throttled");
    await collect();
    assert.equal((await stack.host.client.containerNetwork(server.containerName)).bandwidthMbps, 1000, "the plan's rate before");
    await pingTraffic(server);
    const { limited } = await collect();
    assert.deepEqual(limited, [server.id]);
    assert.equal((await stack.host.client.containerNetwork(server.containerName)).bandwidthMbps, 4, "throttled on the host");
    const row = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
    assert.equal(row.transferLimitedMonth, monthOf(new Date()));
    assert.equal(row.transferLimitAction, "throttled");
    const usage = await readMonthlyUsage({ database: stack.database, actor: customer, serverId: server.id });
    assert.deepEqual(usage.limit, { action: "throttled", throttleMbps: 4 });
    assert.equal(usage.remainingBytes, 0);
    assert.ok(usage.usedPercent! >= 100);
    await pingTraffic(server, 100);
    assert.deepEqual((await collect()).limited, [], "acted on once a month");
    const events = await stack.database.auditEvent.findMany({ where: { targetId: server.id, action: "server.transfer_limit" } });
    assert.equal(events.length, 1);
    assert.equal(events[0]?.actorType, "system");

    // The next month starts: the plan's rate comes back.
    const nextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1, 0, 0, 5));
    assert.deepEqual(await liftEndedTransferLimits({ database: stack.database, queue: stack.queue, settings: stack.settings }, nextMonth), [server.id]);
    assert.equal((await stack.host.client.containerNetwork(server.containerName)).bandwidthMbps, 1000);
    const reset = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
    assert.equal(reset.transferLimitedMonth, null);
    assert.equal(await stack.database.auditEvent.count({ where: { targetId: server.id, action: "server.transfer_reset" } }), 1);
  });

  test("a plan that suspends instead has the server suspended by Berth, and unsuspended when the month ends", async () => {
    const server = await orderServer(plans.suspended.slug, "suspended");
    await collect();
    await pingTraffic(server);
    // (The throttled server of the test before is limited again too: its simulated new month is really still this one.)
    assert.ok((await collect()).limited.includes(server.id));
    const job = await stack.database.job.findFirstOrThrow({ where: { serverId: server.id, type: "serverAction" }, orderBy: { createdAt: "desc" } });
    assert.equal((await waitForJob(stack.database, job.id)).state, "completed");
    const suspended = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
    assert.equal(suspended.status, "suspended");
    assert.equal(suspended.suspendedBy, "admin", "at the provider's level: the customer cannot lift it");
    assert.equal(suspended.suspendReason, transferSuspensionReason);
    assert.equal((await stack.host.client.getContainer(server.containerName))?.state, "FROZEN");

    const nextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1, 0, 0, 5));
    assert.ok((await liftEndedTransferLimits({ database: stack.database, queue: stack.queue, settings: stack.settings }, nextMonth)).includes(server.id));
    const unsuspend = await stack.database.job.findFirstOrThrow({ where: { serverId: server.id, type: "serverAction" }, orderBy: { createdAt: "desc" } });
    assert.match(unsuspend.payload, /"unsuspend"/);
    assert.equal((await waitForJob(stack.database, unsuspend.id)).state, "completed");
    assert.equal((await stack.database.server.findUniqueOrThrow({ where: { id: server.id } })).status, "running");
  });

  test("buckets past their retention are removed", async () => {
    const server = await stack.database.server.findFirstOrThrow({ where: { hostname: "counted" } });
    const old = new Date(Date.now() - 3 * 24 * 3_600_000);
    const ancient = new Date(Date.now() - 91 * 24 * 3_600_000);
    await stack.database.usageSample.createMany({
      data: [
        { serverId: server.id, hostId: server.hostId!, resolution: "minute", bucket: old },
        { serverId: server.id, hostId: server.hostId!, resolution: "hour", bucket: old },
        { serverId: server.id, hostId: server.hostId!, resolution: "hour", bucket: ancient },
      ],
    });
    await collect();
    const left = await stack.database.usageSample.findMany({ where: { serverId: server.id, bucket: { in: [old, ancient] } } });
    assert.deepEqual(left.map((sample) => sample.resolution), ["hour"], "a 3-day-old hour stays; minutes go after two days, hours after 90");
  });
});
