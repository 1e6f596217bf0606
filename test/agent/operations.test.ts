import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AgentClient } from "../../agent/client";
import { runCommand } from "../../agent/run-command";
import { agentForHost } from "../../lib/hosts/agent-for-host";
import { withLogContext } from "../../lib/logging/log-context";
import { encryptSecret } from "../../lib/security/secret-box";
import { startTestAgent, testSpec, type TestAgent, type TestNetwork } from "../support/agent";

/*
 * The agent's operations side against a real agent: its unauthenticated probes, its metrics
 * behind BERTH_METRICS_TOKEN, and its log lines naming the caller's request and job ids.
 */

const network: TestNetwork = { bridge: "br-berth-ob", ipv4Prefix: "10.72.0", ipv6Prefix: "fd77:6265:7274:72" };
const metricsToken = "metrics-token-for-the-operations-test";
let agent: TestAgent;

before(async () => {
  agent = await startTestAgent(network, { environment: { BERTH_METRICS_TOKEN: metricsToken } });
});

after(async () => {
  await agent?.teardown();
});

async function scrape(authorization?: string): Promise<Response> {
  return fetch(`${agent.server.url}/metrics`, { headers: authorization ? { Authorization: authorization } : {} });
}

/** The value of one series in the exposition text (0 when the series is not there yet). */
async function metricValue(series: string): Promise<number> {
  const text = await (await scrape(`Bearer ${metricsToken}`)).text();
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

test("/livez and /readyz answer without a signature; /readyz names a bridge that is down", async () => {
  const live = await fetch(`${agent.server.url}/livez`);
  assert.equal(live.status, 200);
  assert.deepEqual(await live.json(), { status: "ok" });
  const ready = await fetch(`${agent.server.url}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: "ok" });

  await runCommand(["ip", "link", "set", network.bridge, "down"]);
  try {
    const notReady = await fetch(`${agent.server.url}/readyz`);
    assert.equal(notReady.status, 503);
    const body = (await notReady.json()) as { error: { code: string; details: { failed: string[] } } };
    assert.equal(body.error.code, "not_ready");
    assert.deepEqual(body.error.details.failed, ["bridge"]);
  } finally {
    await runCommand(["ip", "link", "set", network.bridge, "up"]);
  }
  assert.equal((await fetch(`${agent.server.url}/readyz`)).status, 200);
  assert.equal((await fetch(`${agent.server.url}/livez`, { method: "POST" })).status, 405);
});

test("/metrics refuses a missing or wrong token, and the signed API stays closed to the token", async () => {
  assert.equal((await scrape()).status, 401);
  assert.equal((await scrape("Bearer not-the-token")).status, 401);
  const refusedApi = await fetch(`${agent.server.url}/v1/containers`, { headers: { Authorization: `Bearer ${metricsToken}` } });
  assert.equal(refusedApi.status, 401, "the metrics token opens /metrics only");
  const scraped = await scrape(`Bearer ${metricsToken}`);
  assert.equal(scraped.status, 200);
  assert.match(scraped.headers.get("content-type") ?? "", /^text\/plain/);
  const text = await scraped.text();
  assert.match(text, /# TYPE berth_agent_operations_total counter/);
  assert.match(text, /# TYPE berth_agent_operation_duration_seconds histogram/);
  assert.match(text, /^berth_agent_process_resident_memory_bytes \d+/m);
});

test("operation counters, durations and container states follow the agent's work; its log lines name the caller's ids", async () => {
  const created = 'berth_agent_operations_total{kind="create",outcome="ok"}';
  const missing = 'berth_agent_operations_total{kind="start",outcome="not_found"}';
  const [createdBefore, missingBefore, timedBefore] = [await metricValue(created), await metricValue(missing), await metricValue('berth_agent_operation_duration_seconds_count{kind="create"}')];

  const client = new AgentClient({ url: agent.server.url, secret: agent.secret, correlation: { requestId: "req-ob-create", jobId: "job-ob-1" } });
  const spec = testSpec("ob-one", 1, {}, network);
  await client.createContainer(spec);
  await client.startContainer(spec.name);
  await assert.rejects(client.startContainer("ob-missing"));

  assert.equal(await metricValue(created), createdBefore + 1);
  assert.equal(await metricValue(missing), missingBefore + 1);
  assert.equal(await metricValue('berth_agent_operation_duration_seconds_count{kind="create"}'), timedBefore + 1);
  assert.equal(await metricValue('berth_agent_containers{state="RUNNING"}'), 1);

  const createDone = agent.logs.find((event) => event.action === "create" && event.phase === "done");
  assert.equal(createDone?.requestId, "req-ob-create");
  assert.equal(createDone?.jobId, "job-ob-1");

  // The panel's way in: agentForHost passes on whatever request (or job) is being served.
  const encryptionKey = "operations-test-key";
  const host = { name: "local", agentUrl: agent.server.url, agentSecretEncrypted: encryptSecret(agent.secret, encryptionKey), agentCertificatePem: null, agentCertificateSha256: null, joinedAt: null };
  await withLogContext({ requestId: "req-ob-health" }, () => agentForHost(host, encryptionKey).health());
  const healthLine = agent.logs.find((event) => event.event === "request" && event.path === "/v1/health" && event.requestId === "req-ob-health");
  assert.ok(healthLine, "the agent's line for the call carries the panel's request id");
  assert.equal(healthLine.status, 200);
  assert.equal(healthLine.jobId, undefined);
});
