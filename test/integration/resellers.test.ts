import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import type { Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { createOrder } from "../../lib/orders/create-order";
import { brandingFor } from "../../lib/resellers/branding-for";
import { createReseller } from "../../lib/resellers/create-reseller";
import { listResellers } from "../../lib/resellers/list-resellers";
import { resellerOverview } from "../../lib/resellers/reseller-overview";
import { setBranding } from "../../lib/resellers/set-branding";
import { setOfferedPlans } from "../../lib/resellers/set-offered-plans";
import { createTestDatabase } from "../support/database";
import { startRedis, type TestRedis } from "../support/redis";
import { basePlan, createAdmin, createCustomerActor } from "../support/tenancy";

let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let redis: TestRedis;
let queue: JobQueue;
let admin: Actor;

const quota = { maxServers: 5, maxVcpus: 4, maxMemoryMb: 2048, maxDiskMb: 8192, maxIpv4: 5 };
const svgLogo = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>').toString("base64")}`;

function isAppError(status: number, code: string) {
  return (error: unknown) => error instanceof AppError && error.status === status && error.code === code;
}

before(async () => {
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  redis = await startRedis();
  queue = createJobQueue(redis.url);
  await database.plan.create({ data: { ...basePlan, slug: "r-small", name: "R small", vcpus: 1, memoryMb: 256, diskMb: 1024 } });
  await database.plan.create({ data: { ...basePlan, slug: "r-large", name: "R large", vcpus: 2, memoryMb: 512, diskMb: 2048, monthlyPriceCents: 900 } });
  await database.template.create({ data: { slug: "busybox", name: "BusyBox", agentTemplate: "busybox" } });
  admin = await createAdmin(database);
});

after(async () => {
  await queue?.close();
  await redis?.stop();
  await testDatabase?.remove();
});

test("an admin creates a reseller with quota and plans, changes its plans, and sees its use", async () => {
  const created = await createReseller({ database, actor: admin, input: { email: "shop@tenancy.test", name: "Shop", quota, plans: ["r-small"] } });
  assert.ok(created.generatedPassword);
  assert.equal(created.reseller.role, "reseller");
  assert.deepEqual(created.plans, ["r-small"]);
  const reseller: Actor = { userId: created.reseller.id, role: "reseller", via: "session" };
  await assert.rejects(createReseller({ database, actor: admin, input: { email: "shop2@tenancy.test", name: "Shop 2", quota, plans: ["nope"] } }), isAppError(422, "unknown_plan"));
  assert.equal(await database.user.count({ where: { email: "shop2@tenancy.test" } }), 0);
  await assert.rejects(createReseller({ database, actor: reseller, input: { email: "shop3@tenancy.test", name: "Shop 3", quota } }), isAppError(403, "forbidden"));

  const customer = await createCustomerActor(database, reseller, "shopper@tenancy.test");
  const orderLarge = () => createOrder({ database, queue, customerId: customer.userId, input: { plan: "r-large", template: "busybox", hostname: "large-1" } });
  await assert.rejects(orderLarge(), isAppError(422, "unknown_plan"));
  assert.deepEqual(await setOfferedPlans({ database, actor: admin, resellerId: reseller.userId, input: { plans: ["r-small", "r-large"] } }), ["r-large", "r-small"]);
  await orderLarge();
  await assert.rejects(setOfferedPlans({ database, actor: admin, resellerId: customer.userId, input: { plans: [] } }), isAppError(404, "not_found"));

  const listed = (await listResellers({ database, actor: admin })).find((entry) => entry.id === reseller.userId);
  assert.deepEqual(listed?.quota?.vcpus, { max: 4, used: 2, remaining: 2 });
  assert.deepEqual(listed?.quota?.servers, { max: 5, used: 1, remaining: 4 });
  assert.equal(listed?.customers, 1);
  assert.deepEqual(listed?.plans, ["r-large", "r-small"]);
  await assert.rejects(listResellers({ database, actor: reseller }), isAppError(403, "forbidden"));

  const overview = await resellerOverview({ database, actor: reseller });
  assert.deepEqual(overview.quota?.memoryMb, { max: 2048, used: 512, remaining: 1536 });
  assert.deepEqual(overview.plans.map((plan) => plan.slug), ["r-small", "r-large"]);
  assert.equal(overview.customers, 1);
  assert.equal(overview.servers, 1);
});

test("a reseller brands what its customers see; bad logos are refused and change nothing", async () => {
  const { reseller: user } = await createReseller({ database, actor: admin, input: { email: "brand@tenancy.test", name: "Brand", quota, plans: [] } });
  const reseller: Actor = { userId: user.id, role: "reseller", via: "session" };
  const customer = await createCustomerActor(database, reseller, "branded@tenancy.test");
  assert.equal(await brandingFor(database, customer.userId), null);

  assert.deepEqual(await setBranding({ database, actor: reseller, input: { name: "Acme Hosting", logoDataUrl: svgLogo } }), { name: "Acme Hosting", logoDataUrl: svgLogo });
  assert.deepEqual(await brandingFor(database, customer.userId), { name: "Acme Hosting", logoDataUrl: svgLogo });

  const tooBig = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(210 * 1024)]).toString("base64")}`;
  for (const logoDataUrl of [tooBig, "data:text/html;base64,PGgxPmhpPC9oMT4=", `data:image/svg+xml;base64,${Buffer.from("<svg><script>x</script></svg>").toString("base64")}`]) {
    await assert.rejects(setBranding({ database, actor: reseller, input: { name: "Evil", logoDataUrl } }), isAppError(400, "invalid_request"));
  }
  assert.deepEqual(await brandingFor(database, customer.userId), { name: "Acme Hosting", logoDataUrl: svgLogo });

  // Leaving the logo out keeps it; an empty one removes it.
  await setBranding({ database, actor: reseller, input: { name: "Acme" } });
  assert.deepEqual(await brandingFor(database, customer.userId), { name: "Acme", logoDataUrl: svgLogo });
  await setBranding({ database, actor: reseller, input: { name: "", logoDataUrl: "" } });
  assert.equal(await brandingFor(database, customer.userId), null);

  await assert.rejects(setBranding({ database, actor: customer, input: { name: "Me" } }), isAppError(403, "forbidden"));
  await assert.rejects(setBranding({ database, actor: admin, input: { name: "Me" } }), isAppError(403, "forbidden"));
});
