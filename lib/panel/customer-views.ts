import type { Database } from "../database/client";
import { displayStatus } from "./server-controls";
import { findServerJob, type JobView } from "./server-activity";

/*
 * Read models for the customer panel. Every query takes the caller's user id and filters by it,
 * so a customer can only ever read their own servers and orders.
 */

export interface AddressView {
  address: string;
  family: 4 | 6;
}

function splitAddresses(addresses: { address: string; pool: { family: number } }[]) {
  const views: AddressView[] = addresses.map((row) => ({
    address: row.address,
    family: row.pool.family === 6 || row.address.includes(":") ? 6 : 4,
  }));
  return {
    ipv4: views.filter((view) => view.family === 4).map((view) => view.address),
    ipv6: views.filter((view) => view.family === 6).map((view) => view.address),
  };
}

export async function listCustomerServers(database: Database, userId: string) {
  const servers = await database.server.findMany({
    where: { ownerId: userId, status: { not: "terminated" } },
    orderBy: { createdAt: "desc" },
    include: {
      plan: { select: { name: true, slug: true } },
      template: { select: { name: true } },
      addresses: { select: { address: true, pool: { select: { family: true } } } },
    },
  });
  return servers.map((server) => ({
    id: server.id,
    hostname: server.hostname,
    status: displayStatus(server),
    suspended: server.suspended,
    planName: server.plan.name,
    templateName: server.template.name,
    createdAt: server.createdAt,
    ...splitAddresses(server.addresses),
  }));
}

/** Orders still on their way (pending, provisioning) and ones that failed, newest first. */
export async function listCustomerOpenOrders(database: Database, userId: string) {
  return database.order.findMany({
    where: { customerId: userId, status: { in: ["pending", "provisioning", "failed"] } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      id: true,
      hostname: true,
      status: true,
      failureReason: true,
      createdAt: true,
      plan: { select: { name: true } },
      template: { select: { name: true } },
    },
  });
}

export async function findCustomerServer(database: Database, userId: string, serverId: string) {
  const server = await database.server.findFirst({
    where: { id: serverId, ownerId: userId },
    include: {
      plan: true,
      template: { select: { name: true, slug: true } },
      addresses: { select: { address: true, pool: { select: { family: true } } }, orderBy: { address: "asc" } },
    },
  });
  if (!server) return null;
  const activeJob: JobView | null = server.activeJobId ? await findServerJob(database, server.id, server.activeJobId) : null;
  return {
    id: server.id,
    hostname: server.hostname,
    /** What the customer sees: "suspended" while suspended, else the server's status. */
    status: displayStatus(server),
    rawStatus: server.status,
    suspended: server.suspended,
    activeJobId: server.activeJobId,
    activeJob,
    statusMessage: server.statusMessage,
    createdAt: server.createdAt,
    terminatedAt: server.terminatedAt,
    observedAt: server.observedAt,
    orderId: server.orderId,
    plan: {
      slug: server.plan.slug,
      name: server.plan.name,
      vcpus: server.plan.vcpus,
      memoryMb: server.plan.memoryMb,
      swapMb: server.plan.swapMb,
      diskMb: server.plan.diskMb,
      processes: server.plan.processes,
      networkMbps: server.plan.networkMbps,
      monthlyPriceCents: server.plan.monthlyPriceCents,
    },
    template: server.template,
    ...splitAddresses(server.addresses),
  };
}

export interface OrderProgress {
  status: string;
  progress: number;
  step: string | null;
  error: string | null;
  serverId: string | null;
}

/** What the order page and GET /api/orders/[id]/progress show; null if it is not the caller's order. */
export async function findCustomerOrderProgress(database: Database, userId: string, orderId: string): Promise<OrderProgress | null> {
  const order = await database.order.findFirst({
    where: { id: orderId, customerId: userId },
    select: {
      status: true,
      failureReason: true,
      server: { select: { id: true } },
      jobs: { orderBy: { createdAt: "desc" }, take: 1, select: { state: true, progress: true, step: true, error: true } },
    },
  });
  if (!order) return null;
  const job = order.jobs[0];
  const completed = order.status === "completed";
  const failed = order.status === "failed";
  return {
    status: order.status,
    progress: completed ? 100 : Math.max(0, Math.min(100, job?.progress ?? 0)),
    step: completed ? "Server is ready" : (job?.step ?? (failed ? null : "Waiting for a worker")),
    error: failed ? (order.failureReason ?? job?.error ?? "provisioning failed") : null,
    serverId: order.server?.id ?? null,
  };
}

export async function findCustomerOrder(database: Database, userId: string, orderId: string) {
  return database.order.findFirst({
    where: { id: orderId, customerId: userId },
    select: {
      id: true,
      hostname: true,
      status: true,
      createdAt: true,
      plan: { select: { name: true, vcpus: true, memoryMb: true, diskMb: true, monthlyPriceCents: true } },
      template: { select: { name: true } },
    },
  });
}

export async function listOrderChoices(database: Database) {
  const [plans, templates] = await Promise.all([
    database.plan.findMany({
      where: { active: true },
      orderBy: [{ monthlyPriceCents: "asc" }, { name: "asc" }],
      select: { slug: true, name: true, vcpus: true, memoryMb: true, diskMb: true, swapMb: true, monthlyPriceCents: true },
    }),
    database.template.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { slug: true, name: true } }),
  ]);
  return { plans, templates };
}
