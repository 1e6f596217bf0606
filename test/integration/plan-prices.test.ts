import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import type { Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import { findOrderView } from "../../lib/orders/order-views";
import { listOrderablePlans } from "../../lib/plans/list-orderable-plans";
import { setOfferedPlans } from "../../lib/resellers/set-offered-plans";
import { setPlanPrice } from "../../lib/resellers/set-plan-price";
import { basePlan, createAdmin, createCustomerActor, createResellerActor, roomyQuota } from "../support/tenancy";
import { createTestDatabase } from "../support/database";

let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let admin: Actor;
let reseller: Actor;
let customerOfReseller: Actor;
let customerOfAdmin: Actor;

function isAppError(status: number, code: string) {
  return (error: unknown) => error instanceof AppError && error.status === status && error.code === code;
}

async function pricesSeenBy(actor: Actor) {
  return Object.fromEntries((await listOrderablePlans(database, actor.userId)).map((plan) => [plan.slug, plan.monthlyPriceCents]));
}

before(async () => {
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  await database.plan.create({ data: { ...basePlan, slug: "p-small", name: "P small", vcpus: 1, memoryMb: 256, diskMb: 1024, monthlyPriceCents: 400 } });
  await database.plan.create({ data: { ...basePlan, slug: "p-big", name: "P big", vcpus: 2, memoryMb: 512, diskMb: 2048, monthlyPriceCents: 1200 } });
  await database.plan.create({ data: { ...basePlan, slug: "p-other", name: "P other", vcpus: 1, memoryMb: 128, diskMb: 512, monthlyPriceCents: 200 } });
  admin = await createAdmin(database, "admin@prices.test");
  reseller = await createResellerActor(database, admin, "reseller@prices.test", roomyQuota, ["p-small", "p-big"]);
  customerOfReseller = await createCustomerActor(database, reseller, "customer@prices.test");
  customerOfAdmin = await createCustomerActor(database, admin, "admins-customer@prices.test");
});

after(async () => {
  await testDatabase?.remove();
});

test("a reseller's customers see only their reseller's prices, never the admin's", async () => {
  assert.deepEqual(await pricesSeenBy(customerOfReseller), { "p-small": null, "p-big": null });
  await setPlanPrice({ database, actor: reseller, input: { plan: "p-small", monthlyPriceCents: 999 } });
  assert.deepEqual(await pricesSeenBy(customerOfReseller), { "p-small": 999, "p-big": null });
  // The reseller itself and the admin's customers see the admin's prices.
  assert.deepEqual(await pricesSeenBy(reseller), { "p-small": 400, "p-big": 1200 });
  assert.deepEqual(await pricesSeenBy(customerOfAdmin), { "p-other": 200, "p-small": 400, "p-big": 1200 });
});

test("changing the offered plans keeps the prices of plans still offered", async () => {
  await setPlanPrice({ database, actor: reseller, input: { plan: "p-small", monthlyPriceCents: 999 } });
  await setOfferedPlans({ database, actor: admin, resellerId: reseller.userId, input: { plans: ["p-small", "p-other"] } });
  assert.deepEqual(await pricesSeenBy(customerOfReseller), { "p-small": 999, "p-other": null });
});

test("only a reseller prices, and only plans it offers; a refusal writes nothing", async () => {
  const before = await database.resellerPlan.findMany({ orderBy: { planId: "asc" } });
  await assert.rejects(setPlanPrice({ database, actor: reseller, input: { plan: "p-big", monthlyPriceCents: 1 } }), isAppError(422, "unknown_plan"));
  await assert.rejects(setPlanPrice({ database, actor: customerOfReseller, input: { plan: "p-small", monthlyPriceCents: 1 } }), isAppError(403, "forbidden"));
  await assert.rejects(setPlanPrice({ database, actor: admin, input: { plan: "p-small", monthlyPriceCents: 1 } }), isAppError(403, "forbidden"));
  await assert.rejects(setPlanPrice({ database, actor: reseller, input: { plan: "p-small", monthlyPriceCents: -1 } }), isAppError(400, "invalid_request"));
  assert.deepEqual(await database.resellerPlan.findMany({ orderBy: { planId: "asc" } }), before);
});

test("an order's page shows a reseller's customer its reseller's price", async () => {
  const template = await database.template.create({ data: { slug: "busybox", name: "BusyBox", agentTemplate: "busybox" } });
  const plan = await database.plan.findUniqueOrThrow({ where: { slug: "p-small" } });
  await setPlanPrice({ database, actor: reseller, input: { plan: "p-small", monthlyPriceCents: 999 } });
  const order = await database.order.create({ data: { customerId: customerOfReseller.userId, planId: plan.id, templateId: template.id, hostname: "priced" } });
  assert.equal((await findOrderView(database, customerOfReseller, order.id))?.plan.monthlyPriceCents, 999);
  const own = await database.order.create({ data: { customerId: customerOfAdmin.userId, planId: plan.id, templateId: template.id, hostname: "admins" } });
  assert.equal((await findOrderView(database, customerOfAdmin, own.id))?.plan.monthlyPriceCents, 400);
});
