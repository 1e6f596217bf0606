import assert from "node:assert/strict";
import { after, before, describe, test, type TestContext } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { isWriteConflict, type Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import { createHostGroup } from "../../lib/host-groups/create-host-group";
import { deleteHostGroup } from "../../lib/host-groups/delete-host-group";
import { updateHostGroup } from "../../lib/host-groups/update-host-group";
import { updateHostPlacement } from "../../lib/hosts/update-host-placement";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { createOrder } from "../../lib/orders/create-order";
import { readPlanAvailability } from "../../lib/placement/plan-availability";
import { createPlan } from "../../lib/plans/create-plan";
import { updatePlan } from "../../lib/plans/update-plan";
import { placeServer } from "../../lib/servers/place-server";
import { isAppError } from "../support/app-error";
import { createTestDatabase } from "../support/database";
import { startRedis, type TestRedis } from "../support/redis";
import { basePlan, createAdmin } from "../support/tenancy";

// Placement is database logic: these build hosts, pools and plans as rows on real SQLite and
// place pending servers directly, without agents or containers.

interface HostOptions {
  vcpus?: number;
  memoryMb?: number;
  diskMb?: number;
  vcpuOvercommit?: number;
  memoryOvercommit?: number;
  /** Free IPv4 and IPv6 addresses in its NAT pools (IPv6 defaults to the same). */
  ipv4?: number;
  ipv6?: number;
  hostGroupId?: string;
  active?: boolean;
  draining?: boolean;
  health?: string;
  maintenanceNotice?: string;
}

interface Fixture {
  database: Database;
  admin: Actor;
  ownerId: string;
  templateId: string;
  hostCount: number;
}

async function fixtureFor(t: TestContext): Promise<Fixture> {
  const testDatabase = createTestDatabase();
  t.after(() => testDatabase.remove());
  const { database } = testDatabase;
  const admin = await createAdmin(database, "admin@placement.test");
  const owner = await database.user.create({ data: { email: "owner@placement.test", name: "Owner", passwordHash: "-", role: "customer" } });
  const template = await database.template.create({ data: { slug: "busybox", name: "BusyBox", agentTemplate: "busybox" } });
  return { database, admin, ownerId: owner.id, templateId: template.id, hostCount: 0 };
}

async function addHost(f: Fixture, name: string, options: HostOptions = {}) {
  const { vcpus = 8, memoryMb = 65536, diskMb = 1_000_000, ipv4 = 64, ipv6 = ipv4, ...rest } = options;
  f.hostCount += 1;
  const host = await f.database.host.create({
    data: { name, agentUrl: `http://127.0.0.1:${9000 + f.hostCount}`, agentSecretEncrypted: "-", vcpuCapacity: vcpus, memoryMbCapacity: memoryMb, diskMbCapacity: diskMb, ...rest },
  });
  // Address rows only: nothing here reaches a network.
  for (const [family, count] of [[4, ipv4], [6, ipv6]] as const) {
    const pool = await f.database.ipPool.create({
      data: { name: `${name}-v${family}`, family, network: family === 4 ? `10.250.${f.hostCount}.0/24` : `fd00:${f.hostCount}::/64`, gateway: family === 4 ? `10.250.${f.hostCount}.1` : `fd00:${f.hostCount}::1`, hostId: host.id, mode: "nat" },
    });
    const addresses = Array.from({ length: count }, (_, index) => ({ poolId: pool.id, address: family === 4 ? `10.250.${f.hostCount}.${index + 2}` : `fd00:${f.hostCount}::${(index + 2).toString(16)}` }));
    if (addresses.length > 0) await f.database.ipAddress.createMany({ data: addresses });
  }
  return host;
}

async function addPlan(f: Fixture, slug: string, size: { vcpus: number; memoryMb: number; diskMb: number }, hostGroupId: string | null = null) {
  return f.database.plan.create({ data: { ...basePlan, slug, name: slug, ...size, hostGroupId } });
}

let serverCounter = 0;
async function pendingServer(f: Fixture, planId: string, options: { ownerId?: string; antiAffinityGroup?: string } = {}) {
  serverCounter += 1;
  return f.database.server.create({
    data: { hostname: `p-${serverCounter}`, ownerId: options.ownerId ?? f.ownerId, planId, templateId: f.templateId, containerName: `berth-placement-${serverCounter}`, antiAffinityGroup: options.antiAffinityGroup ?? null },
  });
}

/** Places a new pending server of the plan and answers its host's name. */
async function place(f: Fixture, planId: string, options: { ownerId?: string; antiAffinityGroup?: string } = {}): Promise<string> {
  const server = await pendingServer(f, planId, options);
  await placeServer(f.database, server.id);
  const placed = await f.database.server.findUniqueOrThrow({ where: { id: server.id }, include: { host: true } });
  return placed.host!.name;
}

/** Places servers of the plan one after another until placement refuses; answers the hosts in order and the refusal. */
async function placeUntilRefused(f: Fixture, planId: string): Promise<{ hosts: string[]; refusal: AppError }> {
  const hosts: string[] = [];
  for (;;) {
    try {
      hosts.push(await place(f, planId));
    } catch (error) {
      assert.ok(error instanceof AppError, String(error));
      return { hosts, refusal: error };
    }
    assert.ok(hosts.length <= 1000, "placement never refused");
  }
}

const smallSize = { vcpus: 1, memoryMb: 1024, diskMb: 10_240 };

const counts = (names: string[]) => names.reduce<Record<string, number>>((total, name) => ({ ...total, [name]: (total[name] ?? 0) + 1 }), {});

describe("placement policies", () => {
  test("spread puts each server on the freest host: equal hosts alternate, a fuller one waits", async (t) => {
    const f = await fixtureFor(t);
    await addHost(f, "alpha");
    await addHost(f, "bravo");
    await addHost(f, "charlie", { vcpus: 16, memoryMb: 131072, diskMb: 2_000_000 });
    const plan = await addPlan(f, "small", smallSize);
    // Empty hosts tie (score 1) and go by name; charlie has twice the room, so one server takes
    // half as much of it and it gets two for each one the others get.
    const hosts = [];
    for (let index = 0; index < 8; index += 1) hosts.push(await place(f, plan.id));
    assert.deepEqual(hosts, ["alpha", "bravo", "charlie", "charlie", "alpha", "bravo", "charlie", "charlie"]);
  });

  test("pack fills the fullest host that fits before the next", async (t) => {
    const f = await fixtureFor(t);
    const group = await createHostGroup({ database: f.database, actor: f.admin, input: { name: "dense", placementPolicy: "pack" } });
    await addHost(f, "alpha", { vcpus: 4, hostGroupId: group.id });
    await addHost(f, "bravo", { vcpus: 4, hostGroupId: group.id });
    const plan = await addPlan(f, "small", smallSize, group.id);
    const big = await addPlan(f, "big", { vcpus: 2, memoryMb: 1024, diskMb: 1024 }, group.id);
    assert.deepEqual([await place(f, plan.id), await place(f, plan.id), await place(f, plan.id)], ["alpha", "alpha", "alpha"]);
    // alpha has 1 vCPU left: a 2-vCPU server does not fit there and goes to bravo, a small one fills alpha.
    assert.equal(await place(f, big.id), "bravo");
    assert.equal(await place(f, plan.id), "alpha");
    assert.equal(await place(f, plan.id), "bravo", "alpha is full; bravo is now the fullest that fits");
    // The group's policy changes how the next ones go.
    await updateHostGroup({ database: f.database, actor: f.admin, name: "dense", input: { placementPolicy: "spread" } });
    assert.equal((await f.database.hostGroup.findUniqueOrThrow({ where: { id: group.id } })).placementPolicy, "spread");
  });

  test("an 8-thread host holds 32 one-vCPU servers at ratio 4 and 8 at ratio 1", async (t) => {
    const f = await fixtureFor(t);
    const host = await addHost(f, "alpha", { vcpus: 8, ipv4: 40 });
    const plan = await addPlan(f, "small", smallSize);
    await updateHostPlacement({ database: f.database, actor: f.admin, hostId: host.id, input: { vcpuOvercommit: 1 } });
    const atOne = await placeUntilRefused(f, plan.id);
    assert.equal(atOne.hosts.length, 8);
    assert.equal(atOne.refusal.code, "no_capacity");
    await updateHostPlacement({ database: f.database, actor: f.admin, hostId: host.id, input: { vcpuOvercommit: 4 } });
    assert.equal((await readPlanAvailability({ database: f.database, actor: f.admin, planSlug: "small" })).servers, 24);
    const atFour = await placeUntilRefused(f, plan.id);
    assert.equal(atOne.hosts.length + atFour.hosts.length, 32);
    assert.equal(atFour.refusal.code, "no_capacity");
    assert.equal(atFour.refusal.status, 409);
  });

  test("memory overcommit lets more memory be promised than the host has; disk never", async (t) => {
    const f = await fixtureFor(t);
    const host = await addHost(f, "alpha", { vcpus: 64, memoryMb: 4096, diskMb: 40_960, memoryOvercommit: 2 });
    const memoryBound = await addPlan(f, "memory", { vcpus: 1, memoryMb: 1024, diskMb: 1024 });
    assert.equal((await readPlanAvailability({ database: f.database, actor: f.admin, planSlug: "memory" })).servers, 8);
    const diskBound = await addPlan(f, "disk", { vcpus: 1, memoryMb: 1, diskMb: 10_240 });
    await updateHostPlacement({ database: f.database, actor: f.admin, hostId: host.id, input: { memoryOvercommit: 4 } });
    assert.equal((await readPlanAvailability({ database: f.database, actor: f.admin, planSlug: "memory" })).servers, 16);
    assert.equal((await readPlanAvailability({ database: f.database, actor: f.admin, planSlug: "disk" })).servers, 4);
    const { hosts, refusal } = await placeUntilRefused(f, diskBound.id);
    assert.equal(hosts.length, 4);
    assert.equal(refusal.code, "no_capacity");
    // The disk is all promised now, so no memory-bound server fits either, whatever memory is left.
    assert.equal((await readPlanAvailability({ database: f.database, actor: f.admin, planSlug: "memory" })).servers, 0);
    await assert.rejects(place(f, memoryBound.id), isAppError(409, "no_capacity"));
  });
});

describe("eligible hosts", () => {
  test("draining, maintenance, down and inactive hosts get no servers", async (t) => {
    const f = await fixtureFor(t);
    await addHost(f, "draining", { draining: true });
    await addHost(f, "maintenance", { maintenanceNotice: "disk swap tonight" });
    await addHost(f, "down", { health: "down" });
    await addHost(f, "inactive", { active: false });
    const plan = await addPlan(f, "small", smallSize);
    await assert.rejects(place(f, plan.id), isAppError(409, "no_capacity"));
    assert.deepEqual(await readPlanAvailability({ database: f.database, actor: f.admin, planSlug: "small" }), { plan: "small", available: false, servers: 0, hosts: 0 });
    await addHost(f, "zulu");
    assert.equal(await place(f, plan.id), "zulu");
  });

  test("a plan with a host group goes only to that group's hosts; one without goes anywhere", async (t) => {
    const f = await fixtureFor(t);
    const gpu = await createHostGroup({ database: f.database, actor: f.admin, input: { name: "gpu" } });
    const other = await createHostGroup({ database: f.database, actor: f.admin, input: { name: "other" } });
    await addHost(f, "gpu-1", { hostGroupId: gpu.id, vcpus: 2 });
    await addHost(f, "other-1", { hostGroupId: other.id });
    await addHost(f, "plain-1");
    const grouped = await addPlan(f, "gpu-small", smallSize, gpu.id);
    const { hosts, refusal } = await placeUntilRefused(f, grouped.id);
    assert.deepEqual(hosts, ["gpu-1", "gpu-1"]);
    assert.equal(refusal.code, "no_capacity");
    const anywhere = await addPlan(f, "small", smallSize);
    assert.deepEqual(new Set([await place(f, anywhere.id), await place(f, anywhere.id)]), new Set(["other-1", "plain-1"]));
    // A group still used by a host or a plan is not deleted.
    await assert.rejects(deleteHostGroup({ database: f.database, actor: f.admin, name: "gpu" }), isAppError(409, "host_group_in_use"));
    const empty = await createHostGroup({ database: f.database, actor: f.admin, input: { name: "empty" } });
    assert.deepEqual(await deleteHostGroup({ database: f.database, actor: f.admin, name: empty.name }), { deleted: true });
    assert.deepEqual(await deleteHostGroup({ database: f.database, actor: f.admin, name: empty.name }), { deleted: false });
  });

  test("an admin's plan picks an existing host group", async (t) => {
    const f = await fixtureFor(t);
    const group = await createHostGroup({ database: f.database, actor: f.admin, input: { name: "gpu" } });
    const fields = { ...basePlan, slug: "gpu-small", name: "GPU small", ...smallSize };
    await assert.rejects(createPlan({ database: f.database, actor: f.admin, input: { ...fields, hostGroupId: "no-such-group" } }), isAppError(422, "unknown_host_group"));
    const plan = await createPlan({ database: f.database, actor: f.admin, input: { ...fields, hostGroupId: group.id } });
    assert.equal(plan.hostGroupId, group.id);
    const ungrouped = await updatePlan({ database: f.database, actor: f.admin, planId: plan.id, input: { ...fields, hostGroupId: null } });
    assert.equal(ungrouped.hostGroupId, null);
  });

  test("a placed server keeps its host and addresses on a retry, even once the host drains", async (t) => {
    const f = await fixtureFor(t);
    await addHost(f, "alpha");
    const plan = await addPlan(f, "small", smallSize);
    const server = await pendingServer(f, plan.id);
    await placeServer(f.database, server.id);
    const first = await f.database.server.findUniqueOrThrow({ where: { id: server.id }, include: { addresses: true } });
    await f.database.host.updateMany({ data: { draining: true } });
    await placeServer(f.database, server.id);
    const again = await f.database.server.findUniqueOrThrow({ where: { id: server.id }, include: { addresses: true } });
    assert.equal(again.hostId, first.hostId);
    assert.equal(again.idmapBase, first.idmapBase);
    assert.deepEqual(again.addresses.map((address) => address.id).sort(), first.addresses.map((address) => address.id).sort());
    assert.equal(again.addresses.length, 2);
  });
});

describe("anti-affinity", () => {
  test("an owner's servers with the same label go to distinct hosts, and the next is refused naming the group", async (t) => {
    const f = await fixtureFor(t);
    for (const name of ["alpha", "bravo", "charlie"]) await addHost(f, name);
    const plan = await addPlan(f, "small", smallSize);
    const placed = [];
    for (let index = 0; index < 3; index += 1) placed.push(await place(f, plan.id, { antiAffinityGroup: "db" }));
    assert.deepEqual([...placed].sort(), ["alpha", "bravo", "charlie"]);
    await assert.rejects(place(f, plan.id, { antiAffinityGroup: "db" }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.status, 409);
      assert.equal(error.code, "anti_affinity_unsatisfiable");
      assert.match(error.message, /"db"/);
      assert.deepEqual(error.details, { antiAffinityGroup: "db" });
      return true;
    });
    // Another label, no label, or another owner's "db" are not kept apart from these.
    await place(f, plan.id, { antiAffinityGroup: "web" });
    await place(f, plan.id);
    const stranger = await f.database.user.create({ data: { email: "stranger@placement.test", name: "Stranger", passwordHash: "-", role: "customer" } });
    await place(f, plan.id, { ownerId: stranger.id, antiAffinityGroup: "db" });
    // A terminated server no longer holds its host.
    const onAlpha = await f.database.server.findFirstOrThrow({ where: { antiAffinityGroup: "db", ownerId: f.ownerId, host: { name: "alpha" } } });
    await f.database.server.update({ where: { id: onAlpha.id }, data: { status: "terminated" } });
    assert.equal(await place(f, plan.id, { antiAffinityGroup: "db" }), "alpha");
  });
});

