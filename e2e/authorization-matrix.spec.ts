import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { serverActionCatalogue } from "../lib/action-catalogue/catalogue";
import type { Requester, ServerActionDefinition } from "../lib/action-catalogue/define-server-action";
import { seedCaller, stackDatabase } from "./support/stack-database";

// Every API route, for every kind of caller: allowed (the status an allowed caller gets) or denied
// (404 for things that exist but are not yours, 403, 401). The list of routes is read from app/api,
// so a new route fails this test until it is added below.

type Role = "admin" | "resellerA" | "resellerB" | "customerOfA" | "customerOfB" | "anonymous";
const roles: Role[] = ["admin", "resellerA", "resellerB", "customerOfA", "customerOfB", "anonymous"];
type Expected = Record<Role, number>;

interface Fixture {
  headers: Record<Role, Record<string, string>>;
  serverOfA: string;
  terminatedServerOfA: string;
  pendingServerOfA: string;
  jobOfA: string;
  orderOfA: string;
  customerOfA: string;
  auditEventOfA: string;
}

interface RouteCase {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: (fixture: Fixture) => string;
  body?: unknown;
  expected: Expected;
  /** Extra checks of what each caller was shown. */
  check?: (role: Role, body: unknown, fixture: Fixture) => void;
}

const everyone = (status: number): Expected => Object.fromEntries(roles.map((role) => [role, status])) as Expected;
const signedIn = (status: number): Expected => ({ ...everyone(status), anonymous: 401 });
// Servers of customer A: visible to the admin, reseller A and customer A only.
const tenantOfA = (allowed: number, customerOfA = allowed): Expected => ({
  admin: allowed,
  resellerA: allowed,
  resellerB: 404,
  customerOfA,
  customerOfB: 404,
  anonymous: 401,
});

const adminOnly = (allowed: number): Expected => ({ ...signedIn(403), admin: allowed });

// In which capacity each caller acts on customer A's servers (null: it cannot see them).
const capacityOnA: Record<Role, Requester | null> = { admin: "admin", resellerA: "reseller", customerOfA: "customer", resellerB: null, customerOfB: null, anonymous: null };

/**
 * POST /actions for every catalogue action without a route of its own, on customer A's
 * terminated server: generated from the catalogue, so a new action is covered without a new row.
 */
const catalogueActionCases: RouteCase[] = (serverActionCatalogue as readonly ServerActionDefinition[])
  .filter((entry) => !entry.ownRestRoute)
  .map((entry) => ({
    method: "POST",
    path: (fixture: Fixture) => `/api/v1/servers/${fixture.terminatedServerOfA}/actions`,
    body: { type: entry.type, plan: "small", template: "busybox", reason: "matrix", rootPassword: "matrix-password" },
    expected: Object.fromEntries(
      roles.map((role) => {
        const capacity = capacityOnA[role];
        return [role, role === "anonymous" ? 401 : capacity === null ? 404 : entry.requesters.includes(capacity) ? 409 : 403];
      }),
    ) as Expected,
  }));

