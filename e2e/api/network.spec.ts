import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { CommandError, runCommand } from "../../agent/run-command";
import { createUpstream, peerAddressEcho, type Upstream } from "../../test/support/upstream";
import { seedCaller, stackDatabase, terminateServers, waitForApiJob } from "../support/stack-database";

// The network over the REST API, on the e2e stack's real agent: pools put on an uplink to an
// "internet" of documentation addresses (a namespace this spec makes; see test/support/upstream.ts
// for the ranges this machine allows), a routed and a NAT server,
// a firewall that blocks and allows exactly what it says, port forwards, and the month's usage.

type Caller = Awaited<ReturnType<typeof seedCaller>>;
let admin: Caller;
let customer: Caller;
let upstream: Upstream;
const ordered: string[] = [];
const lxcPath = path.join(process.env.BERTH_DATA_DIR ?? "", "lxc");
const bridge = process.env.BERTH_BRIDGE ?? "br-berth-e";

test.describe.configure({ mode: "serial" });

const succeeds = (work: Promise<unknown>) =>
  work.then(
    () => true,
    (error: unknown) => {
      if (error instanceof CommandError) return false;
      throw error;
    },
  );

async function pools(request: APIRequestContext) {
  const response = await request.get("/api/v1/ip-pools", { headers: admin.headers });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { pools: Array<{ id: string; name: string; host: string | null; family: number; uplink: string | null }> }).pools;
}

async function orderServer(request: APIRequestContext, plan: string, hostname: string) {
  const response = await request.post("/api/v1/servers", { headers: customer.headers, data: { plan, template: "busybox", hostname } });
  expect(response.status()).toBe(202);
  const { server, job } = await response.json();
  ordered.push(server.id);
  expect((await waitForApiJob(request, customer.headers, job.id)).state).toBe("completed");
  const { server: placed } = await (await request.get(`/api/v1/servers/${server.id}`, { headers: admin.headers })).json();
  return placed as { id: string; ipv4: string; ipv6: string; ipv6Prefix: string | null; containerName: string };
}

const inServer = (server: { containerName: string }, command: string[]) => runCommand(["lxc-attach", "-n", server.containerName, "-P", lxcPath, "--", ...command], { timeoutMs: 30_000 });

test.beforeAll(async () => {
  admin = await seedCaller("admin");
  customer = await seedCaller("customer");
  upstream = await createUpstream({
    namespace: "berth-up-e2e",
    uplink: "up-berth-e2e",
    ipv4Prefix: "198.51.100",
    ipv4PrefixLength: 25,
    ipv6Prefix: "2001:db8:1",
    routedToHost: ["198.51.100.128/26", "2001:db8:100::/48"],
  });
  const small = await stackDatabase().plan.findUniqueOrThrow({ where: { slug: "small" } });
  const { id: _id, createdAt: _createdAt, ...fields } = small;
  await stackDatabase().plan.upsert({ where: { slug: "e2e-routed" }, update: {}, create: { ...fields, slug: "e2e-routed", name: "Routed", addressMode: "routed" } });
});

test.afterAll(async ({ request }) => {
  await terminateServers(request, admin.headers, ordered);
  // The seeded pools go back to the bridge only, as the other specs expect.
  for (const pool of (await pools(request)).filter((entry) => entry.uplink === upstream.uplink)) {
    await request.patch(`/api/v1/ip-pools/${pool.id}`, { headers: admin.headers, data: { uplink: "" } });
  }
  await upstream?.remove();
});

