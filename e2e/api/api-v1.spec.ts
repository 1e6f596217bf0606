import { expect, test, type APIRequestContext } from "@playwright/test";
import { seedCaller, stackDatabase } from "../support/stack-database";

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
  expect(Object.keys(document.paths).sort()).toEqual(["/jobs/{id}", "/plans", "/servers", "/servers/{id}", "/servers/{id}/actions", "/templates"]);
  const hostname = document.paths["/servers"].post.requestBody.content["application/json"].schema.properties.hostname;
  expect(hostname.pattern).toBeTruthy();
  const actionTypes = document.paths["/servers/{id}/actions"].post.requestBody.content["application/json"].schema.oneOf.map(
    (variant: { properties: { type: { const: string } } }) => variant.properties.type.const,
  );
  expect(actionTypes).toEqual(["start", "stop", "reboot", "rescue", "unrescue", "resize", "reinstall", "suspend", "unsuspend"]);
  const statuses = document.paths["/servers/{id}"].get.responses["200"].content["application/json"].schema.properties.server.properties.status.enum;
  expect(statuses).toEqual(["pending", "provisioning", "running", "stopped", "suspended", "rescue", "failed", "terminated"]);
});

test("requests without a valid token are refused with 401", async ({ request }) => {
  await expectError(await request.get("/api/v1/servers"), 401, "unauthenticated");
  await expectError(await request.get("/api/v1/servers", { headers: { Authorization: "Basic abc" } }), 401, "unauthenticated", /Bearer/);
  await expectError(await request.get("/api/v1/servers", { headers: { Authorization: "Bearer berth_not-a-real-token" } }), 401, "unauthenticated");
  const revoked = await seedCaller("customer");
  await stackDatabase().apiToken.update({ where: { id: revoked.tokenId }, data: { revokedAt: new Date() } });
  await expectError(await request.get("/api/v1/servers", { headers: revoked.headers }), 401, "unauthenticated", /revoked/);
});

test("plans and templates are listed", async ({ request }) => {
  const plans = await (await request.get("/api/v1/plans", { headers: customerA.headers })).json();
  expect(plans.plans.map((plan: { slug: string }) => plan.slug)).toEqual(expect.arrayContaining(["small", "medium"]));
  expect(plans.plans[0]).toMatchObject({ vcpus: expect.any(Number), memoryMb: expect.any(Number), diskMb: expect.any(Number) });
  const templates = await (await request.get("/api/v1/templates", { headers: customerA.headers })).json();
  expect(templates.templates).toContainEqual({ slug: "busybox", name: expect.any(String) });
  expect((await stackDatabase().apiToken.findUniqueOrThrow({ where: { id: customerA.tokenId } })).lastUsedAt).not.toBeNull();
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