const matrix: Record<string, RouteCase[]> = {
  "api/v1/openapi.json": [{ method: "GET", path: () => "/api/v1/openapi.json", expected: everyone(200) }],
  "api/v1/plans": [{ method: "GET", path: () => "/api/v1/plans", expected: signedIn(200) }],
  // Stock is for the admin and resellers offering the plan; the fixture's resellers offer none (404), customers may never ask (403).
  "api/v1/plans/[slug]/availability": [
    {
      method: "GET",
      path: () => "/api/v1/plans/small/availability",
      expected: { admin: 200, resellerA: 404, resellerB: 404, customerOfA: 403, customerOfB: 403, anonymous: 401 },
      check: (role, body) => {
        if (role === "admin") expect(body).toMatchObject({ plan: "small", available: expect.any(Boolean), servers: expect.any(Number), hosts: expect.any(Number) });
      },
    },
  ],
  "api/v1/templates": [{ method: "GET", path: () => "/api/v1/templates", expected: signedIn(200) }],
  "api/v1/servers": [
    {
      method: "GET",
      // The largest page, so rows other tests add meanwhile do not push A's server off it.
      path: () => "/api/v1/servers?limit=100",
      expected: signedIn(200),
      check: (role, body, fixture) => {
        const ids = (body as { servers: Array<{ id: string }> }).servers.map((server) => server.id);
        const seesA = ["admin", "resellerA", "customerOfA"].includes(role);
        expect(ids.includes(fixture.serverOfA), `${role} sees customer A's server: ${seesA}`).toBe(seesA);
      },
    },
    // Ordering is for oneself; a bad body proves the caller got past authentication without ordering.
    { method: "POST", path: () => "/api/v1/servers", body: { plan: "small" }, expected: signedIn(400) },
  ],
  "api/v1/servers/[id]": [
    { method: "GET", path: (fixture) => `/api/v1/servers/${fixture.serverOfA}`, expected: tenantOfA(200) },
    // A pending server cannot be terminated yet: 409 shows the caller was allowed to try.
    { method: "DELETE", path: (fixture) => `/api/v1/servers/${fixture.pendingServerOfA}`, expected: tenantOfA(409) },
  ],
  "api/v1/servers/[id]/actions": [
    // An unknown plan is 422 only for callers allowed to act on the server.
    { method: "POST", path: (fixture) => `/api/v1/servers/${fixture.serverOfA}/actions`, body: { type: "resize", plan: "no-such-plan" }, expected: tenantOfA(422) },
    ...catalogueActionCases,
  ],
  // The lists are paged; the largest page holds the fixture's rows even while other tests add theirs.
  "api/v1/jobs": [
    {
      method: "GET",
      path: () => "/api/v1/jobs?limit=100",
      expected: signedIn(200),
      check: (role, body, fixture) => {
        const ids = (body as { jobs: Array<{ id: string }> }).jobs.map((job) => job.id);
        const seesA = ["admin", "resellerA", "customerOfA"].includes(role);
        expect(ids.includes(fixture.jobOfA), `${role} sees customer A's job: ${seesA}`).toBe(seesA);
      },
    },
  ],
  // Customers are listed to the admin and resellers (their own); a customer may never list them.
  "api/v1/customers": [
    {
      method: "GET",
      path: () => "/api/v1/customers?limit=100",
      expected: { admin: 200, resellerA: 200, resellerB: 200, customerOfA: 403, customerOfB: 403, anonymous: 401 },
      check: (role, body, fixture) => {
        const ids = (body as { customers: Array<{ id: string }> }).customers.map((customer) => customer.id);
        const seesA = ["admin", "resellerA"].includes(role);
        expect(ids.includes(fixture.customerOfA), `${role} sees customer A: ${seesA}`).toBe(seesA);
      },
    },
  ],
  // Login links for a customer: its operators only (the admin, its own reseller).
  "api/v1/customers/[id]/login-links": [
    { method: "POST", path: (fixture) => `/api/v1/customers/${fixture.customerOfA}/login-links`, body: {}, expected: { admin: 201, resellerA: 201, resellerB: 404, customerOfA: 403, customerOfB: 403, anonymous: 401 } },
  ],
  // Outgoing webhooks: admins and resellers, each their own (admins share the admins').
  "api/v1/webhooks": [
    { method: "GET", path: () => "/api/v1/webhooks", expected: { ...signedIn(200), customerOfA: 403, customerOfB: 403 } },
    { method: "POST", path: () => "/api/v1/webhooks", body: { url: "ftp://matrix.test/hook", events: ["server.ready"] }, expected: { ...signedIn(400), customerOfA: 403, customerOfB: 403 } },
  ],
  "api/v1/webhooks/[id]": [{ method: "DELETE", path: () => "/api/v1/webhooks/no-such-webhook", expected: { ...signedIn(404), customerOfA: 403, customerOfB: 403 } }],
  "api/v1/webhooks/[id]/deliveries": [{ method: "GET", path: () => "/api/v1/webhooks/no-such-webhook/deliveries", expected: { ...signedIn(404), customerOfA: 403, customerOfB: 403 } }],
  "api/v1/webhook-deliveries/[id]/redeliveries": [
    { method: "POST", path: () => "/api/v1/webhook-deliveries/no-such-delivery/redeliveries", expected: { ...signedIn(404), customerOfA: 403, customerOfB: 403 } },
  ],
  // The signed-out pages' forms take no credentials, but only from the panel's own pages (Origin):
  // a call from anywhere else is refused whoever makes it.
  "api/password-reset-requests": [{ method: "POST", path: () => "/api/password-reset-requests", body: { email: "nobody@matrix.test" }, expected: everyone(403) }],
  "api/password-links": [{ method: "POST", path: () => "/api/password-links", body: { token: "x", password: "matrix-password" }, expected: everyone(403) }],
  "api/v1/audit": [
    {
      method: "GET",
      path: () => "/api/v1/audit?limit=100",
      expected: signedIn(200),
      check: (role, body, fixture) => {
        const ids = (body as { events: Array<{ id: string }> }).events.map((event) => event.id);
        const seesA = ["admin", "resellerA", "customerOfA"].includes(role);
        expect(ids.includes(fixture.auditEventOfA), `${role} sees customer A's audit event: ${seesA}`).toBe(seesA);
      },
    },
  ],
  "api/v1/jobs/[id]": [{ method: "GET", path: (fixture) => `/api/v1/jobs/${fixture.jobOfA}`, expected: tenantOfA(200) }],
  // A server's network: its tenants read it; a terminated server's firewall cannot change (409).
  "api/v1/servers/[id]/firewall": [
    { method: "GET", path: (fixture) => `/api/v1/servers/${fixture.serverOfA}/firewall`, expected: tenantOfA(200) },
    { method: "PUT", path: (fixture) => `/api/v1/servers/${fixture.terminatedServerOfA}/firewall`, body: { preset: "ssh_only" }, expected: tenantOfA(409) },
  ],
  "api/v1/servers/[id]/usage": [{ method: "GET", path: (fixture) => `/api/v1/servers/${fixture.serverOfA}/usage`, expected: tenantOfA(200) }],
  "api/v1/servers/[id]/metrics": [{ method: "GET", path: (fixture) => `/api/v1/servers/${fixture.serverOfA}/metrics?period=7d`, expected: tenantOfA(200) }],
  // Port forwards are the admin's to give (403 for the server's other tenants); the fixture's server has no host yet (409).
  "api/v1/servers/[id]/port-forwards": [
    { method: "GET", path: (fixture) => `/api/v1/servers/${fixture.serverOfA}/port-forwards`, expected: tenantOfA(200) },
    { method: "PUT", path: (fixture) => `/api/v1/servers/${fixture.serverOfA}/port-forwards`, body: { portForwards: [] }, expected: { ...tenantOfA(403), admin: 409 } },
  ],
  // Address pools are the admin console's: everyone else is answered as if there were none (404).
  // Hosts are the admin's alone (others are told nothing exists); an empty body or unknown host gets the admin as far as validation.
  "api/v1/hosts": [
    { method: "GET", path: () => "/api/v1/hosts", expected: { ...signedIn(404), admin: 200 } },
    { method: "POST", path: () => "/api/v1/hosts", body: {}, expected: { ...signedIn(404), admin: 400 } },
  ],
  "api/v1/hosts/[id]": [
    { method: "GET", path: () => "/api/v1/hosts/no-such-host", expected: signedIn(404) },
    { method: "PATCH", path: () => "/api/v1/hosts/no-such-host", body: { draining: true }, expected: signedIn(404) },
    { method: "DELETE", path: () => "/api/v1/hosts/no-such-host", expected: signedIn(404) },
  ],
  // The join token in the body is the only credential: a wrong one is refused whoever asks.
  "api/agent/join": [{ method: "POST", path: () => "/api/agent/join", body: {}, expected: everyone(400) }],
  "api/v1/ip-pools": [{ method: "GET", path: () => "/api/v1/ip-pools", expected: { ...signedIn(404), admin: 200 } }],
  "api/v1/ip-pools/ranges": [{ method: "POST", path: () => "/api/v1/ip-pools/ranges", body: {}, expected: { ...signedIn(404), admin: 400 } }],
  "api/v1/ip-pools/[id]": [{ method: "PATCH", path: () => "/api/v1/ip-pools/no-such-pool", body: { mode: "nat" }, expected: signedIn(404) }],
  // Images are for admins only (403 by role). Bad bodies stop the admin before anything is queued.
  "api/v1/images": [{ method: "GET", path: () => "/api/v1/images", expected: adminOnly(200) }],
  "api/v1/images/builds": [{ method: "POST", path: () => "/api/v1/images/builds", body: { image: "no-such-image" }, expected: adminOnly(422) }],
  "api/v1/images/imports": [{ method: "POST", path: () => "/api/v1/images/imports", body: { image: "matrix", path: "relative.tar" }, expected: adminOnly(400) }],
  "api/images/uploads": [{ method: "POST", path: () => "/api/images/uploads?name=not-a-tarball.txt", body: {}, expected: adminOnly(400) }],
  "api/servers/[id]/activity": [{ method: "GET", path: (fixture) => `/api/servers/${fixture.serverOfA}/activity`, expected: tenantOfA(200) }],
  // Orders are scoped like servers: their customer, its reseller and the admin.
  "api/orders/[id]/progress": [{ method: "GET", path: (fixture) => `/api/orders/${fixture.orderOfA}/progress`, expected: tenantOfA(200) }],
  // Billing webhooks authenticate by signature only: a bearer token or session is not enough.
  "api/webhooks/billing": [{ method: "POST", path: () => "/api/webhooks/billing", body: { id: "x", type: "service.terminate", data: { serviceId: "x" } }, expected: everyone(401) }],
  "api/webhooks/billing/[endpointId]": [
    { method: "POST", path: () => "/api/webhooks/billing/no-such-endpoint", body: { id: "x", type: "service.terminate", data: { serviceId: "x" } }, expected: everyone(401) },
  ],
  // Paths no route answers: the same JSON 404 for everyone, before any authentication.
  "api/[...path]": (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method) => ({ method, path: () => "/api/v1/no-such-route/1", expected: everyone(404) })),
  // next-auth's own routes: public by design (session, CSRF token, providers).
  "api/auth/[...nextauth]": [{ method: "GET", path: () => "/api/auth/providers", expected: everyone(200) }],
  // Liveness and readiness for load balancers: public by design, and they say nothing but ok or what failed.
  "api/health/live": [{ method: "GET", path: () => "/api/health/live", expected: everyone(200) }],
  "api/health/ready": [{ method: "GET", path: () => "/api/health/ready", expected: everyone(200) }],
};

function routeFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

test("every API route and method is in the authorization matrix", () => {
  const found = routeFiles("app/api").flatMap((file) => {
    const route = path.relative("app", path.dirname(file));
    const source = readFileSync(file, "utf8");
    const methods = [
      ...[...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1]),
      ...[...source.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1]),
    ];
    // next-auth's handler exports GET and POST from one function; the GET probe stands for both.
    return [...new Set(methods)].filter((method) => !(route === "api/auth/[...nextauth]" && method === "POST")).map((method) => `${method} ${route}`);
  });
  const covered = Object.entries(matrix).flatMap(([route, cases]) => [...new Set(cases.map((entry) => `${entry.method} ${route}`))]);
  expect(found.sort()).toEqual(covered.sort());
});

test("each caller is allowed or denied exactly as the matrix says, and denied calls change nothing", async ({ request }) => {
  const database = stackDatabase();
  const resellerA = await seedCaller("reseller");
  const resellerB = await seedCaller("reseller");
  const customerOfA = await seedCaller("customer", { resellerId: resellerA.user.id });
  const customerOfB = await seedCaller("customer", { resellerId: resellerB.user.id });
  const admin = await seedCaller("admin");
  const plan = await database.plan.findUniqueOrThrow({ where: { slug: "small" } });
  const template = await database.template.findUniqueOrThrow({ where: { slug: "busybox" } });
  const serverFor = async (ownerId: string, status: string) => {
    const name = `matrix-${randomBytes(5).toString("hex")}`;
    return database.server.create({ data: { hostname: name, ownerId, planId: plan.id, templateId: template.id, containerName: name, status } });
  };
  const serverOfA = await serverFor(customerOfA.user.id, "running");
  const terminatedServerOfA = await serverFor(customerOfA.user.id, "terminated");
  const pendingServerOfA = await serverFor(customerOfA.user.id, "pending");
  await serverFor(customerOfB.user.id, "running");
  const order = await database.order.create({ data: { customerId: customerOfA.user.id, planId: plan.id, templateId: template.id, hostname: "matrix-order" } });
  const job = await database.job.create({ data: { type: "serverAction", serverId: serverOfA.id, state: "completed", payload: "{}" } });
  const fixture: Fixture = {
    headers: { admin: admin.headers, resellerA: resellerA.headers, resellerB: resellerB.headers, customerOfA: customerOfA.headers, customerOfB: customerOfB.headers, anonymous: {} },
    serverOfA: serverOfA.id,
    terminatedServerOfA: terminatedServerOfA.id,
    pendingServerOfA: pendingServerOfA.id,
    jobOfA: job.id,
    orderOfA: order.id,
    customerOfA: customerOfA.user.id,
    // Creating customer A's token recorded it (about A, under reseller A).
    auditEventOfA: (await database.auditEvent.findFirstOrThrow({ where: { actorId: customerOfA.user.id, action: "api_token.create" } })).id,
  };
  const snapshot = async () => ({
    servers: await database.server.findMany({ where: { ownerId: { in: [customerOfA.user.id, customerOfB.user.id] } }, orderBy: { id: "asc" } }),
    jobs: await database.job.count(),
    orders: await database.order.count(),
  });
  const before = await snapshot();

  const failures: string[] = [];
  for (const [route, cases] of Object.entries(matrix)) {
    for (const routeCase of cases) {
      for (const role of roles) {
        const url = routeCase.path(fixture);
        const response = await request.fetch(url, {
          method: routeCase.method,
          headers: { ...fixture.headers[role], ...(routeCase.body ? { "Content-Type": "application/json" } : {}) },
          data: routeCase.body ? JSON.stringify(routeCase.body) : undefined,
        });
        const expected = routeCase.expected[role];
        if (response.status() !== expected) {
          failures.push(`${routeCase.method} ${route} as ${role}: expected ${expected}, got ${response.status()} ${await response.text()}`);
          continue;
        }
        if (expected >= 400 && route.startsWith("api/") && !route.startsWith("api/auth")) {
          const body = (await response.json()) as { error?: { code?: string } };
          if (!body.error?.code) failures.push(`${routeCase.method} ${route} as ${role}: error body has no code`);
        }
        if (routeCase.check && expected === 200) routeCase.check(role, await response.json(), fixture);
      }
    }
  }
  expect(failures).toEqual([]);
  // Nothing the matrix sent was allowed to change anything.
  expect(await snapshot()).toEqual(before);
});
