import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { listAuditResources } from "../../lib/api/list-audit-resources";
import { listCustomerResources } from "../../lib/api/list-customer-resources";
import { listJobResources } from "../../lib/api/list-job-resources";
import { listServerResources } from "../../lib/api/list-server-resources";
import { listAuditTrail } from "../../lib/audit/list-audit-trail";
import { recordAuditEvent } from "../../lib/audit/record-audit-event";
import { AppError } from "../../lib/errors";
import { listJobs } from "../../lib/job-admin/list-jobs";
import { encodeCursor, pageInputOf, type TPageInput } from "../../lib/pagination/read-page";
import { listServers } from "../../lib/servers/list-servers";
import { databaseForFile } from "../support/database";
import { createCustomerActor, seedSmallPlanAndBusybox, seedTwoResellers, type TwoResellers } from "../support/tenancy";

// Cursor pagination (lib/pagination/read-page.ts) on a real SQLite database with more rows than a
// page holds, through every list that uses it, and that no cursor leads out of the caller's scope.

const database = databaseForFile();
let { admin, resellerA, resellerB, customerA1, customerA2, customerB1 } = {} as TwoResellers;
const serversOf = new Map<string, string[]>();

function isAppError(status: number, code: string, message?: RegExp) {
  return (error: unknown) => error instanceof AppError && error.status === status && error.code === code && (!message || message.test(error.message));
}

/** Every page of a list, walked with nextCursor, and how many pages it took. */
async function walk<Row>(list: (page: TPageInput) => Promise<{ rows: Row[]; nextCursor: string | null }>, limit?: number) {
  const rows: Row[] = [];
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await list({ limit, cursor });
    if (limit !== undefined) assert.ok(page.rows.length <= limit, "a page never holds more than the limit");
    rows.push(...page.rows);
    if (!page.nextCursor) return { rows, pages };
    assert.ok(pages < 1000, "paging ends");
    cursor = page.nextCursor;
  }
}

const servers = (actor: Actor) => async (page: TPageInput) => {
  const { servers: rows, nextCursor } = await listServerResources({ database, actor, page });
  return { rows, nextCursor };
};
const jobs = (actor: Actor) => async (page: TPageInput) => {
  const { jobs: rows, nextCursor } = await listJobResources({ database, actor, page });
  return { rows, nextCursor };
};
const customers = (actor: Actor) => async (page: TPageInput) => {
  const { customers: rows, nextCursor } = await listCustomerResources({ database, actor, page });
  return { rows, nextCursor };
};
const audit = (actor: Actor) => async (page: TPageInput) => {
  const { events: rows, nextCursor } = await listAuditResources({ database, actor, page });
  return { rows, nextCursor };
};

/** Newest first, ties on createdAt broken by id, both descending. */
function assertNewestFirst(rows: Array<{ id: string; createdAt: string }>) {
  for (let index = 1; index < rows.length; index++) {
    const [previous, current] = [rows[index - 1]!, rows[index]!];
    assert.ok(previous.createdAt > current.createdAt || (previous.createdAt === current.createdAt && previous.id > current.id), `${previous.id} before ${current.id}`);
  }
}

async function seedServers(owner: Actor, count: number, createdAt: (index: number) => Date) {
  const plan = await database.plan.findUniqueOrThrow({ where: { slug: "p-small" } });
  const template = await database.template.findUniqueOrThrow({ where: { slug: "busybox" } });
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const name = `page-${randomBytes(5).toString("hex")}`;
    const server = await database.server.create({
      data: { hostname: name, containerName: name, ownerId: owner.userId, planId: plan.id, templateId: template.id, status: "running", createdAt: createdAt(index) },
    });
    await database.job.create({ data: { type: "serverAction", serverId: server.id, state: "completed", payload: "{}", createdAt: createdAt(index) } });
    ids.push(server.id);
  }
  serversOf.set(owner.userId, [...(serversOf.get(owner.userId) ?? []), ...ids]);
}

