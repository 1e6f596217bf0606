import { expect, test, type APIRequestContext } from "@playwright/test";
import { execFile } from "node:child_process";
import { generateKeyPairSync, randomBytes, randomInt } from "node:crypto";
import { fileURLToPath } from "node:url";
import { seedCaller, stackDatabase, terminateServers } from "../support/stack-database";

/*
 * The WHMCS provisioning module (integrations/whmcs), run the way WHMCS runs it: each module
 * function is called by php-cli with the parameter array WHMCS documents, against this running
 * Berth, and what it did is checked in Berth (REST API as the admin whose token the module has,
 * the stack's database for what the API does not show).
 */

test.describe.configure({ mode: "serial" });

const runner = fileURLToPath(new URL("../../integrations/whmcs/tests/run.php", import.meta.url));
const panel = new URL(process.env.BERTH_E2E_URL ?? "http://127.0.0.1:3100");
const billingSecret = () => {
  const secret = process.env.BERTH_BILLING_SECRET;
  if (!secret) throw new Error("BERTH_BILLING_SECRET is not set");
  return secret;
};

type Params = Record<string, unknown>;
type ModuleLog = Array<{ action: string; request: string; response: string; processed: string }>;
type Server = { id: string; hostname: string; status: string; plan: string; template: string; ipv4: string | null; ipv6: string | null; ipv6Prefix: string | null; hostKeys: Array<{ type: string; fingerprint: string }> };

/** Calls berth_<name>($params) through tests/run.php; fails on any PHP warning or notice. */
function callModule(name: string, params: Params): Promise<{ result: unknown; log: ModuleLog }> {
  return new Promise((resolve, reject) => {
    const child = execFile("php", [runner, name], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error || stderr !== "") return reject(new Error(`php ${name} failed (${error?.message ?? "warnings"}): ${stderr}${stdout}`));
      resolve(JSON.parse(stdout) as { result: unknown; log: ModuleLog });
    });
    child.stdin?.end(JSON.stringify(params));
  });
}

async function moduleResult(name: string, params: Params): Promise<unknown> {
  return (await callModule(name, params)).result;
}

/** An OpenSSH ed25519 public key line, as a client pastes it into the product's custom field. */
function sshPublicKey(): string {
  const raw = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const field = (value: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, value.length]), value]);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from("ssh-ed25519")), field(raw)]).toString("base64")} whmcs-client@e2e`;
}

const serviceId = randomInt(100_000, 999_999);
const email = `whmcs-${randomBytes(3).toString("hex")}@e2e.test`;
const rootPassword = `Wh/"cs-${randomBytes(6).toString("hex")}`;
const clientKey = sshPublicKey();
let token: string;
let headers: Record<string, string>;

/** The parameters WHMCS passes every function of a server module (developers.whmcs.com, "Module Parameters"). */
function whmcsParams(overrides: Params = {}): Params {
  return {
    serviceid: serviceId,
    userid: 7,
    pid: 3,
    serverid: 1,
    domain: "ada-vps.example.com",
    username: "adavpsex",
    password: rootPassword,
    producttype: "server",
    moduletype: "berth",
    configoption1: "small",
    configoption2: "busybox",
    configoption3: "SSH public key",
    clientsdetails: { userid: 7, id: 7, firstname: "Ada", lastname: "Lovelace", fullname: "Ada Lovelace", companyname: "", email, country: "GB" },
    customfields: { "SSH public key": `${clientKey}\n` },
    configoptions: {},
    server: true,
    serverip: "127.0.0.1",
    serverhostname: panel.host,
    serverusername: "",
    serverpassword: billingSecret(),
    serveraccesshash: token,
    serversecure: "",
    serverport: "",
    ...overrides,
  };
}

async function serverOfService(request: APIRequestContext): Promise<Server | undefined> {
  const response = await request.get(`/api/v1/servers?serviceId=${serviceId}`, { headers });
  expect(response.status()).toBe(200);
  const { servers } = (await response.json()) as { servers: Server[] };
  expect(servers.length).toBeLessThanOrEqual(1);
  return servers[0];
}

/**
 * Waits until the service's server has the status and no action is running on it (read from the
 * database, so the wait does not spend the token's rate limit), then answers it from the REST API.
 */