test("an admin puts the pools on an uplink and adds a routed IPv4 range and an IPv6 prefix pool over the REST API", async ({ request }) => {
  const existing = await pools(request);
  const host = existing.find((pool) => pool.name === "local-ipv4")?.host;
  expect(host).toBeTruthy();
  for (const name of ["local-ipv4", "local-ipv6"]) {
    const pool = existing.find((entry) => entry.name === name)!;
    const response = await request.patch(`/api/v1/ip-pools/${pool.id}`, { headers: admin.headers, data: { uplink: upstream.uplink, ...(name === "local-ipv4" ? { publicAddress: upstream.hostIpv4 } : {}) } });
    expect(response.status()).toBe(200);
    expect((await response.json()).pool).toMatchObject({ uplink: upstream.uplink, mode: "nat" });
  }
  const bad = await request.patch(`/api/v1/ip-pools/${existing[0]!.id}`, { headers: admin.headers, data: { uplink: "not an interface!" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/^uplink: /);

  const ranges = [
    { family: 4, pool: "e2e-routed-v4", host, mode: "routed", network: "198.51.100.128/26", gateway: "198.51.100.129", first: "198.51.100.130", last: "198.51.100.140" },
    { family: 6, pool: "e2e-routed-v6", host, mode: "routed", network: "2001:db8:100::/48", gateway: "fe80::1", prefixLength: 64, first: "1", last: "a" },
  ];
  for (const range of ranges) {
    const response = await request.post("/api/v1/ip-pools/ranges", { headers: admin.headers, data: range });
    expect(response.status()).toBe(201);
    const { pool, added } = await response.json();
    expect(added === 10 || added === 11 || added === 0).toBeTruthy();
    expect((await request.patch(`/api/v1/ip-pools/${pool.id}`, { headers: admin.headers, data: { uplink: upstream.uplink } })).status()).toBe(200);
  }
  const v6 = (await pools(request)).find((pool) => pool.name === "e2e-routed-v6");
  expect(v6).toMatchObject({ mode: "routed", assignedPrefixLength: 64, network: "2001:db8:100::/48", uplink: upstream.uplink });
  // The worker gives the host its pools: their gateways appear on the bridge.
  await expect
    .poll(async () => (await runCommand(["ip", "address", "show", "dev", bridge])).stdout, { timeout: 30_000 })
    .toMatch(/inet 198\.51\.100\.129\/26[\s\S]*inet6 fe80::1\/64/);
});

test("a routed server answers from upstream on its own addresses; its firewall, set over the REST API, blocks and allows exactly what it says", async ({ request }) => {
  const server = await orderServer(request, "e2e-routed", "routed-e2e");
  expect(server.ipv4).toMatch(/^198\.51\.100\.1[34]\d$/);
  expect(server.ipv6Prefix).toMatch(/^2001:db8:100:[0-9a-f]+::\/64$/);
  expect(server.ipv6).toBe(server.ipv6Prefix!.replace("::/64", "::1"));
  await upstream.run(["ping", "-c1", "-w5", server.ipv4]);
  await upstream.run(["ping", "-6", "-c1", "-w5", server.ipv6]);
  await inServer(server, ["sh", "-c", "mkdir -p /www && echo served > /www/index.html && httpd -p 8080 -h /www && httpd -p 8081 -h /www"]);
  const fetchFromUpstream = (port: number) => succeeds(upstream.run(["curl", "-s", "--max-time", "2", `http://${server.ipv4}:${port}/`]));
  expect(await fetchFromUpstream(8081)).toBe(true);

  const rules = [
    { direction: "in", protocol: "tcp", port: "8080", address: "198.51.100.0/24", action: "accept", description: "web from the office" },
    { direction: "in", protocol: "icmp", action: "accept" },
    { direction: "out", protocol: "tcp", port: 7001, action: "drop" },
  ];
  const put = await request.put(`/api/v1/servers/${server.id}/firewall`, { headers: customer.headers, data: { defaultInbound: "drop", rules } });
  expect(put.status()).toBe(202);
  const { firewall, job } = await put.json();
  expect(firewall).toMatchObject({ defaultInbound: "drop", version: 1, state: "pending" });
  expect(firewall.rules[2]).toMatchObject({ port: "7001", address: null });
  expect((await waitForApiJob(request, customer.headers, job.id)).state).toBe("completed");
  const applied = (await (await request.get(`/api/v1/servers/${server.id}/firewall`, { headers: customer.headers })).json()).firewall;
  expect(applied).toMatchObject({ version: 1, state: "applied", defaultInbound: "drop" });

  // Checked from upstream...
  expect(await fetchFromUpstream(8080)).toBe(true);
  expect(await fetchFromUpstream(8081)).toBe(false);
  await upstream.run(["ping", "-c1", "-w3", server.ipv4]);
  // ...and from the server: its own connections work (replies pass the default drop), but not to 7001.
  const echo = peerAddressEcho(upstream, 7000);
  const blocked = peerAddressEcho(upstream, 7001);
  try {
    await expect.poll(async () => (await inServer(server, ["nc", "-w", "2", upstream.ipv4, "7000"]).catch(() => ({ stdout: "" }))).stdout.trim(), { timeout: 10_000 }).toBe(server.ipv4);
    expect(await succeeds(inServer(server, ["nc", "-w", "2", upstream.ipv4, "7001"]))).toBe(false);
  } finally {
    echo.kill();
    blocked.kill();
  }

  // An invalid rule set is refused naming the rule, and nothing changes.
  const invalid = await request.put(`/api/v1/servers/${server.id}/firewall`, {
    headers: customer.headers,
    data: { defaultInbound: "accept", rules: [{ direction: "in", protocol: "tcp", port: "22", action: "accept" }, { direction: "in", protocol: "icmp", port: "22", action: "accept" }] },
  });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error.message).toMatch(/^rules\.1\.port: ports need protocol tcp or udp/);
  const tooMany = await request.put(`/api/v1/servers/${server.id}/firewall`, {
    headers: customer.headers,
    data: { defaultInbound: "accept", rules: Array.from({ length: 51 }, () => ({ direction: "in", protocol: "any", action: "accept" })) },
  });
  expect(tooMany.status()).toBe(400);
  expect((await tooMany.json()).error.message).toMatch(/^rules: at most 50 rules/);
  expect((await (await request.get(`/api/v1/servers/${server.id}/firewall`, { headers: customer.headers })).json()).firewall).toMatchObject({ version: 1, defaultInbound: "drop" });
  expect(await fetchFromUpstream(8081)).toBe(false);
  // Port forwards are for NAT servers: this one is reachable as it is.
  const forward = await request.put(`/api/v1/servers/${server.id}/port-forwards`, { headers: admin.headers, data: { portForwards: [{ protocol: "tcp", publicPort: 18081, port: 8080 }] } });
  expect(forward.status()).toBe(409);
  expect((await forward.json()).error.code).toBe("not_nat");

  // The month's figures for billing systems count what crossed its network.
  await expect
    .poll(async () => (await (await request.get(`/api/v1/servers/${server.id}/usage`, { headers: customer.headers })).json()).usage.txBytes, { timeout: 60_000 })
    .toBeGreaterThan(0);
  const { usage } = await (await request.get(`/api/v1/servers/${server.id}/usage`, { headers: customer.headers })).json();
  expect(usage.month).toBe(new Date().toISOString().slice(0, 7));
  expect(usage.transferBytes).toBe(usage.rxBytes + usage.txBytes);
  expect((await request.get(`/api/v1/servers/${server.id}/usage?month=13-2026`, { headers: customer.headers })).status()).toBe(400);
});

test("a NAT server reaches the upstream as the host's uplink address; a port forward given over the REST API reaches it", async ({ request }) => {
  const server = await orderServer(request, "small", "nat-e2e");
  const echo = peerAddressEcho(upstream, 7000);
  try {
    await expect.poll(async () => (await inServer(server, ["nc", "-w", "2", upstream.ipv4, "7000"]).catch(() => ({ stdout: "" }))).stdout.trim(), { timeout: 10_000 }).toBe(upstream.hostIpv4);
  } finally {
    echo.kill();
  }
  await inServer(server, ["sh", "-c", "mkdir -p /www && echo forwarded > /www/index.html && httpd -p 8080 -h /www"]);
  expect((await request.put(`/api/v1/servers/${server.id}/port-forwards`, { headers: customer.headers, data: { portForwards: [] } })).status()).toBe(403);
  const response = await request.put(`/api/v1/servers/${server.id}/port-forwards`, { headers: admin.headers, data: { portForwards: [{ protocol: "tcp", publicPort: 18080, port: 8080 }] } });
  expect(response.status()).toBe(202);
  const forwards = await response.json();
  expect(forwards).toMatchObject({ publicAddress: upstream.hostIpv4, portForwards: [{ protocol: "tcp", publicPort: 18080, port: 8080 }] });
  expect((await waitForApiJob(request, admin.headers, forwards.job.id)).state).toBe("completed");
  const { stdout } = await upstream.run(["curl", "-s", "--max-time", "3", `http://${upstream.hostIpv4}:18080/`]);
  expect(stdout.trim()).toBe("forwarded");
  expect((await (await request.get(`/api/v1/servers/${server.id}/port-forwards`, { headers: customer.headers })).json()).portForwards).toHaveLength(1);
});
