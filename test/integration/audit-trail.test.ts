import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { listAuditEvents } from "../../lib/audit/list-audit-events";
import { suspendCustomer } from "../../lib/customers/suspend-customer";
import { updateCustomer } from "../../lib/customers/update-customer";
import type { Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import { encodeCursor } from "../../lib/pagination/read-page";
import type { JobQueue } from "../../lib/jobs/queue";
import { createOrder } from "../../lib/orders/create-order";
import { setResellerQuota } from "../../lib/resellers/set-reseller-quota";
import { roomyQuota, seedSmallPlanAndBusybox, seedTwoResellers, startTenancyStack, type TwoResellers } from "../support/tenancy";

let stack: Awaited<ReturnType<typeof startTenancyStack>>;
let database: Database;
let queue: JobQueue;
let { admin, resellerA, resellerB, customerA1, customerA2, customerB1 } = {} as TwoResellers;

type Listed = Awaited<ReturnType<typeof listAuditEvents>>["events"][number];

/** The whole trail an actor can read, walked page by page. */
async function wholeTrail(actor: Actor, limit = 3): Promise<Listed[]> {
  const events: Listed[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listAuditEvents({ database, actor, limit, cursor });
    events.push(...page.events);
    if (!page.nextCursor) return events;
    cursor = page.nextCursor;
  }
}

function order(customer: Actor, hostname: string, actor?: Actor) {
  return createOrder({ database, queue, customerId: customer.userId, actor, input: { plan: "a-small", template: "busybox", hostname } });
}

before(async () => {
  stack = await startTenancyStack();
  ({ database, queue } = stack);
  await seedSmallPlanAndBusybox(database, { slug: "a-small", name: "A small" });
  ({ admin, resellerA, resellerB, customerA1, customerA2, customerB1 } = await seedTwoResellers(database, "a-small", "tenancy.test"));

  await order(customerA1, "a1-web", { ...customerA1, via: "token", credentialId: "token-a1", ipAddress: "198.51.100.7" });
  await order(customerA2, "a2-web");
  await order(customerB1, "b1-web");
  await order(resellerA, "reseller-a-own");
  await suspendCustomer({ database, actor: { ...resellerA, ipAddress: "203.0.113.5" }, customerId: customerA1.userId, input: { reason: "unpaid" } });
  await updateCustomer({ database, actor: resellerB, customerId: customerB1.userId, input: { name: "B one" } });
  await setResellerQuota({ database, actor: admin, resellerId: resellerA.userId, input: { ...roomyQuota, maxServers: 20 } });
});

after(async () => {
  await stack?.stop();
});

describe("who sees which audit events", () => {
  test("events carry the tenant, its reseller and the credential used", async () => {
    const event = await database.auditEvent.findFirstOrThrow({ where: { action: "order.create", credentialId: "token-a1" } });
    assert.equal(event.actorId, customerA1.userId);
    assert.equal(event.actorType, "token");
    assert.equal(event.tenantId, customerA1.userId);
    assert.equal(event.resellerId, resellerA.userId);
    const suspension = await database.auditEvent.findFirstOrThrow({ where: { action: "customer.suspend" } });
    assert.deepEqual([suspension.actorId, suspension.tenantId, suspension.resellerId], [resellerA.userId, customerA1.userId, resellerA.userId]);
    const ownServer = await database.auditEvent.findFirstOrThrow({ where: { action: "order.create", actorId: resellerA.userId } });
    assert.deepEqual([ownServer.tenantId, ownServer.resellerId], [resellerA.userId, null]);
  });

  test("an admin sees every event", async () => {
    const all = await wholeTrail(admin);
    assert.equal(all.length, await database.auditEvent.count());
    assert.equal(new Set(all.map((event) => event.id)).size, all.length, "pages do not overlap");
    assert.equal(all.find((event) => event.action === "customer.suspend")?.ipAddress, "203.0.113.5");
  });

  test("reseller A sees its own and its customers' events, none of B's", async () => {
    const seen = await wholeTrail(resellerA);
    const mine = new Set([resellerA.userId, customerA1.userId, customerA2.userId]);
    assert.ok(seen.length > 0);
    for (const event of seen) {
      assert.ok(
        event.resellerId === resellerA.userId || event.tenantId === resellerA.userId || event.actorId === resellerA.userId,
        `${event.action} on ${event.targetType} ${event.targetId} is not A's`,
      );
      assert.ok(!event.tenantId || mine.has(event.tenantId), `${event.action} belongs to ${event.tenantId}`);
    }
    const actions = seen.map((event) => `${event.action}:${event.tenantId}`);
    for (const expected of [
      `order.create:${customerA1.userId}`,
      `order.create:${customerA2.userId}`,
      `order.create:${resellerA.userId}`,
      `customer.suspend:${customerA1.userId}`,
      `reseller.quota.set:${resellerA.userId}`,
      `user.create:${customerA1.userId}`,
    ]) {
      assert.ok(actions.includes(expected), `A should see ${expected}`);
    }
    assert.ok(!seen.some((event) => event.tenantId === customerB1.userId || event.actorId === resellerB.userId));
    // A sees its customer's order, but not the address the customer acted from.
    assert.equal(seen.find((event) => event.credentialId === "token-a1")?.ipAddress, null);
  });

  test("a customer sees only events about itself or by itself", async () => {
    const seen = await wholeTrail(customerA1);
    assert.ok(seen.length > 0);
    for (const event of seen) assert.ok(event.tenantId === customerA1.userId || event.actorId === customerA1.userId, event.action);
    const actions = seen.map((event) => event.action);
    assert.ok(actions.includes("order.create"));
    assert.ok(actions.includes("customer.suspend"), "the customer sees that it was suspended");
    assert.equal(seen.find((event) => event.action === "customer.suspend")?.ipAddress, null, "but not from where");
    assert.equal(seen.find((event) => event.action === "order.create")?.ipAddress, "198.51.100.7", "its own address is its own");

    const other = await wholeTrail(customerA2);
    assert.ok(!other.some((event) => event.tenantId === customerA1.userId));
  });

  test("a cursor is only a position: one at another tenant's event still reads the reader's own trail", async () => {
    const bEvent = await database.auditEvent.findFirstOrThrow({ where: { tenantId: customerB1.userId } });
    await assert.rejects(
      listAuditEvents({ database, actor: resellerA, cursor: bEvent.id }),
      (error: unknown) => error instanceof AppError && error.status === 400 && error.code === "invalid_cursor",
      "an event id is not a cursor",
    );
    const after = await listAuditEvents({ database, actor: resellerA, cursor: encodeCursor(bEvent), limit: 100 });
    assert.ok(after.events.every((event) => event.tenantId !== customerB1.userId && event.actorId !== resellerB.userId));
  });
});
