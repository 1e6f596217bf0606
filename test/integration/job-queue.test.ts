import { testMailContext } from "../support/mail-context";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { createCustomer } from "../../lib/customers/create-customer";
import { discardJob } from "../../lib/job-admin/discard-job";
import { listJobs } from "../../lib/job-admin/list-jobs";
import { retryJob } from "../../lib/job-admin/retry-job";
import { createOrder } from "../../lib/orders/create-order";
import { createReseller } from "../../lib/resellers/create-reseller";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import { createTemplate } from "../../lib/templates/create-template";
import { updateTemplate } from "../../lib/templates/update-template";
import { isAppError } from "../support/app-error";
import { startBerthStack, waitForJob, type BerthTestStack } from "../support/berth-stack";

/*
 * The admin's job queue against the real stack: a job that failed for good is fixed and retried
 * to completion, or discarded; nobody else may do either, and only failed jobs qualify.
 */

let stack: BerthTestStack;
let admin: Actor;
let reseller: Actor;
let customer: Actor;
const tinyPlan = { slug: "tiny", name: "Tiny", vcpus: 0.5, memoryMb: 128, swapMb: 64, diskMb: 64, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 100 };

before(async () => {
  stack = await startBerthStack({ bridge: "br-berth-j", ipv4Prefix: "10.84.0", ipv6Prefix: "fd77:6265:7274:84" });
  await stack.database.plan.create({ data: tinyPlan });
  admin = { userId: stack.adminId, role: "admin", via: "cli" };
  const created = await createReseller({
    database: stack.database,
    actor: admin,
    input: {
      email: "reseller@jobs.test",
      name: "Jobs Reseller",
      password: "reseller-password",
      quota: { maxServers: 5, maxVcpus: 5, maxMemoryMb: 4096, maxDiskMb: 4096, maxIpv4: 5 },
      plans: ["tiny"],
    },
  });
  reseller = { userId: created.reseller.id, role: "reseller", via: "cli" };
  const { customer: resold } = await createCustomer({
    mailContext: testMailContext,
    database: stack.database,
    actor: reseller,
    input: { email: "customer@jobs.test", name: "Jobs Customer", password: "customer-password" },
  });
  customer = { userId: resold.id, role: "customer", via: "cli" };
});

after(async () => {
  await stack?.stop();
});

async function brokenTemplate(slug: string) {
  return createTemplate({ database: stack.database, actor: admin, input: { slug, name: `Broken ${slug}`, agentTemplate: "not-on-this-host" } });
}

async function usedServers() {
  return (await stack.database.resellerQuota.findUniqueOrThrow({ where: { resellerId: reseller.userId } })).usedServers;
}

async function failedOrder(hostname: string, template: string) {
  const { order, job } = await createOrder({ database: stack.database, queue: stack.queue, customerId: customer.userId, input: { plan: "tiny", template, hostname } });
  const failed = await waitForJob(stack.database, job.id);
  assert.equal(failed.state, "failed", "the agent has no such template, so provisioning fails for good");
  assert.match(failed.error ?? "", /template/);
  assert.equal((await stack.database.order.findUniqueOrThrow({ where: { id: order.id } })).status, "failed");
  return { order, job: failed };
}