describe("races and stock", () => {
  test("concurrent placements never exceed a host's room or share an address or id range", async (t) => {
    const f = await fixtureFor(t);
    await addHost(f, "alpha", { vcpus: 5 });
    await addHost(f, "bravo", { vcpus: 3 });
    const plan = await addPlan(f, "small", smallSize);
    const servers = await Promise.all(Array.from({ length: 14 }, () => pendingServer(f, plan.id)));
    const results = await Promise.allSettled(servers.map((server) => placeServer(f.database, server.id)));
    // On PostgreSQL (Serializable) a placement may lose every retry to the others' writes; its job
    // would be retried, so it is retried here, one at a time, once the rush is over.
    const outcomes: string[] = [];
    for (const [index, result] of results.entries()) {
      if (result.status === "fulfilled") outcomes.push("placed");
      else if (result.reason instanceof AppError) outcomes.push(result.reason.code);
      else {
        assert.ok(isWriteConflict(result.reason), String(result.reason));
        outcomes.push(await placeServer(f.database, servers[index]!.id).then(() => "placed", (error: unknown) => (error instanceof AppError ? error.code : String(error))));
      }
    }
    assert.deepEqual(counts(outcomes), { placed: 8, no_capacity: 6 });
    const placed = await f.database.server.findMany({ where: { hostId: { not: null } }, include: { host: true, addresses: true } });
    assert.deepEqual(counts(placed.map((server) => server.host!.name)), { alpha: 5, bravo: 3 });
    const addresses = placed.flatMap((server) => server.addresses.map((address) => address.id));
    assert.equal(new Set(addresses).size, 16);
    assert.equal(new Set(placed.map((server) => `${server.hostId}:${server.idmapBase}`)).size, 8);
  });

  test("availability counts exactly the servers that can be placed, addresses included", async (t) => {
    const f = await fixtureFor(t);
    await addHost(f, "alpha", { vcpus: 4, vcpuOvercommit: 2 });
    // Room for 8, but only 3 IPv6 addresses.
    await addHost(f, "bravo", { vcpus: 8, ipv6: 3 });
    await addHost(f, "charlie", { vcpus: 2, memoryMb: 2048, memoryOvercommit: 1.5 });
    await addHost(f, "full", { vcpus: 8, ipv4: 0 });
    const plan = await addPlan(f, "small", smallSize);
    const before = await readPlanAvailability({ database: f.database, actor: f.admin, planSlug: "small" });
    assert.deepEqual(before, { plan: "small", available: true, servers: 8 + 3 + 2, hosts: 3 });
    const { hosts, refusal } = await placeUntilRefused(f, plan.id);
    assert.equal(hosts.length, before.servers);
    assert.deepEqual(counts(hosts), { alpha: 8, bravo: 3, charlie: 2 });
    assert.equal(refusal.code, "ip_pool_exhausted", "the hosts with room left lack addresses");
    assert.deepEqual(await readPlanAvailability({ database: f.database, actor: f.admin, planSlug: "small" }), { plan: "small", available: false, servers: 0, hosts: 0 });
  });

  test("availability is for admins and the resellers offering the plan", async (t) => {
    const f = await fixtureFor(t);
    await addHost(f, "alpha");
    await addPlan(f, "small", smallSize);
    const reseller = await f.database.user.create({ data: { email: "reseller@placement.test", name: "R", passwordHash: "-", role: "reseller" } });
    const asReseller: Actor = { userId: reseller.id, role: "reseller", via: "token" };
    await assert.rejects(readPlanAvailability({ database: f.database, actor: asReseller, planSlug: "small" }), isAppError(404, "not_found"));
    const plan = await f.database.plan.findUniqueOrThrow({ where: { slug: "small" } });
    await f.database.resellerPlan.create({ data: { resellerId: reseller.id, planId: plan.id } });
    assert.equal((await readPlanAvailability({ database: f.database, actor: asReseller, planSlug: "small" })).servers, 8);
    await assert.rejects(readPlanAvailability({ database: f.database, actor: { userId: f.ownerId, role: "customer", via: "token" }, planSlug: "small" }), isAppError(403, "forbidden"));
    await assert.rejects(readPlanAvailability({ database: f.database, actor: f.admin, planSlug: "nope" }), isAppError(404, "not_found"));
  });
});

