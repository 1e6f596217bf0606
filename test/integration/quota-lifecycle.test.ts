import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { createOrder } from "../../lib/orders/create-order";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import { startBerthStack, waitForJob, type BerthTestStack } from "../support/berth-stack";
import { basePlan, createCustomerActor, createResellerActor } from "../support/tenancy";

// The quota through a real server's life: provisioned, resized up and down, terminated by the worker on LXC.
let stack: BerthTestStack;
let reseller: Actor;
let customer: Actor;

const smallPlan = { ...basePlan, slug: "ql-small", name: "QL small", vcpus: 0.5, memoryMb: 128, diskMb: 48 };
const largePlan = { ...basePlan, slug: "ql-large", name: "QL large", vcpus: 1.5, memoryMb: 256, diskMb: 96 };

async function used() {
  const quota = await stack.database.resellerQuota.findUniqueOrThrow({ where: { resellerId: reseller.userId } });
  return [quota.usedServers, quota.usedVcpus, quota.usedMemoryMb, quota.usedDiskMb, quota.usedIpv4];
}

async function finished(job: { id: string }) {
  const done = await waitForJob(stack.database, job.id);
  assert.equal(done.state, "completed", done.error ?? undefined);
}

before(async () => {
  stack = await startBerthStack({ bridge: "br-berth-q", ipv4Prefix: "10.83.0", ipv6Prefix: "fd77:6265:7274:83" });
  for (const plan of [smallPlan, largePlan]) await stack.database.plan.create({ data: plan });
  const admin: Actor = { userId: stack.adminId, role: "admin", via: "session" };
  reseller = await createResellerActor(stack.database, admin, "lifecycle-reseller@tenancy.test", { maxServers: 2, maxVcpus: 2, maxMemoryMb: 1024, maxDiskMb: 1024, maxIpv4: 2 }, [
    "ql-small",
    "ql-large",
  ]);
  customer = await createCustomerActor(stack.database, reseller, "lifecycle-customer@tenancy.test");
});

after(async () => {
  await stack?.stop();
});

test("a server's quota share follows it through provisioning, resizes and termination", async () => {
  const { server, job } = await createOrder({ database: stack.database, queue: stack.queue, customerId: customer.userId, input: { plan: "ql-small", template: "busybox", hostname: "quota-life" } });
  await finished(job);
  assert.deepEqual(await used(), [1, 0.5, 128, 48, 1]);

  const action = (input: unknown) =>
    requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId: server.id, input });
  await finished(await action({ type: "resize", plan: "ql-large" }));
  assert.deepEqual(await used(), [1, 1.5, 256, 96, 1]);
  await finished(await action({ type: "resize", plan: "ql-small" }));
  assert.deepEqual(await used(), [1, 0.5, 128, 48, 1]);

  await finished(await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId: server.id, input: { type: "terminate" } }));
  assert.deepEqual(await used(), [0, 0, 0, 0, 0]);
  const events = await stack.database.auditEvent.findMany({ where: { targetId: server.id } });
  assert.ok(events.length >= 4);
  for (const event of events) assert.deepEqual([event.tenantId, event.resellerId], [customer.userId, reseller.userId], event.action);
});