before(async () => {
  await seedSmallPlanAndBusybox(database, { slug: "p-small", name: "Small" });
  ({ admin, resellerA, resellerB, customerA1, customerA2, customerB1 } = await seedTwoResellers(database, "p-small", "paging.test"));
  for (let index = 0; index < 6; index++) await createCustomerActor(database, resellerA, `a-extra-${index}@paging.test`);
  for (let index = 0; index < 4; index++) await createCustomerActor(database, resellerB, `b-extra-${index}@paging.test`);

  // A's and B's servers interleave in time, and many share one createdAt (only the id orders them).
  const base = Date.parse("2026-11-01T00:00:00.000Z");
  const sameInstant = new Date(base + 10_000);
  await seedServers(customerA1, 40, (index) => (index % 2 === 0 ? sameInstant : new Date(base + index * 1000)));
  await seedServers(customerB1, 30, (index) => (index % 3 === 0 ? sameInstant : new Date(base + index * 1000 + 500)));
  await seedServers(customerA2, 8, (index) => new Date(base + index * 777));
  await seedServers(resellerA, 3, () => sameInstant);
});

describe("the page parameters", () => {
  test("limit is 1..100 and a bad one is a 400 naming limit", async () => {
    for (const limit of ["0", "101", "abc", "2.5", -1]) {
      await assert.rejects(listServerResources({ database, actor: admin, page: { limit } }), isAppError(400, "invalid_request", /^limit: /), `limit ${limit}`);
    }
    assert.equal((await listServerResources({ database, actor: admin, page: { limit: "100" } })).servers.length, 81);
    assert.equal((await listServerResources({ database, actor: admin, page: { limit: "" } })).servers.length, 50, "an empty limit is the default");
  });

  test("without a limit a page holds 50 rows", async () => {
    const first = await listServerResources({ database, actor: admin, page: {} });
    assert.equal(first.servers.length, 50);
    assert.ok(first.nextCursor);
    const second = await listServerResources({ database, actor: admin, page: { cursor: first.nextCursor } });
    assert.equal(second.servers.length, 31);
    assert.equal(second.nextCursor, null, "the last page has no next cursor");
  });

  test("a cursor that is not one this list gave out is a 400 naming cursor", async () => {
    const someId = serversOf.get(customerA1.userId)![0]!;
    for (const cursor of ["garbage", someId, Buffer.from("[1,2]").toString("base64url"), Buffer.from('["yesterday","x"]').toString("base64url")]) {
      await assert.rejects(listServerResources({ database, actor: admin, page: { cursor } }), isAppError(400, "invalid_cursor", /^cursor: /), cursor);
    }
  });

  test("they are read from the query string, everything else ignored", () => {
    assert.deepEqual(pageInputOf(new Request("http://panel.test/api/v1/servers?limit=5&cursor=abc&other=1")), { limit: "5", cursor: "abc" });
    assert.deepEqual(pageInputOf(new Request("http://panel.test/api/v1/servers")), { limit: undefined, cursor: undefined });
  });
});

describe("GET /api/v1/servers pages", () => {
  test("an admin pages through every server once, newest first, ties broken by id", async () => {
    const { rows, pages } = await walk(servers(admin), 7);
    assert.equal(pages, Math.ceil(81 / 7));
    assert.equal(rows.length, 81);
    assert.equal(new Set(rows.map((server) => server.id)).size, 81, "pages do not overlap");
    assertNewestFirst(rows);
  });

  test("reseller A pages through exactly its own and its customers' servers", async () => {
    const expected = [customerA1, customerA2, resellerA].flatMap((owner) => serversOf.get(owner.userId)!);
    const { rows, pages } = await walk(servers(resellerA), 6);
    assert.ok(pages > 1);
    assert.deepEqual(rows.map((server) => server.id).sort(), [...expected].sort());
    assertNewestFirst(rows);
  });

  test("a reseller never pages into another reseller's rows, even from a cursor at one of them", async () => {
    const ofB = new Set(serversOf.get(customerB1.userId));
    // A cursor positioned at each of B's servers (as if taken from B's pages or forged).
    const bServers = await database.server.findMany({ where: { id: { in: [...ofB] } } });
    for (const server of bServers.slice(0, 10)) {
      const page = await listServerResources({ database, actor: resellerA, page: { cursor: encodeCursor(server), limit: 100 } });
      assert.ok(page.servers.every((listed) => !ofB.has(listed.id)), "only A's servers after a B position");
      const older = await database.server.count({
        where: { ownerId: { in: [customerA1.userId, customerA2.userId, resellerA.userId] }, OR: [{ createdAt: { lt: server.createdAt } }, { createdAt: server.createdAt, id: { lt: server.id } }] },
      });
      assert.equal(page.servers.length, older, "and exactly A's servers older than that position");
    }
    const { rows } = await walk(servers(resellerB), 4);
    assert.deepEqual(rows.map((server) => server.id).sort(), [...ofB].sort());
  });

  test("a customer pages through its own servers only", async () => {
    const { rows } = await walk(servers(customerA2), 3);
    assert.deepEqual(rows.map((server) => server.id).sort(), [...serversOf.get(customerA2.userId)!].sort());
  });

  test("rows added while paging neither repeat nor shift the later pages", async () => {
    const first = await listServerResources({ database, actor: resellerA, page: { limit: 10 } });
    await seedServers(customerA2, 2, () => new Date());
    const rest = await walk(async (page) => {
      const { servers: rows, nextCursor } = await listServerResources({ database, actor: resellerA, page: { ...page, cursor: page.cursor ?? first.nextCursor! } });
      return { rows, nextCursor };
    }, 10);
    const seen = [...first.servers, ...rest.rows].map((server) => server.id);
    assert.equal(new Set(seen).size, seen.length, "no row twice");
    assert.equal(seen.length, 40 + 8 + 3, "every row that existed when paging began, once");
  });
});

