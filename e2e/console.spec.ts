import { request as httpRequest } from "node:http";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { demoEmail, pressEnterUntil, signIn } from "./support/panel";
import { seedToken, stackDatabase, terminateServers } from "./support/stack-database";

// The browser console: the customer orders a BusyBox server with a root password (REST API),
// opens its console on the server page, logs in as root and runs hostname.

const rootPassword = "Console-e2e-Pw1";

let headers: Record<string, string>;
const ordered: string[] = [];

test.beforeAll(async () => {
  const demo = await stackDatabase().user.findUniqueOrThrow({ where: { email: demoEmail } });
  ({ headers } = await seedToken({ user: demo }, {}));
});

// The e2e host holds a few small servers at once: give its room back.
test.afterAll(async ({ request }) => {
  await terminateServers(request, headers, ordered);
});

async function orderWithRootPassword(request: APIRequestContext, hostname: string): Promise<string> {
  const response = await request.post("/api/v1/servers", { headers, data: { plan: "small", template: "busybox", hostname, rootPassword } });
  expect(response.status(), await response.text()).toBe(202);
  const { server, job } = (await response.json()) as { server: { id: string }; job: { id: string } };
  ordered.push(server.id);
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/jobs/${job.id}`, { headers })).json()) as { job: { state: string } }).job.state, { timeout: 110_000 })
    .toMatch(/^(completed|failed)$/);
  const { job: finished } = (await (await request.get(`/api/v1/jobs/${job.id}`, { headers })).json()) as { job: { state: string; error: string | null } };
  expect(finished.state, finished.error ?? "").toBe("completed");
  return server.id;
}

function terminalText(page: Page) {
  return page.getByTestId("console-terminal").locator(".xterm-rows");
}

test("the customer opens the console, logs in as root and sees the hostname", async ({ page, request }) => {
  const hostname = `console-${Date.now().toString(36)}`;
  const serverId = await orderWithRootPassword(request, hostname);
  await signIn(page);
  await page.goto(`/servers/${serverId}`);
  await expect(page.getByTestId("server-status")).toHaveText("running");

  await page.getByTestId("console-open").click();
  await expect(page.getByTestId("console-status")).toHaveText(/Connected/);
  await page.getByTestId("console-terminal").click();
  await pressEnterUntil(page, terminalText(page), "login:");
  await page.keyboard.type("root");
  await page.keyboard.press("Enter");
  await expect(terminalText(page)).toContainText("Password:");
  await page.keyboard.type(rootPassword);
  await page.keyboard.press("Enter");
  await expect(terminalText(page)).toContainText("#");
  await page.keyboard.type("hostname");
  await page.keyboard.press("Enter");
  await expect(terminalText(page)).toContainText(new RegExp(`hostname\\s*${hostname}`));
  await page.screenshot({ path: "e2e/artifacts/server-console.png" });

  // Log out, so the console's next user meets a login prompt again.
  await page.keyboard.type("exit");
  await page.keyboard.press("Enter");
  await expect(terminalText(page)).toContainText(/login:\s*$/);
});

test("the console socket refuses a made-up ticket, and another site's page before the upgrade", async ({ page, baseURL }) => {
  await signIn(page);
  // A WebSocket from the panel's own page with a made-up ticket: the gateway answers, and says why.
  const reason = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`ws://${window.location.host}/console/socket?server=nope&ticket=not-a-ticket`);
        socket.addEventListener("close", (event) => resolve(`${event.code} ${event.reason}`));
      }),
  );
  expect(reason).toBe("4000 ticket_invalid");
  const upgradeStatus = (path: string, origin: string) =>
    new Promise<number>((resolve, reject) => {
      const upgrade = httpRequest(new URL(path, baseURL), {
        headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", Origin: origin },
      });
      upgrade.on("response", (response) => resolve(response.statusCode ?? 0));
      upgrade.on("upgrade", () => reject(new Error(`the upgrade of ${path} was accepted`)));
      upgrade.on("error", reject);
      upgrade.end();
    });
  expect(await upgradeStatus("/console/socket?server=nope&ticket=x", "https://evil.example")).toBe(403);
  // The panel upgrades nothing else.
  expect(await upgradeStatus("/api/v1/servers", new URL(baseURL ?? "").origin)).toBe(404);
});
