import assert from "node:assert/strict";
import { test } from "node:test";
import { loadAgentConfig } from "../../agent/config";
import { stdoutLogger } from "../../agent/log";
import { hasBearerToken } from "../../agent/protocol/bearer-token";
import { correlationHeaders, correlationOf } from "../../agent/protocol/correlation";
import { currentLogContext, outsideLogContext, withLogContext } from "../../lib/logging/log-context";
import { loggablePath } from "../../lib/logging/loggable-path";
import { createLogger } from "../../lib/logging/logger";
import { requestIdFor } from "../../lib/logging/request-id";
import { operationsSettings } from "../../lib/settings";

/** A pino destination that keeps each JSON line, parsed. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

test("a panel log line is one JSON object with level, ISO time, service and the request's id", () => {
  const { lines, destination } = capture();
  const log = createLogger({ service: "panel", level: "info", destination });
  withLogContext({ requestId: "req-1234" }, () => log.info({ path: "/api/v1/servers" }, "request"));
  log.info("outside any request");
  assert.equal(lines.length, 2);
  const [inside, outside] = lines;
  assert.equal(inside?.level, "info");
  assert.equal(inside?.service, "panel");
  assert.equal(inside?.requestId, "req-1234");
  assert.equal(inside?.msg, "request");
  assert.equal(inside?.path, "/api/v1/servers");
  assert.ok(!Number.isNaN(Date.parse(String(inside?.time))) && String(inside?.time).endsWith("Z"), "ISO time");
  assert.equal(outside?.requestId, undefined, "the id belongs to its request only");
});

test("a job's context names the job and keeps the request that led to it", () => {
  const { lines, destination } = capture();
  const log = createLogger({ service: "worker", level: "info", destination });
  withLogContext({ requestId: "req-9" }, () => withLogContext({ jobId: "job-1", requestId: undefined }, () => log.warn("attempt failed")));
  assert.deepEqual([lines[0]?.jobId, lines[0]?.requestId, lines[0]?.level, lines[0]?.service], ["job-1", "req-9", "warn", "worker"]);
});

test("a connection a request opens for the whole process is made outside that request's context", () => {
  withLogContext({ requestId: "req-first" }, () => {
    assert.deepEqual(currentLogContext(), { requestId: "req-first" });
    assert.deepEqual(outsideLogContext(() => currentLogContext()), {});
  });
});

test("lines below BERTH_LOG_LEVEL are not written; a bad level stops the process naming the variable", () => {
  const { lines, destination } = capture();
  const log = createLogger({ service: "panel", level: operationsSettings({ BERTH_LOG_LEVEL: "warn" }).logLevel, destination });
  log.info("dropped");
  log.error("kept");
  assert.deepEqual(lines.map((line) => line.msg), ["kept"]);
  assert.equal(operationsSettings({}).logLevel, "info");
  assert.throws(() => operationsSettings({ BERTH_LOG_LEVEL: "loud" }), /BERTH_LOG_LEVEL/);
  assert.equal(operationsSettings({}).metricsToken, null);
  assert.equal(operationsSettings({ BERTH_METRICS_TOKEN: " secret " }).metricsToken, "secret");
});

test("the agent reads BERTH_LOG_LEVEL and BERTH_METRICS_TOKEN itself", () => {
  const base = { BERTH_DATA_DIR: "/srv/berth", BERTH_AGENT_SECRET: "a".repeat(64) };
  assert.deepEqual([loadAgentConfig(base).logLevel, loadAgentConfig(base).metricsToken], ["info", null]);
  const configured = loadAgentConfig({ ...base, BERTH_LOG_LEVEL: "DEBUG", BERTH_METRICS_TOKEN: "scrape-token" });
  assert.deepEqual([configured.logLevel, configured.metricsToken], ["debug", "scrape-token"]);
  assert.throws(() => loadAgentConfig({ ...base, BERTH_LOG_LEVEL: "loud" }), /BERTH_LOG_LEVEL/);
});

test("the agent's events keep their fields and get a level: named, error when failed, else info", () => {
  const { lines, destination } = capture();
  const log = stdoutLogger("debug", destination);
  log({ operationId: "op-1", action: "start", container: "vps-1", phase: "done", ms: 12 });
  log({ operationId: "op-2", action: "start", phase: "failed", error: "busy" });
  log({ level: "debug", event: "request", status: 200 });
  assert.deepEqual(
    lines.map((line) => [line.level, line.service, line.operationId ?? line.event]),
    [["info", "agent", "op-1"], ["error", "agent", "op-2"], ["debug", "agent", "request"]],
  );
  assert.equal(lines[0]?.container, "vps-1");
  assert.equal(lines[0]?.phase, "done");
});

test("a caller's X-Request-Id is kept when well formed and replaced when not", () => {
  assert.equal(requestIdFor({ "x-request-id": "lb-7f3a.01:2" }), "lb-7f3a.01:2");
  for (const bad of ["two words", "line\nbreak", "x".repeat(129), ""]) {
    const made = requestIdFor({ "x-request-id": bad });
    assert.notEqual(made, bad);
    assert.match(made, /^[0-9a-f-]{36}$/, "a fresh UUID");
  }
  assert.match(requestIdFor({}), /^[0-9a-f-]{36}$/);
});

test("correlation ids travel as headers and malformed ones are dropped by the agent", () => {
  const headers = correlationHeaders({ requestId: "req-1", jobId: "cjob1" });
  assert.deepEqual(headers, { "x-request-id": "req-1", "x-berth-job": "cjob1" });
  assert.deepEqual(correlationOf(headers), { requestId: "req-1", jobId: "cjob1" });
  assert.deepEqual(correlationOf({ "x-request-id": "bad id\n", "x-berth-job": ["a", "b"] }), {});
});

test("logged paths lose their query string and single-use link secrets", () => {
  assert.equal(loggablePath("/api/v1/servers?cursor=abc"), "/api/v1/servers");
  assert.equal(loggablePath("/set-password/s3cr3t-token"), "/set-password/[secret]");
  assert.equal(loggablePath("/signin/link/s3cr3t-token?next=/"), "/signin/link/[secret]");
  assert.equal(loggablePath("/servers/abc"), "/servers/abc");
});

test("the metrics bearer token must match exactly", () => {
  assert.equal(hasBearerToken("Bearer token-1", "token-1"), true);
  assert.equal(hasBearerToken("bearer token-1", "token-1"), true);
  for (const wrong of [undefined, null, "", "Bearer", "Bearer token-2", "Bearer token-1 x", "Basic token-1", "Bearer token-10"]) {
    assert.equal(hasBearerToken(wrong, "token-1"), false, String(wrong));
  }
});