describe("GET /api/v1/jobs pages", () => {
  test("each caller pages through the jobs of the servers it may see", async () => {
    const visible = async (actor: Actor) => (await database.server.findMany({ where: actor.role === "admin" ? {} : actor.role === "reseller" ? { OR: [{ ownerId: actor.userId }, { owner: { resellerId: actor.userId } }] } : { ownerId: actor.userId }, select: { id: true } })).map((server) => server.id);
    for (const actor of [admin, resellerA, resellerB, customerA1, customerB1]) {
      const { rows, pages } = await walk(jobs(actor), 9);
      const serverIds = new Set(await visible(actor));
      assert.ok(pages > 1 || actor === customerA1 || rows.length <= 9);
      assert.ok(rows.every((job) => job.serverId !== null && serverIds.has(job.serverId)), `${actor.role} sees only its servers' jobs`);
      assert.equal(rows.length, await database.job.count({ where: { serverId: { in: [...serverIds] } } }), `${actor.role} sees all of them`);
      assertNewestFirst(rows);
    }
  });

  test("a reseller's cursor at another reseller's job leads only to its own", async () => {
    const bJob = await database.job.findFirstOrThrow({ where: { serverId: { in: serversOf.get(customerB1.userId) } }, orderBy: { createdAt: "desc" } });
    const aServers = new Set([customerA1, customerA2, resellerA].flatMap((owner) => serversOf.get(owner.userId)!));
    const page = await listJobResources({ database, actor: resellerA, page: { cursor: encodeCursor(bJob), limit: 100 } });
    assert.ok(page.jobs.length > 0);
    assert.ok(page.jobs.every((job) => aServers.has(job.serverId!)));
  });
});

describe("GET /api/v1/customers pages", () => {
  test("a reseller pages through its own customers only; an admin through all", async () => {
    const { rows: ofA, pages } = await walk(customers(resellerA), 3);
    assert.ok(pages > 1);
    assert.equal(ofA.length, 8);
    const owned = await database.user.findMany({ where: { id: { in: ofA.map((customer) => customer.id) } } });
    assert.ok(owned.every((customer) => customer.resellerId === resellerA.userId && customer.role === "customer"));
    assert.ok(ofA.every((customer) => !("reseller" in customer)), "a reseller is not told its own id");
    assertNewestFirst(ofA);

    const bCustomer = await database.user.findUniqueOrThrow({ where: { id: customerB1.userId } });
    const fromB = await listCustomerResources({ database, actor: resellerA, page: { cursor: encodeCursor(bCustomer) } });
    assert.ok(fromB.customers.length > 0);
    assert.ok(fromB.customers.every((customer) => ofA.some((mine) => mine.id === customer.id)), "a cursor at B's customer stays within A's customers");

    const { rows: all } = await walk(customers(admin), 4);
    assert.equal(all.length, 13);
    assert.equal(all.find((customer) => customer.id === customerB1.userId)?.reseller, resellerB.userId, "admins see whose customer it is");
  });

  test("customers may not list customers (403), whatever the page", async () => {
    await assert.rejects(listCustomerResources({ database, actor: customerA1, page: {} }), isAppError(403, "forbidden"));
  });
});

