import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { findServerFor } from "../../lib/access/server-scope";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import { findJobFor } from "../../lib/api/queries";
import { jobResource, serverResource } from "../../lib/api/resources";
import { createOrder } from "../../lib/orders/create-order";
import { findOrderProgress } from "../../lib/orders/order-views";
import { findServerActivity } from "../../lib/servers/server-activity";
import { findServerView } from "../../lib/servers/server-views";
import { startBerthStack, waitForJob, type BerthTestStack } from "../support/berth-stack";

/*
 * A job that fails for an internal reason (here: the host's agent refuses connections) tells its
 * customer a plain reason and the job's id as a reference, on every view a customer has; the
 * detail (the agent's address, the connection error) is only in the admin's view of the job.
 */

let stack: BerthTestStack;
let customer: Actor;
let admin: Actor;
const plan = { slug: "pe-small", name: "Small", vcpus: 0.5, memoryMb: 128, swapMb: 64, diskMb: 48, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 100 };
const unreachableAgent = "http://127.0.0.1:9";
let workingAgentUrl: string;

before(async () => {
  stack = await startBerthStack({ bridge: "br-berth-f", ipv4Prefix: "10.91.0", ipv6Prefix: "fd77:6265:7274:91" });
  await stack.database.plan.create({ data: plan });
  customer = { userId: stack.customerId, role: "customer", via: "session" };
  admin = { userId: stack.adminId, role: "admin", via: "session" };
});

after(async () => {
  if (workingAgentUrl) await stack?.database.host.updateMany({ data: { agentUrl: workingAgentUrl } });
  await stack?.stop();
});

/** Nothing a customer reads may carry the failure's detail. */
function assertNoDetail(text: string | null | undefined, where: string) {
  assert.ok(text, `${where} says why`);
  assert.doesNotMatch(text, /127\.0\.0\.1|unreachable|internal error|ECONNREFUSED|fetch failed/i, `${where}: ${text}`);
}

test("an internal failure shows customers a reason and a reference, and admins the detail", { timeout: 240_000 }, async () => {
  const ordered = await createOrder({ database: stack.database, queue: stack.queue, customerId: stack.customerId, input: { plan: plan.slug, template: "busybox", hostname: "works" } });
  assert.equal((await waitForJob(stack.database, ordered.job.id)).state, "completed");

  // The host's agent stops answering: every call fails with a connection error, retried, then final.
  const host = await stack.database.host.findFirstOrThrow();
  workingAgentUrl = host.agentUrl;
  await stack.database.host.update({ where: { id: host.id }, data: { agentUrl: unreachableAgent } });

  const rebootJob = await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId: ordered.server.id, input: { type: "reboot" } });
  const failedOrder = await createOrder({ database: stack.database, queue: stack.queue, customerId: stack.customerId, input: { plan: plan.slug, template: "busybox", hostname: "broken" } });
  const [reboot, provision] = await Promise.all([waitForJob(stack.database, rebootJob.id, 120_000), waitForJob(stack.database, failedOrder.job.id, 120_000)]);
  assert.equal(reboot.state, "failed");
  assert.equal(provision.state, "failed");

  // The admin reads the detail on the job.
  const adminReboot = jobResource(await findJobFor(stack.database, admin, reboot.id), admin);
  assert.match(adminReboot.error ?? "", /unreachable/);
  assert.match(adminReboot.error ?? "", /127\.0\.0\.1:9/);
  assert.match(jobResource(await findJobFor(stack.database, admin, provision.id), admin).error ?? "", /unreachable/);

  // The customer: GET /api/v1/jobs/{id}.
  const customerReboot = jobResource(await findJobFor(stack.database, customer, reboot.id), customer);
  assert.equal(customerReboot.error, `The reboot could not be completed; reference ${reboot.id}`);
  const customerProvision = jobResource(await findJobFor(stack.database, customer, provision.id), customer);
  assert.equal(customerProvision.error, `The server setup could not be completed; reference ${provision.id}`);

  // GET /api/servers/{id}/activity and the server page.
  const activity = await findServerActivity(stack.database, customer, ordered.server.id, reboot.id);
  assertNoDetail(activity.job?.error, "the activity's job");
  assert.match(activity.job?.error ?? "", new RegExp(reboot.id));
  assertNoDetail(activity.statusMessage, "the server's status message");
  assert.match(activity.statusMessage ?? "", new RegExp(reboot.id));
  const view = await findServerView(stack.database, customer, ordered.server.id);
  assertNoDetail(view.statusMessage, "the server page's status message");
  assert.equal((await findServerActivity(stack.database, admin, ordered.server.id, reboot.id)).job?.error, adminReboot.error);

  // GET /api/v1/servers/{id} of the server that never came up, and the order's progress.
  const failedServer = serverResource(await findServerFor(stack.database, customer, failedOrder.server.id), customer);
  assert.equal(failedServer.status, "failed");
  assertNoDetail(failedServer.statusMessage, "the failed server's status message");
  assert.match(failedServer.statusMessage ?? "", new RegExp(provision.id));
  const progress = await findOrderProgress(stack.database, customer, failedOrder.order.id);
  assertNoDetail(progress?.error, "the order's progress");
  assert.match(progress?.error ?? "", new RegExp(provision.id));

  // Nor does the customer's audit trail of the failures carry it.
  const events = await stack.database.auditEvent.findMany({ where: { result: "failure", tenantId: stack.customerId } });
  assert.ok(events.length >= 2);
  for (const event of events) assertNoDetail(event.details, `audit event ${event.action}`);
});
