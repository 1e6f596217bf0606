import { testMailContext } from "../support/mail-context";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { canSignIn } from "../../lib/customers/can-sign-in";
import { createCustomer } from "../../lib/customers/create-customer";
import { deleteCustomer } from "../../lib/customers/delete-customer";
import { listCustomers } from "../../lib/customers/list-customers";
import { suspendCustomer } from "../../lib/customers/suspend-customer";
import { unsuspendCustomer } from "../../lib/customers/unsuspend-customer";
import { updateCustomer } from "../../lib/customers/update-customer";
import type { Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import type { JobQueue } from "../../lib/jobs/queue";
import { createOrder } from "../../lib/orders/create-order";
import { verifyPassword } from "../../lib/security/password";
import { authenticateApiToken, createApiToken } from "../../lib/tokens/api-tokens";
import { createAdmin, createResellerActor, roomyQuota, seedSmallPlanAndBusybox, startTenancyStack } from "../support/tenancy";

let stack: Awaited<ReturnType<typeof startTenancyStack>>;
let database: Database;
let queue: JobQueue;
let admin: Actor;
let resellerA: Actor;
let resellerB: Actor;

function isAppError(status: number, code: string) {
  return (error: unknown) => error instanceof AppError && error.status === status && error.code === code;
}

/** Everything a customer operation could change, to show a refused one changed nothing. */
async function snapshot() {
  return {
    users: await database.user.findMany({ orderBy: { id: "asc" } }),
    servers: await database.server.findMany({ orderBy: { id: "asc" } }),
    orders: await database.order.count(),
    tokens: await database.apiToken.count(),
    auditEvents: await database.auditEvent.count(),
  };
}

before(async () => {
  stack = await startTenancyStack();
  ({ database, queue } = stack);
  await seedSmallPlanAndBusybox(database, { slug: "c-small", name: "C small" });
  admin = await createAdmin(database);
  resellerA = await createResellerActor(database, admin, "reseller-a@tenancy.test", roomyQuota, ["c-small"]);
  resellerB = await createResellerActor(database, admin, "reseller-b@tenancy.test", roomyQuota, ["c-small"]);
});

after(async () => {
  await stack?.stop();
});

describe("a reseller managing its customers", () => {
  test("creates, edits, suspends (tokens stop working), unsuspends and deletes a customer", async () => {
    const { customer, generatedPassword } = await createCustomer({ mailContext: testMailContext, database, actor: resellerA, input: { email: "Alice@Tenancy.test", name: "Alice" } });
    assert.equal(customer.email, "alice@tenancy.test");
    assert.equal(customer.role, "customer");
    assert.equal(customer.resellerId, resellerA.userId);
    assert.ok(generatedPassword && generatedPassword.length >= 16);
    const stored = await database.user.findUniqueOrThrow({ where: { id: customer.id } });
    assert.ok(await verifyPassword(generatedPassword, stored.passwordHash));

    const updated = await updateCustomer({
      database,
      actor: resellerA,
      customerId: customer.id,
      input: { name: "Alice Liddell", email: "alice.l@tenancy.test", password: "a-new-password" },
    });
    assert.equal(updated.name, "Alice Liddell");
    assert.equal(updated.email, "alice.l@tenancy.test");
    assert.ok(await verifyPassword("a-new-password", (await database.user.findUniqueOrThrow({ where: { id: customer.id } })).passwordHash));
    const updateEvent = await database.auditEvent.findFirstOrThrow({ where: { action: "customer.update", targetId: customer.id } });
    assert.doesNotMatch(updateEvent.details ?? "", /a-new-password/);

    // The customer's own token works until it is suspended, and again after.
    const customerActor: Actor = { userId: customer.id, role: "customer", via: "session" };
    const { token } = await createApiToken({ database, actor: customerActor, input: { name: "ci" } });
    assert.equal((await authenticateApiToken(database, token))?.ownerId, customer.id);

    const suspended = await suspendCustomer({ database, actor: resellerA, customerId: customer.id, input: { reason: "unpaid" } });
    assert.ok(suspended.suspendedAt);
    assert.equal(canSignIn(await database.user.findUniqueOrThrow({ where: { id: customer.id } })), false);
    assert.equal(await authenticateApiToken(database, token), null);
    await suspendCustomer({ database, actor: resellerA, customerId: customer.id });
    assert.equal(await database.auditEvent.count({ where: { action: "customer.suspend", targetId: customer.id } }), 1, "suspending twice records once");

    const unsuspended = await unsuspendCustomer({ database, actor: resellerA, customerId: customer.id });
    assert.equal(unsuspended.suspendedAt, null);
    assert.equal(canSignIn(await database.user.findUniqueOrThrow({ where: { id: customer.id } })), true);
    assert.equal((await authenticateApiToken(database, token))?.ownerId, customer.id);

    // Deleting waits until every server is terminated.
    const { server } = await createOrder({ database, queue, customerId: customer.id, input: { plan: "c-small", template: "busybox", hostname: "alice-1" } });
    await assert.rejects(deleteCustomer({ database, actor: resellerA, customerId: customer.id }), isAppError(409, "customer_has_servers"));
    assert.ok(await database.user.findUnique({ where: { id: customer.id } }));
    await database.server.update({ where: { id: server.id }, data: { status: "terminated", terminatedAt: new Date() } });

    await deleteCustomer({ database, actor: resellerA, customerId: customer.id });
    const closed = await database.user.findUniqueOrThrow({ where: { id: customer.id } });
    assert.ok(closed.deletedAt, "the account is closed, not erased");
    assert.equal(canSignIn(closed), false);
    assert.notEqual(closed.email, "alice@tenancy.test", "the email address is free again");
    assert.equal((await database.server.findUniqueOrThrow({ where: { id: server.id } })).status, "terminated", "its servers stay on record");
    assert.equal(await authenticateApiToken(database, token), null);
    assert.ok(!(await listCustomers({ database, actor: resellerA })).customers.some((listed) => listed.id === customer.id));
    await assert.rejects(deleteCustomer({ database, actor: resellerA, customerId: customer.id }), isAppError(404, "not_found"));
    const trail = await database.auditEvent.findMany({ where: { tenantId: customer.id } });
    assert.ok(trail.some((event) => event.action === "customer.delete" && event.actorId === resellerA.userId && event.resellerId === resellerA.userId));
    assert.ok(trail.some((event) => event.action === "order.create"), "the deleted customer's trail is kept");
  });

  test("another reseller gets 404 for all of A's customers and changes nothing", async () => {
    const { customer } = await createCustomer({ mailContext: testMailContext, database, actor: resellerA, input: { email: "bob@tenancy.test", name: "Bob", password: "bob-password" } });
    const before = await snapshot();
    const id = customer.id;
    const attempts = [
      () => updateCustomer({ database, actor: resellerB, customerId: id, input: { name: "Mallory" } }),
      () => suspendCustomer({ database, actor: resellerB, customerId: id }),
      () => unsuspendCustomer({ database, actor: resellerB, customerId: id }),
      () => deleteCustomer({ database, actor: resellerB, customerId: id }),
      () => createOrder({ database, queue, customerId: id, actor: resellerB, input: { plan: "c-small", template: "busybox", hostname: "bob-1" } }),
      // The other reseller itself is not a customer either.
      () => suspendCustomer({ database, actor: resellerB, customerId: resellerA.userId }),
    ];
    for (const attempt of attempts) await assert.rejects(attempt(), isAppError(404, "not_found"));
    assert.deepEqual(await snapshot(), before);

    assert.ok(!(await listCustomers({ database, actor: resellerB })).customers.some((listed) => listed.id === id));
    const { customers: listedByA } = await listCustomers({ database, actor: resellerA });
    assert.ok(listedByA.some((listed) => listed.id === id));
    assert.ok(listedByA.every((listed) => listed.resellerId === resellerA.userId));
    assert.ok((await listCustomers({ database, actor: admin })).customers.some((listed) => listed.id === id));
    assert.equal("passwordHash" in listedByA[0]!, false);
  });

  test("customers cannot manage customers; resellers cannot place customers elsewhere", async () => {
    const { customer } = await createCustomer({ mailContext: testMailContext, database, actor: resellerB, input: { email: "carol@tenancy.test", name: "Carol", password: "carol-password" } });
    const carol: Actor = { userId: customer.id, role: "customer", via: "session" };
    await assert.rejects(listCustomers({ database, actor: carol }), isAppError(403, "forbidden"));
    await assert.rejects(createCustomer({ mailContext: testMailContext, database, actor: carol, input: { email: "dave@tenancy.test", name: "Dave" } }), isAppError(403, "forbidden"));
    await assert.rejects(
      createCustomer({ mailContext: testMailContext, database, actor: resellerB, input: { email: "eve@tenancy.test", name: "Eve", resellerId: resellerA.userId } }),
      isAppError(403, "forbidden"),
    );
    await assert.rejects(createCustomer({ mailContext: testMailContext, database, actor: resellerB, input: { email: "bob@tenancy.test", name: "Bob again" } }), isAppError(409, "email_taken"));

    // An admin may create a customer under a reseller.
    const { customer: placed } = await createCustomer({ mailContext: testMailContext, database, actor: admin, input: { email: "frank@tenancy.test", name: "Frank", resellerId: resellerB.userId } });
    assert.equal(placed.resellerId, resellerB.userId);
    await assert.rejects(
      createCustomer({ mailContext: testMailContext, database, actor: admin, input: { email: "grace@tenancy.test", name: "Grace", resellerId: customer.id } }),
      isAppError(422, "not_a_reseller"),
    );
  });
});