describe("GET /api/v1/audit pages", () => {
  test("a reseller pages through its own trail only, as the panel's audit pages scope it", async () => {
    const { rows, pages } = await walk(audit(resellerA), 2);
    assert.ok(pages > 1);
    const mine = new Set([resellerA.userId, customerA1.userId, customerA2.userId]);
    const stored = await database.auditEvent.findMany({ where: { id: { in: rows.map((event) => event.id) } } });
    assert.equal(stored.length, rows.length);
    for (const event of stored) {
      assert.ok(event.resellerId === resellerA.userId || event.tenantId === resellerA.userId || event.actorId === resellerA.userId, event.action);
      assert.ok(!event.tenantId || event.resellerId === resellerA.userId || mine.has(event.tenantId));
    }
    const panel = await walk(async (page) => {
      const { events, nextCursor } = await listAuditTrail({ database, actor: resellerA, ...page });
      return { rows: events, nextCursor };
    }, 5);
    assert.deepEqual(rows.map((event) => event.id), panel.rows.map((event) => event.id), "the API and the panel show the same trail");
    assert.ok(rows.every((event) => typeof event.createdAt === "string" && "details" in event && !("tenantId" in event)));
    assertNewestFirst(rows);
  });

  test("a customer sees only events about or by itself; an admin all", async () => {
    const { rows } = await walk(audit(customerB1), 1);
    const stored = await database.auditEvent.findMany({ where: { id: { in: rows.map((event) => event.id) } } });
    assert.ok(stored.length > 0 && stored.every((event) => event.tenantId === customerB1.userId || event.actorId === customerB1.userId));
    assert.equal((await walk(audit(admin), 10)).rows.length, await database.auditEvent.count());
  });
});

describe("an API token limited to named servers", () => {
  test("lists only those servers, their jobs and their audit events, and no customers", async () => {
    const [one, two] = serversOf.get(customerA1.userId)!;
    const other = serversOf.get(customerA2.userId)![0]!;
    for (const serverId of [one!, other]) {
      await recordAuditEvent(database, { actorId: resellerA.userId, actorType: "user", tenantId: customerA1.userId, resellerId: resellerA.userId, action: "server.stop", targetType: "server", targetId: serverId, result: "success" });
    }
    const limited: Actor = { ...resellerA, via: "token", credentialId: "token-limited", serverIds: [one!, two!] };
    assert.deepEqual((await walk(servers(limited), 1)).rows.map((server) => server.id).sort(), [one, two].sort());
    assert.ok((await walk(jobs(limited), 1)).rows.every((job) => job.serverId === one || job.serverId === two));
    const events = (await walk(audit(limited), 1)).rows;
    assert.ok(events.length > 0 && events.every((event) => event.targetType === "server" && (event.targetId === one || event.targetId === two)));
    await assert.rejects(listCustomerResources({ database, actor: limited, page: {} }), isAppError(403, "token_server_limited"));
    const limitedAdmin: Actor = { ...admin, via: "token", serverIds: [other] };
    assert.deepEqual((await walk(jobs(limitedAdmin), 2)).rows.map((job) => job.serverId), [other], "an admin's limited token too");
  });
});

describe("the panel's lists use the same pages", () => {
  test("the operators' server list, the customers list and the completed jobs page by cursor", async () => {
    const panelServers = await walk(async (page) => {
      const { servers: rows, nextCursor } = await listServers({ database, actor: resellerA, ...page });
      return { rows, nextCursor };
    }, 8);
    assert.ok(panelServers.pages > 1);
    assert.ok(panelServers.rows.every((server) => server.owner.id === resellerA.userId || server.owner.resellerId === resellerA.userId));
    assert.equal(panelServers.rows.length, await database.server.count({ where: { OR: [{ ownerId: resellerA.userId }, { owner: { resellerId: resellerA.userId } }] } }));

    const first = await listJobs({ database, actor: admin, limit: 20 });
    assert.equal(first.completed.length, 20);
    assert.ok(first.nextCursor);
    const second = await listJobs({ database, actor: admin, limit: 20, cursor: first.nextCursor });
    assert.ok(second.completed.every((job) => !first.completed.some((earlier) => earlier.id === job.id)));
  });
});