test("a provisioning job that failed for good runs to completion when retried after its cause is fixed", async () => {
  const template = await brokenTemplate("broken-one");
  const { order, job } = await failedOrder("retry-one", template.slug);
  assert.equal(await usedServers(), 0, "the failed server gave its share of the quota back");
  assert.ok((await listJobs({ database: stack.database, actor: admin })).failed.some((failed) => failed.id === job.id), "it is listed as failed");

  // Nobody but an admin learns the job exists.
  for (const outsider of [customer, reseller]) {
    await assert.rejects(retryJob({ database: stack.database, queue: stack.queue, actor: outsider, jobId: job.id }), isAppError(404, "not_found"));
    await assert.rejects(discardJob({ database: stack.database, actor: outsider, jobId: job.id }), isAppError(404, "not_found"));
    await assert.rejects(listJobs({ database: stack.database, actor: outsider }), isAppError(404, "not_found"));
  }
  assert.equal((await stack.database.job.findUniqueOrThrow({ where: { id: job.id } })).state, "failed", "the refusals changed nothing");

  await updateTemplate({ database: stack.database, actor: admin, templateId: template.id, input: { name: template.name, agentTemplate: "busybox" } });
  const retried = await retryJob({ database: stack.database, queue: stack.queue, actor: admin, jobId: job.id });
  assert.equal(retried.id, job.id, "the same job runs again");
  assert.equal(await usedServers(), 1, "the retried order takes its share of the quota again");

  const finished = await waitForJob(stack.database, job.id, 120_000);
  assert.equal(finished.state, "completed", finished.error ?? "");
  assert.equal(finished.error, null);
  assert.equal(finished.progress, 100);
  const completedOrder = await stack.database.order.findUniqueOrThrow({ where: { id: order.id }, include: { server: { include: { addresses: true } } } });
  assert.equal(completedOrder.status, "completed");
  assert.equal(completedOrder.failureReason, null);
  assert.equal(completedOrder.server?.status, "running");
  assert.equal(completedOrder.server?.statusMessage, null);
  assert.equal(completedOrder.server?.addresses.length, 2, "it has an IPv4 and an IPv6 address again");
  const container = (await stack.host.client.listContainers()).find((candidate) => candidate.name === completedOrder.server!.containerName);
  assert.equal(container?.state, "RUNNING");
  assert.equal(await stack.database.server.count({ where: { orderId: order.id } }), 1, "still one server for the order");

  const jobs = await listJobs({ database: stack.database, actor: admin });
  assert.ok(!jobs.failed.some((failed) => failed.id === job.id));
  assert.ok(jobs.completed.some((completed) => completed.id === job.id));
  const audit = await stack.database.auditEvent.findFirst({ where: { action: "job.retry", targetId: job.id } });
  assert.equal(audit?.actorId, admin.userId);
  assert.equal(audit?.tenantId, customer.userId);
  assert.equal(audit?.resellerId, reseller.userId);

  // Only failed jobs can be retried or discarded.
  await assert.rejects(retryJob({ database: stack.database, queue: stack.queue, actor: admin, jobId: job.id }), isAppError(409, "job_not_failed"));
  await assert.rejects(discardJob({ database: stack.database, actor: admin, jobId: job.id }), isAppError(409, "job_not_failed"));
  await assert.rejects(retryJob({ database: stack.database, queue: stack.queue, actor: admin, jobId: "no-such-job" }), isAppError(404, "not_found"));
});

test("a failed server action is retried on the same server once its cause is fixed", async () => {
  const { order, job } = await createOrder({ database: stack.database, queue: stack.queue, customerId: customer.userId, input: { plan: "tiny", template: "busybox", hostname: "retry-action" } });
  assert.equal((await waitForJob(stack.database, job.id, 120_000)).state, "completed");
  const server = await stack.database.server.findUniqueOrThrow({ where: { orderId: order.id } });
  const template = await brokenTemplate("broken-action");

  const reinstall = await requestServerAction({
    database: stack.database,
    queue: stack.queue,
    actor: customer,
    serverId: server.id,
    input: { type: "reinstall", template: template.slug },
  });
  const failed = await waitForJob(stack.database, reinstall.id, 120_000);
  assert.equal(failed.state, "failed", "reinstalling from a template the host lacks fails for good");
  assert.equal((await stack.database.server.findUniqueOrThrow({ where: { id: server.id } })).activeJobId, null, "the failure freed the server");

  await updateTemplate({ database: stack.database, actor: admin, templateId: template.id, input: { name: template.name, agentTemplate: "busybox" } });
  await retryJob({ database: stack.database, queue: stack.queue, actor: admin, jobId: reinstall.id });
  const retried = await waitForJob(stack.database, reinstall.id, 120_000);
  assert.equal(retried.state, "completed", retried.error ?? "");
  const after = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
  assert.equal(after.templateId, template.id);
  assert.equal(after.status, "running");
  assert.equal(after.activeJobId, null);
  assert.equal(after.statusMessage, null);
});

test("a discarded job leaves the failed list, stays on record and can no longer be retried", async () => {
  const template = await brokenTemplate("broken-two");
  const { job } = await failedOrder("discard-one", template.slug);

  const discarded = await discardJob({ database: stack.database, actor: admin, jobId: job.id });
  assert.ok(discarded.discardedAt);
  const jobs = await listJobs({ database: stack.database, actor: admin });
  assert.ok(!jobs.failed.some((failed) => failed.id === job.id), "hidden from the failed list");
  const kept = await stack.database.job.findUniqueOrThrow({ where: { id: job.id } });
  assert.equal(kept.state, "failed");
  assert.match(kept.error ?? "", /template/, "its error is kept for the record");
  assert.ok(await stack.database.auditEvent.findFirst({ where: { action: "job.discard", targetId: job.id, actorId: admin.userId } }));

  // Discarding again changes nothing; retrying is refused.
  assert.equal((await discardJob({ database: stack.database, actor: admin, jobId: job.id })).discardedAt?.getTime(), discarded.discardedAt.getTime());
  await assert.rejects(retryJob({ database: stack.database, queue: stack.queue, actor: admin, jobId: job.id }), isAppError(409, "job_discarded"));
});