async function waitForService(request: APIRequestContext, status: string): Promise<Server> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const order = await stackDatabase().order.findFirst({ where: { billingEndpoint: "admin", billingServiceId: String(serviceId) }, include: { server: true } });
    if (order?.server?.status === status && order.server.activeJobId === null) break;
    if (Date.now() > deadline) throw new Error(`service ${serviceId} is ${order?.server?.status ?? "absent"}, not ${status} (${order?.server?.statusMessage ?? ""})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const server = await serverOfService(request);
  expect(server?.status).toBe(status);
  return server as Server;
}

test.beforeAll(async () => {
  const admin = await seedCaller("admin");
  token = admin.token;
  headers = admin.headers;
});

// A failed step leaves no server behind: the e2e host holds only a few at once.
test.afterAll(async ({ request }) => {
  const server = await serverOfService(request);
  if (server && server.status !== "terminated") await terminateServers(request, headers, [server.id]);
});

test("TestConnection checks the token and the webhook secret", async () => {
  expect(await moduleResult("TestConnection", whmcsParams())).toEqual({ success: true, error: "" });

  const wrongSecret = (await moduleResult("TestConnection", whmcsParams({ serverpassword: "whsec_not_the_secret" }))) as { success: boolean; error: string };
  expect(wrongSecret.success).toBe(false);
  expect(wrongSecret.error).toMatch(/^Berth: Berth-Signature does not match the body \(unauthenticated\); check the server's Password/);

  const wrongToken = (await moduleResult("TestConnection", whmcsParams({ serveraccesshash: "berth_not-a-token" }))) as { success: boolean; error: string };
  expect(wrongToken.success).toBe(false);
  expect(wrongToken.error).toMatch(/^Berth: .*\(unauthenticated\); check the server's Access Hash/);

  const unreachable = (await moduleResult("TestConnection", whmcsParams({ serverhostname: "127.0.0.1:1" }))) as { success: boolean; error: string };
  expect(unreachable).toEqual({ success: false, error: "Berth: could not reach http://127.0.0.1:1 (Connection refused)" });
});

test("CreateAccount refused: a readable reason, and no order", async () => {
  expect(await moduleResult("CreateAccount", whmcsParams({ configoption1: "no-such-plan" }))).toBe('Berth: plan: no active plan is called "no-such-plan" (unknown_plan)');
  expect(await moduleResult("CreateAccount", whmcsParams({ serverpassword: "whsec_not_the_secret" }))).toMatch(/^Berth: Berth-Signature does not match the body \(unauthenticated\); check/);
  expect(await stackDatabase().order.count({ where: { billingServiceId: String(serviceId) } })).toBe(0);
});

test("CreateAccount creates the customer and a running server; retried, it creates nothing more", async ({ request }) => {
  // The same service as the refused create: its corrected retry is a new event, not the stored refusal.
  const { result, log } = await callModule("CreateAccount", whmcsParams());
  expect(result).toBe("success");
  // WHMCS's module log would hold the request, never the secret, the token or root's password.
  expect(log.map((entry) => entry.action)).toEqual(["CreateAccount", "CreateAccount"]);
  for (const entry of log) {
    for (const text of [entry.request, entry.response, entry.processed]) {
      for (const secret of [billingSecret(), token, rootPassword, JSON.stringify(rootPassword).slice(1, -1)]) expect(text).not.toContain(secret);
    }
  }

  const server = await waitForService(request, "running");
  expect(server).toMatchObject({ hostname: "ada-vps", plan: "small", template: "busybox" });
  const customers = await (await request.get(`/api/v1/customers?email=${encodeURIComponent(email)}`, { headers })).json();
  expect(customers.customers).toEqual([expect.objectContaining({ email, name: "Ada Lovelace", suspended: false })]);
  const row = await stackDatabase().server.findUniqueOrThrow({ where: { id: server.id }, include: { owner: true } });
  expect(row.owner).toMatchObject({ id: customers.customers[0].id, role: "customer", resellerId: null });
  // The client's key and WHMCS's password reached the first boot (the password only as its hash).
  const provision = await stackDatabase().job.findFirstOrThrow({ where: { serverId: server.id, type: "provisionServer" } });
  const firstBoot = JSON.parse(provision.payload).firstBoot;
  expect(firstBoot.sshKeys).toEqual([expect.stringContaining(clientKey.split(" ")[1])]);
  expect(firstBoot.rootPasswordHash).toMatch(/^\$6\$/);

  // WHMCS retrying the create, and a create whose details changed since: still one server.
  expect(await moduleResult("CreateAccount", whmcsParams())).toBe("success");
  const renamed = whmcsParams();
  expect(await moduleResult("CreateAccount", { ...renamed, clientsdetails: { ...(renamed.clientsdetails as Params), fullname: "Ada King" } })).toBe("success");
  expect(await stackDatabase().order.count({ where: { billingServiceId: String(serviceId) } })).toBe(1);
  expect((await serverOfService(request))?.id).toBe(server.id);
});

test("SuspendAccount suspends with WHMCS's reason; UnsuspendAccount lifts it", async ({ request }) => {
  expect(await moduleResult("SuspendAccount", whmcsParams({ suspendreason: "Overdue on Payment" }))).toBe("success");
  const suspended = await waitForService(request, "suspended");
  expect(await stackDatabase().server.findUniqueOrThrow({ where: { id: suspended.id } })).toMatchObject({ suspended: true, suspendReason: "Overdue on Payment" });

  expect(await moduleResult("UnsuspendAccount", whmcsParams())).toBe("success");
  await waitForService(request, "running");
  expect((await stackDatabase().server.findUniqueOrThrow({ where: { id: suspended.id } })).suspended).toBe(false);
});

test("ChangePackage moves the server to the product's new plan", async ({ request }) => {
  expect(await moduleResult("ChangePackage", whmcsParams({ configoption1: "medium" }))).toBe("success");
  await expect.poll(async () => (await waitForService(request, "running")).plan, { timeout: 90_000 }).toBe("medium");
});

test("ClientArea gives the template the server's status, addresses and host keys", async ({ request }) => {
  const server = await waitForService(request, "running");
  const area = (await moduleResult("ClientArea", whmcsParams())) as { templatefile: string; vars: { berth: Record<string, unknown>; berthError: string; berthLoginUrl: string } };
  expect(area.templatefile).toBe("clientarea");
  expect(area.vars.berthError).toBe("");
  expect(area.vars.berth).toMatchObject({
    id: server.id,
    status: "running",
    hostname: "ada-vps",
    plan: "medium",
    ipv4: server.ipv4,
    ipv6: server.ipv6,
    ipv6Prefix: server.ipv6Prefix ?? "",
    hostKeys: server.hostKeys,
  });
  expect(server.ipv4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(server.ipv6).toContain(":");
  expect(area.vars.berthLoginUrl).toBe(`clientarea.php?action=productdetails&id=${serviceId}&dosinglesignon=1`);
});

test("ServiceSingleSignOn gives a one-time URL that signs the client in on the server's page", async ({ request, page, browser }) => {
  const server = await waitForService(request, "running");
  const sso = (await moduleResult("ServiceSingleSignOn", whmcsParams())) as { success: boolean; redirectTo: string };
  expect(sso.success).toBe(true);
  expect(sso.redirectTo.startsWith(`${panel.origin}/`)).toBe(true);

  await page.goto(sso.redirectTo);
  await page.waitForURL((url) => url.pathname === `/servers/${server.id}`);
  await expect(page.getByRole("heading", { name: "ada-vps" })).toBeVisible();
  await expect(page.getByTestId("user-name")).toHaveText("Ada Lovelace");
  await expect(page.locator("header").getByText(email)).toBeVisible();

  // A second use, from another browser, is refused and signs nobody in.
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto(sso.redirectTo);
  await expect(second.getByTestId("login-link-invalid")).toBeVisible();
  await second.goto(`/servers/${server.id}`);
  await second.waitForURL((url) => url.pathname === "/signin");
  await other.close();

  // Wrong credentials answer a reason, not a link.
  const refused = (await moduleResult("ServiceSingleSignOn", whmcsParams({ serveraccesshash: "berth_not-a-token" }))) as { success: boolean; errorMsg: string };
  expect(refused.success).toBe(false);
  expect(refused.errorMsg).toMatch(/^Berth: .*check the server's Access Hash/);
});

test("TerminateAccount terminates the server; again, it is already done", async ({ request }) => {
  const server = await waitForService(request, "running");
  expect(await moduleResult("TerminateAccount", whmcsParams())).toBe("success");
  await waitForService(request, "terminated");
  expect(await stackDatabase().ipAddress.count({ where: { serverId: server.id } })).toBe(0);
  expect(await moduleResult("TerminateAccount", whmcsParams())).toBe("success");

  // A terminated service is not created again, and has no login any more.
  expect(await moduleResult("CreateAccount", whmcsParams())).toMatch(/^Berth: the server of service \d+ was terminated/);
  const sso = (await moduleResult("ServiceSingleSignOn", whmcsParams())) as { success: boolean; errorMsg: string };
  expect(sso).toEqual({ success: false, errorMsg: `Berth: the server of service ${serviceId} has been terminated` });
  // Suspending it is a readable refusal with Berth's code.
  expect(await moduleResult("SuspendAccount", whmcsParams())).toMatch(/^Berth: .*\(server_terminated\)$/);
});
