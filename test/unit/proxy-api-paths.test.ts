import assert from "node:assert/strict";
import { test } from "node:test";
import { getMiddlewareRouteMatcher } from "next/dist/shared/lib/router/utils/middleware-route-matcher.js";
import { NextRequest } from "next/server";
import { config, proxy } from "../../proxy";

// The proxy's part of "every bad /api/ path is a 4xx in the JSON error shape": undecodable paths
// are refused before Next.js fails decoding them (a plain-text 500), and API calls are never
// redirected to /signin. The matcher is Next.js's own, compiled as the build compiles it.

test("an /api/ path that does not decode is a 400 invalid_path in the JSON error shape", async () => {
  for (const path of ["/api/v1/servers/%ZZ", "/api/v1/servers/%C3%28", "/api/%E0%A4%A/x", "/api/servers/%ZZ/activity"]) {
    const response = await proxy(new NextRequest(`http://panel.example${path}`, { method: "POST", body: "{}" }));
    assert.equal(response.status, 400, path);
    assert.match(response.headers.get("content-type") ?? "", /application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "invalid_path");
  }
});

test("an /api/ path whose escapes decode passes through, never to /signin", async () => {
  const response = await proxy(new NextRequest("http://panel.example/api/v1/servers/no%2Dsuch"));
  assert.equal(response.headers.get("location"), null);
  assert.equal(response.headers.get("x-middleware-next"), "1");
});

test("the matcher sends only API paths with a percent escape to the proxy", async () => {
  // Not in Next.js's type declarations, but what its build runs on config.matcher.
  const { getMiddlewareMatchers } = (await import("next/dist/build/analysis/get-page-static-info.js")) as unknown as {
    getMiddlewareMatchers(matcher: string[], nextConfig: object): Parameters<typeof getMiddlewareRouteMatcher>[0];
  };
  const matches = getMiddlewareRouteMatcher(getMiddlewareMatchers(config.matcher, {}));
  const seen = (path: string) => matches(path, { headers: {} } as never, {});
  for (const path of ["/api/v1/servers/%ZZ", "/api/%C3%28", "/api/v1/servers/a%41/actions"]) assert.equal(seen(path), true, path);
  // Other API calls skip it, so their bodies reach the handlers' streaming caps unbuffered.
  for (const path of ["/api/v1/servers", "/api/v1/servers/abc/actions", "/api/webhooks/billing"]) assert.equal(seen(path), false, path);
  assert.equal(seen("/servers/abc"), true);
});

test("Prometheus's /metrics passes through to its route (which checks the token), never to /signin", async () => {
  const response = await proxy(new NextRequest("http://panel.example/metrics"));
  assert.equal(response.headers.get("location"), null);
  assert.equal(response.headers.get("x-middleware-next"), "1");
  const page = await proxy(new NextRequest("http://panel.example/metrics/other"));
  assert.match(page.headers.get("location") ?? "", /\/signin/, "only the exact path is exempt");
});
