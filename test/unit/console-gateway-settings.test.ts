import assert from "node:assert/strict";
import { test } from "node:test";
import { encode } from "next-auth/jwt";
import { readSessionCookie } from "../../lib/console/gateway/read-session-cookie";
import { consoleGatewaySettings } from "../../lib/settings";

test("the console gateway listens on the panel's port + 2 unless told, and only on an IP:PORT", () => {
  assert.deepEqual(consoleGatewaySettings({ BERTH_PANEL_PORT: "3100" }).listen, { host: "127.0.0.1", port: 3102 });
  assert.deepEqual(consoleGatewaySettings({ BERTH_CONSOLE_LISTEN: "[::1]:4000" }).listen, { host: "::1", port: 4000 });
  assert.equal(consoleGatewaySettings({}).idleSeconds, 900);
  assert.equal(consoleGatewaySettings({ NEXTAUTH_URL: "https://panel.example/" }).panelOrigin, "https://panel.example");
  assert.throws(() => consoleGatewaySettings({ BERTH_CONSOLE_LISTEN: "localhost:4000" }), /BERTH_CONSOLE_LISTEN/);
  assert.throws(() => consoleGatewaySettings({ BERTH_CONSOLE_IDLE_SECONDS: "0" }), /BERTH_CONSOLE_IDLE_SECONDS/);
});

test("the session cookie is read whole or in next-auth's chunks; a forged one is no session", async () => {
  const secret = "console-cookie-secret";
  const token = await encode({ token: { id: "user-1", role: "customer", sessionVersion: 3 }, secret, maxAge: 60 });
  const name = "next-auth.session-token";
  const whole = await readSessionCookie(`other=1; ${name}=${token}`, name, secret);
  assert.equal(whole?.userId, "user-1");
  assert.equal(whole?.sessionVersion, 3);
  const half = Math.floor(token.length / 2);
  const chunked = await readSessionCookie(`${name}.0=${token.slice(0, half)}; ${name}.1=${token.slice(half)}`, name, secret);
  assert.equal(chunked?.userId, "user-1");
  assert.equal(await readSessionCookie(`${name}=${token}`, name, "another-secret"), null);
  assert.equal(await readSessionCookie(undefined, name, secret), null);
});
