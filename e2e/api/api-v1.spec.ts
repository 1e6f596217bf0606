import { expect, test, type APIRequestContext } from "@playwright/test";
import { seedCaller, seedToken, stackDatabase } from "../support/stack-database";

type Caller = Awaited<ReturnType<typeof seedCaller>>;
let customerA: Caller;
let customerB: Caller;
let admin: Caller;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  customerA = await seedCaller("customer");
  customerB = await seedCaller("customer");
  admin = await seedCaller("admin");
});

async function expectError(response: Awaited<ReturnType<APIRequestContext["get"]>>, status: number, code: string, message?: RegExp) {
  expect(response.status()).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  if (message) expect(body.error.message).toMatch(message);
}

async function waitForJob(request: APIRequestContext, caller: Caller, jobId: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const response = await request.get(`/api/v1/jobs/${jobId}`, { headers: caller.headers });
    expect(response.status()).toBe(200);
    const { job } = await response.json();
    if (job.state === "completed" || job.state === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${job.state}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let serverId: string;

test("the OpenAPI document describes every endpoint", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const document = await response.json();
  expect(document.openapi).toBe("3.1.0");
  expect(document.components.securitySchemes.bearerAuth.description).toMatch(/token_read_only/);
  expect(Object.keys(document.paths).sort()).toEqual([
    "/audit",
    "/customers",
    "/customers/{id}/login-links",
    "/hosts",
    "/hosts/{id}",
    "/images",
    "/images/builds",
    "/images/imports",
    "/ip-pools",
    "/ip-pools/ranges",
    "/ip-pools/{id}",
    "/jobs",
    "/jobs/{id}",
    "/plans",
    "/plans/{slug}/availability",
    "/servers",
    "/servers/{id}",
    "/servers/{id}/actions",
    "/servers/{id}/firewall",
    "/servers/{id}/metrics",
    "/servers/{id}/port-forwards",
    "/servers/{id}/usage",
    "/templates",
    "/webhook-deliveries/{id}/redeliveries",
    "/webhooks",
    "/webhooks/{id}",
    "/webhooks/{id}/deliveries",
  ]);
  const filters: Record<string, string[]> = { "/servers": ["serviceId"], "/customers": ["email"] };
  for (const list of ["/servers", "/jobs", "/customers", "/audit"]) {
    expect(document.paths[list].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(["limit", "cursor", ...(filters[list] ?? [])]);
    expect(document.paths[list].get.responses["200"].content["application/json"].schema.properties.nextCursor).toBeTruthy();
  }
  const hostname = document.paths["/servers"].post.requestBody.content["application/json"].schema.properties.hostname;
  expect(hostname.pattern).toBeTruthy();
  const actionTypes = document.paths["/servers/{id}/actions"].post.requestBody.content["application/json"].schema.oneOf.map(
    (variant: { properties: { type: { const: string } } }) => variant.properties.type.const,
  );
  expect(actionTypes).toEqual(["start", "stop", "reboot", "rescue", "unrescue", "resize", "reinstall", "reset_password", "change_addresses", "suspend", "unsuspend"]);
  const statuses = document.paths["/servers/{id}"].get.responses["200"].content["application/json"].schema.properties.server.properties.status.enum;
  expect(statuses).toEqual(["pending", "provisioning", "running", "stopped", "suspended", "rescue", "failed", "terminated", "unknown"]);
});

test("requests without a valid token are refused with 401", async ({ request }) => {
  await expectError(await request.get("/api/v1/servers"), 401, "unauthenticated");
  await expectError(await request.get("/api/v1/servers", { headers: { Authorization: "Basic abc" } }), 401, "unauthenticated", /Bearer/);
  await expectError(await request.get("/api/v1/servers", { headers: { Authorization: "Bearer berth_not-a-real-token" } }), 401, "unauthenticated");
  const revoked = await seedCaller("customer");
  await stackDatabase().apiToken.update({ where: { id: revoked.tokenId }, data: { revokedAt: new Date() } });
  await expectError(await request.get("/api/v1/servers", { headers: revoked.headers }), 401, "unauthenticated", /revoked/);
});

test("an expired token is refused with 401 like a revoked one", async ({ request }) => {
  const caller = await seedCaller("customer", { token: { expiresInDays: 1 } });
  expect((await request.get("/api/v1/plans", { headers: caller.headers })).status()).toBe(200);
  await stackDatabase().apiToken.update({ where: { id: caller.tokenId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await expectError(await request.get("/api/v1/plans", { headers: caller.headers }), 401, "unauthenticated", /expired/);
});

/** Two terminated servers of a fresh customer (rows only: nothing for the worker or agent to do). */
async function seedTwoServers(caller: Caller) {
  const plan = await stackDatabase().plan.findFirstOrThrow({ where: { slug: "small" } });
  const template = await stackDatabase().template.findFirstOrThrow({ where: { slug: "busybox" } });
  const seed = (hostname: string) =>
    stackDatabase().server.create({
      data: { hostname, ownerId: caller.user.id, planId: plan.id, templateId: template.id, containerName: `berth-e2e-${hostname}-${caller.user.id}`, status: "terminated", desiredState: "terminated", terminatedAt: new Date() },
    });
  return [await seed("limited-one"), await seed("limited-two")] as const;
}

test("a read-only token may read but not order, act or terminate (403 token_read_only)", async ({ request }) => {
  const caller = await seedCaller("customer");
  const [server] = await seedTwoServers(caller);
  const reader = await seedToken(caller, { scope: "read" });
  expect((await request.get("/api/v1/servers", { headers: reader.headers })).status()).toBe(200);
  expect((await request.get(`/api/v1/servers/${server.id}`, { headers: reader.headers })).status()).toBe(200);
  const before = await stackDatabase().server.count();
  await expectError(await request.post("/api/v1/servers", { headers: reader.headers, data: { plan: "small", template: "busybox", hostname: "read-only" } }), 403, "token_read_only");
  await expectError(await request.post(`/api/v1/servers/${server.id}/actions`, { headers: reader.headers, data: { type: "start" } }), 403, "token_read_only");
  await expectError(await request.delete(`/api/v1/servers/${server.id}`, { headers: reader.headers }), 403, "token_read_only");
  expect(await stackDatabase().server.count()).toBe(before);
  expect(await stackDatabase().job.count({ where: { serverId: server.id } })).toBe(0);
});

test("a token limited to one server sees only it; the owner's others are 404 and it may not order (403 token_server_limited)", async ({ request }) => {
  const caller = await seedCaller("customer");
  const [mine, other] = await seedTwoServers(caller);
  const limited = await seedToken(caller, { serverIds: [mine.id] });
  const list = await (await request.get("/api/v1/servers", { headers: limited.headers })).json();
  expect(list.servers.map((server: { id: string }) => server.id)).toEqual([mine.id]);
  expect((await request.get(`/api/v1/servers/${mine.id}`, { headers: limited.headers })).status()).toBe(200);
  await expectError(await request.get(`/api/v1/servers/${other.id}`, { headers: limited.headers }), 404, "not_found");
  await expectError(await request.post(`/api/v1/servers/${other.id}/actions`, { headers: limited.headers, data: { type: "start" } }), 404, "not_found");
  await expectError(await request.delete(`/api/v1/servers/${other.id}`, { headers: limited.headers }), 404, "not_found");
  await expectError(await request.post("/api/v1/servers", { headers: limited.headers, data: { plan: "small", template: "busybox", hostname: "limited" } }), 403, "token_server_limited");
  // The owner's unlimited token sees both: the 404s above hid a server that exists.
  expect((await request.get(`/api/v1/servers/${other.id}`, { headers: caller.headers })).status()).toBe(200);
  expect(await stackDatabase().job.count({ where: { serverId: { in: [mine.id, other.id] } } })).toBe(0);
});

test("a token limited to source ranges is refused from elsewhere (403 token_source_refused)", async ({ request }) => {
  const caller = await seedCaller("customer", { token: { sourceRanges: ["198.51.100.0/24", "2001:db8::/32"] } });
  expect((await request.get("/api/v1/plans", { headers: { ...caller.headers, "X-Forwarded-For": "198.51.100.7" } })).status()).toBe(200);
  expect((await request.get("/api/v1/plans", { headers: { ...caller.headers, "X-Forwarded-For": "2001:db8::7" } })).status()).toBe(200);
  await expectError(await request.get("/api/v1/plans", { headers: { ...caller.headers, "X-Forwarded-For": "203.0.113.9" } }), 403, "token_source_refused");
});

test("plans and templates are listed", async ({ request }) => {
  const plans = await (await request.get("/api/v1/plans", { headers: customerA.headers })).json();
  expect(plans.plans.map((plan: { slug: string }) => plan.slug)).toEqual(expect.arrayContaining(["small", "medium"]));
  expect(plans.plans[0]).toMatchObject({ vcpus: expect.any(Number), memoryMb: expect.any(Number), diskMb: expect.any(Number) });
  const templates = await (await request.get("/api/v1/templates", { headers: customerA.headers })).json();
  expect(templates.templates).toContainEqual({ slug: "busybox", name: expect.any(String) });
  expect((await stackDatabase().apiToken.findUniqueOrThrow({ where: { id: customerA.tokenId } })).lastUsedAt).not.toBeNull();
});

test("a plan's availability counts the servers placement could still take", async ({ request }) => {
  const response = await request.get("/api/v1/plans/small/availability", { headers: admin.headers });
  expect(response.status()).toBe(200);
  const availability = await response.json();
  expect(availability).toEqual({ plan: "small", available: availability.servers > 0, servers: expect.any(Number), hosts: expect.any(Number) });
  // The stack's host has room and addresses for the small plan.
  expect(availability.hosts).toBeGreaterThanOrEqual(1);
  expect(availability.servers).toBeGreaterThan(0);
  await expectError(await request.get("/api/v1/plans/no-such-plan/availability", { headers: admin.headers }), 404, "not_found");
  await expectError(await request.get("/api/v1/plans/small/availability", { headers: customerA.headers }), 403, "forbidden");
});

test("bad orders are refused, naming the problem, and create nothing", async ({ request }) => {
  const before = await stackDatabase().server.count();
  const post = (data: unknown) => request.post("/api/v1/servers", { headers: customerA.headers, data });
  await expectError(await request.post("/api/v1/servers", { headers: { ...customerA.headers, "Content-Type": "application/json" }, data: Buffer.from("{not json") }), 400, "invalid_json");
  await expectError(await post({ plan: "small", template: "busybox", hostname: "-bad-" }), 400, "invalid_request", /^hostname/);
  await expectError(await post({ plan: "small", template: "busybox" }), 400, "invalid_request", /^hostname/);
  await expectError(await post({ plan: "no-such-plan", template: "busybox", hostname: "ok" }), 422, "unknown_plan", /plan/);
  await expectError(await post({ plan: "small", template: "no-such-template", hostname: "ok" }), 422, "unknown_template", /template/);
  expect(await stackDatabase().server.count()).toBe(before);
});

test("ordering a server answers 202 with the pending server and its job, which makes it run", async ({ request }) => {
  const response = await request.post("/api/v1/servers", { headers: customerA.headers, data: { plan: "small", template: "busybox", hostname: "api-one" } });
  expect(response.status()).toBe(202);
  const { server, job } = await response.json();
  expect(server).toMatchObject({ hostname: "api-one", status: "pending", plan: "small", template: "busybox" });
  expect(server.containerName).toBeUndefined();
  serverId = server.id;
  expect((await waitForJob(request, customerA, job.id)).state).toBe("completed");

  const fetched = await (await request.get(`/api/v1/servers/${serverId}`, { headers: customerA.headers })).json();
  expect(fetched.server).toMatchObject({ id: serverId, status: "running", ipv4: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), ipv6: expect.stringContaining(":") });
  expect(fetched.server.host).toBeUndefined();
});

test("admins also see the host and the container name", async ({ request }) => {
  const { server } = await (await request.get(`/api/v1/servers/${serverId}`, { headers: admin.headers })).json();
  expect(server.host).toBe("local");
  expect(server.containerName).toMatch(/^berth-/);
});

test("another customer's server, job and actions are 404, and nothing changes", async ({ request }) => {
  const list = await (await request.get("/api/v1/servers", { headers: customerB.headers })).json();
  expect(list.servers.map((server: { id: string }) => server.id)).not.toContain(serverId);
  await expectError(await request.get(`/api/v1/servers/${serverId}`, { headers: customerB.headers }), 404, "not_found");
  await expectError(await request.post(`/api/v1/servers/${serverId}/actions`, { headers: customerB.headers, data: { type: "stop" } }), 404, "not_found");
  await expectError(await request.delete(`/api/v1/servers/${serverId}`, { headers: customerB.headers }), 404, "not_found");
  const job = await stackDatabase().job.findFirstOrThrow({ where: { serverId } });
  await expectError(await request.get(`/api/v1/jobs/${job.id}`, { headers: customerB.headers }), 404, "not_found");
  await expectError(await request.get("/api/v1/servers/no-such-server", { headers: customerA.headers }), 404, "not_found");
  const server = await stackDatabase().server.findUniqueOrThrow({ where: { id: serverId } });
  expect(server.status).toBe("running");
  expect(server.activeJobId).toBeNull();
});

test("bad actions are refused with the right status", async ({ request }) => {
  const act = (data: unknown) => request.post(`/api/v1/servers/${serverId}/actions`, { headers: customerA.headers, data });
  await expectError(await act({ type: "explode" }), 400, "invalid_request", /^type/);
  await expectError(await act({ type: "resize" }), 400, "invalid_request", /^plan/);
  await expectError(await act({ type: "resize", plan: "no-such-plan" }), 422, "unknown_plan");
  await expectError(await act({ type: "suspend" }), 403, "forbidden");
  expect(await stackDatabase().job.count({ where: { serverId, type: "serverAction" } })).toBe(0);
});

test("an action answers 202 with a job; a second one while it runs is 409", async ({ request }) => {
  const response = await request.post(`/api/v1/servers/${serverId}/actions`, { headers: customerA.headers, data: { type: "stop" } });
  expect(response.status()).toBe(202);
  const { job } = await response.json();
  expect(job).toMatchObject({ type: "serverAction", serverId });
  await expectError(await request.post(`/api/v1/servers/${serverId}/actions`, { headers: customerA.headers, data: { type: "start" } }), 409, "server_busy");
  expect((await waitForJob(request, customerA, job.id)).state).toBe("completed");
  const { server } = await (await request.get(`/api/v1/servers/${serverId}`, { headers: customerA.headers })).json();
  expect(server.status).toBe("stopped");
});

test("terminating answers 202 with a job, and repeating it answers the same job", async ({ request }) => {
  const first = await request.delete(`/api/v1/servers/${serverId}`, { headers: customerA.headers });
  expect(first.status()).toBe(202);
  const { job } = await first.json();
  expect((await waitForJob(request, customerA, job.id)).state).toBe("completed");
  const again = await request.delete(`/api/v1/servers/${serverId}`, { headers: customerA.headers });
  expect(again.status()).toBe(202);
  expect((await again.json()).job.id).toBe(job.id);
  const { server } = await (await request.get(`/api/v1/servers/${serverId}`, { headers: customerA.headers })).json();
  expect(server).toMatchObject({ status: "terminated", ipv4: null, ipv6: null });
  await expectError(await request.post(`/api/v1/servers/${serverId}/actions`, { headers: customerA.headers, data: { type: "start" } }), 409, "server_terminated");
});

/** Every page of a list at `limit` rows a page, following nextCursor: the ids seen and how many pages. */
async function pageThrough(request: APIRequestContext, caller: Caller, path: string, key: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await request.get(`${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: caller.headers });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & { nextCursor: string | null };
    const rows = body[key] as Array<{ id: string }>;
    expect(rows.length).toBeLessThanOrEqual(limit);
    ids.push(...rows.map((row) => row.id));
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

test("lists are paged with ?limit=&cursor=, newest first, and a reseller pages only through its own rows", async ({ request }) => {
  const database = stackDatabase();
  const plan = await database.plan.findUniqueOrThrow({ where: { slug: "small" } });
  const template = await database.template.findUniqueOrThrow({ where: { slug: "busybox" } });
  // Rows straight in the database (terminated servers, so no console or worker picks them up).
  const seedTenant = async (customers: number) => {
    const reseller = await seedCaller("reseller");
    const customerIds: string[] = [];
    const serverIds: string[] = [];
    const jobIds: string[] = [];
    for (let index = 0; index < customers; index++) {
      const customer = await seedCaller("customer", { resellerId: reseller.user.id });
      customerIds.push(customer.user.id);
      const name = `paged-${customer.user.id.slice(-8)}`;
      const server = await database.server.create({ data: { hostname: name, containerName: name, ownerId: customer.user.id, planId: plan.id, templateId: template.id, status: "terminated" } });
      serverIds.push(server.id);
      jobIds.push((await database.job.create({ data: { type: "serverAction", serverId: server.id, state: "completed", payload: "{}" } })).id);
    }
    return { reseller, customerIds, serverIds, jobIds };
  };
  const a = await seedTenant(5);
  const b = await seedTenant(2);

  const sorted = (ids: string[]) => [...ids].sort();
  const servers = await pageThrough(request, a.reseller, "/api/v1/servers", "servers", 2);
  expect(servers.pages).toBe(3);
  expect(sorted(servers.ids)).toEqual(sorted(a.serverIds));
  expect(servers.ids).toEqual([...a.serverIds].reverse());

  const jobs = await pageThrough(request, a.reseller, "/api/v1/jobs", "jobs", 2);
  expect(sorted(jobs.ids)).toEqual(sorted(a.jobIds));

  const customers = await pageThrough(request, a.reseller, "/api/v1/customers", "customers", 2);
  expect(customers.pages).toBe(3);
  expect(sorted(customers.ids)).toEqual(sorted(a.customerIds));

  const events = await pageThrough(request, a.reseller, "/api/v1/audit", "events", 2);
  const trail = await database.auditEvent.findMany({ where: { OR: [{ resellerId: a.reseller.user.id }, { tenantId: a.reseller.user.id }, { actorId: a.reseller.user.id }] } });
  expect(events.pages).toBeGreaterThan(1);
  expect(sorted(events.ids)).toEqual(sorted(trail.map((event) => event.id)));
  expect(new Set(events.ids).size).toBe(events.ids.length);

  // B's rows are in none of A's pages, and B's pages are B's.
  const seenByA = new Set([...servers.ids, ...jobs.ids, ...customers.ids]);
  for (const id of [...b.serverIds, ...b.jobIds, ...b.customerIds]) expect(seenByA.has(id)).toBe(false);
  expect(sorted((await pageThrough(request, b.reseller, "/api/v1/servers", "servers", 1)).ids)).toEqual(sorted(b.serverIds));

  // One page's answer: the rows under their key and the next page's cursor; the default page is 50.
  const first = await (await request.get("/api/v1/customers?limit=1", { headers: a.reseller.headers })).json();
  expect(first.customers[0]).toEqual({ id: a.customerIds[4], email: expect.any(String), name: expect.any(String), suspended: false, createdAt: expect.any(String) });
  expect(typeof first.nextCursor).toBe("string");
  const whole = await (await request.get("/api/v1/customers", { headers: a.reseller.headers })).json();
  expect(whole.customers).toHaveLength(5);
  expect(whole.nextCursor).toBeNull();
  const ofAdmin = await (await request.get("/api/v1/customers?limit=100", { headers: admin.headers })).json();
  expect(ofAdmin.customers.find((customer: { id: string }) => customer.id === a.customerIds[0]).reseller).toBe(a.reseller.user.id);
  const event = (await (await request.get("/api/v1/audit?limit=1", { headers: customerA.headers })).json()).events[0];
  expect(Object.keys(event).sort()).toEqual(["action", "actorType", "createdAt", "details", "id", "ipAddress", "result", "targetId", "targetType"]);

  // Bad page parameters are 400s naming the field; customers may not list customers.
  for (const limit of ["0", "101", "ten"]) await expectError(await request.get(`/api/v1/servers?limit=${limit}`, { headers: a.reseller.headers }), 400, "invalid_request", /^limit/);
  await expectError(await request.get("/api/v1/jobs?cursor=not-a-cursor", { headers: a.reseller.headers }), 400, "invalid_cursor", /^cursor/);
  await expectError(await request.get("/api/v1/customers", { headers: customerA.headers }), 403, "forbidden");
});

test("too many requests from one token are answered 429 with Retry-After", async ({ request }) => {
  const caller = await seedCaller("customer");
  const limit = Number(process.env.BERTH_API_RATE_LIMIT ?? 600);
  let limited: Awaited<ReturnType<APIRequestContext["get"]>> | undefined;
  for (let attempt = 0; attempt <= limit && !limited; attempt++) {
    const response = await request.get("/api/v1/plans", { headers: caller.headers });
    if (response.status() === 429) limited = response;
  }
  expect(limited, `no 429 within ${limit + 1} requests`).toBeDefined();
  await expectError(limited!, 429, "rate_limited");
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
});
