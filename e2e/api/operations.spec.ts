import { expect, test } from "@playwright/test";

// What load balancers, supervisors and Prometheus see of the e2e stack (scripts/test.sh sets
// BERTH_METRICS_TOKEN): unauthenticated probes that say nothing more, metrics behind the token.

const metricsToken = process.env.BERTH_METRICS_TOKEN ?? "";
const agentUrl = `http://${process.env.BERTH_AGENT_LISTEN ?? "127.0.0.1:7170"}`;

test("the panel's liveness and readiness answer without a session and echo a request id", async ({ request }) => {
  const live = await request.get("/api/health/live", { maxRedirects: 0 });
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ status: "ok" });
  expect(live.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

  const ready = await request.get("/api/health/ready", { maxRedirects: 0, headers: { "X-Request-Id": "lb-probe-0001" } });
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ok" });
  expect(ready.headers()["x-request-id"]).toBe("lb-probe-0001");

  const malformed = await request.get("/api/health/live", { headers: { "X-Request-Id": "not a valid id" } });
  expect(malformed.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("the panel's /metrics needs the bearer token and then has every series", async ({ request }) => {
  expect(metricsToken, "scripts/test.sh exports BERTH_METRICS_TOKEN").not.toBe("");
  const anonymous = await request.get("/metrics", { maxRedirects: 0 });
  expect(anonymous.status(), "refused, not sent to the sign-in page").toBe(401);
  expect((await anonymous.json()).error.code).toBe("unauthenticated");
  expect((await request.get("/metrics", { maxRedirects: 0, headers: { Authorization: "Bearer wrong-token" } })).status()).toBe(401);

  const scraped = await request.get("/metrics", { headers: { Authorization: `Bearer ${metricsToken}` } });
  expect(scraped.status()).toBe(200);
  expect(scraped.headers()["content-type"]).toMatch(/^text\/plain/);
  const text = await scraped.text();
  for (const series of [
    /^berth_jobs\{kind="provisionServer",state="completed"\} \d+$/m,
    /^berth_queue_depth\{state="waiting"\} \d+$/m,
    /^berth_provisioning_seconds_bucket\{le="\+Inf"\} \d+$/m,
    /^berth_provisioning_seconds_count \d+$/m,
    /^berth_hosts\{health="up",state="active"\} [1-9]\d*$/m,
    /^berth_servers\{status="running"\} \d+$/m,
    /^berth_panel_process_resident_memory_bytes \d+$/m,
  ]) {
    expect(text).toMatch(series);
  }
});

test("the agent's probes answer without a signature and its /metrics takes the same token", async ({ request }) => {
  expect((await request.get(`${agentUrl}/livez`)).status()).toBe(200);
  const ready = await request.get(`${agentUrl}/readyz`);
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ok" });
  expect((await request.get(`${agentUrl}/metrics`)).status()).toBe(401);
  const scraped = await request.get(`${agentUrl}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } });
  expect(scraped.status()).toBe(200);
  expect(await scraped.text()).toMatch(/^# TYPE berth_agent_operations_total counter$/m);
});