describe("orders and host settings", () => {
  let redis: TestRedis;
  let queue: JobQueue;
  before(async () => {
    redis = await startRedis();
    queue = createJobQueue(redis.url);
  });
  after(async () => {
    await queue.close();
    await redis.stop();
  });

  test("an order's anti-affinity label is stored on its server; a bad one is refused naming the field", async (t) => {
    const f = await fixtureFor(t);
    await addPlan(f, "small", smallSize);
    const input = { plan: "small", template: "busybox", hostname: "labelled" };
    const { server } = await createOrder({ database: f.database, queue, customerId: f.ownerId, input: { ...input, antiAffinityGroup: "db-1" } });
    assert.equal(server.antiAffinityGroup, "db-1");
    const unlabelled = await createOrder({ database: f.database, queue, customerId: f.ownerId, input: { ...input, hostname: "plain" } });
    assert.equal(unlabelled.server.antiAffinityGroup, null);
    await assert.rejects(createOrder({ database: f.database, queue, customerId: f.ownerId, input: { ...input, antiAffinityGroup: "Not OK" } }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.status, 400);
      assert.match(error.message, /^antiAffinityGroup:/);
      return true;
    });
  });

  test("host placement settings are admins' only, checked, and audited", async (t) => {
    const f = await fixtureFor(t);
    const host = await addHost(f, "alpha");
    await createHostGroup({ database: f.database, actor: f.admin, input: { name: "edge" } });
    const updated = await updateHostPlacement({ database: f.database, actor: f.admin, hostId: host.id, input: { vcpuOvercommit: 3, memoryOvercommit: 1.25, hostGroup: "edge" } });
    assert.equal(updated.vcpuOvercommit, 3);
    assert.equal(updated.memoryOvercommit, 1.25);
    assert.equal(updated.hostGroup?.name, "edge");
    assert.equal((await updateHostPlacement({ database: f.database, actor: f.admin, hostId: host.id, input: { hostGroup: null } })).hostGroupId, null);
    await assert.rejects(updateHostPlacement({ database: f.database, actor: f.admin, hostId: host.id, input: { vcpuOvercommit: 0 } }), isAppError(400, "invalid_request"));
    await assert.rejects(updateHostPlacement({ database: f.database, actor: f.admin, hostId: host.id, input: { hostGroup: "nope" } }), isAppError(422, "unknown_host_group"));
    await assert.rejects(updateHostPlacement({ database: f.database, actor: { userId: f.ownerId, role: "customer", via: "session" }, hostId: host.id, input: { vcpuOvercommit: 2 } }), isAppError(404, "not_found"));
    const events = await f.database.auditEvent.findMany({ where: { action: "host.placement.update", targetId: host.id } });
    assert.equal(events.length, 2);
    await assert.rejects(createHostGroup({ database: f.database, actor: f.admin, input: { name: "edge" } }), isAppError(409, "name_taken"));
  });
});
