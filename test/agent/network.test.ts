import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { containerLinkLocalAddress, containerMacAddress, hostVethName } from "../../agent/network/interface-names";
import { CommandError, runCommand } from "../../agent/run-command";
import { startAgentServer } from "../../agent/server";
import { AgentClient } from "../../agent/client";
import type { ContainerSpec, FirewallPolicy, HostNetworkConfig, NetworkDrops } from "../../agent/types";
import { pingFromHost, rejection, runInContainer, startTestAgent, testSpec, type TestAgent, type TestNetwork } from "../support/agent";
import {
  arpFrame,
  broadcastMac,
  buildRawFrameTool,
  dhcpv6ReplyFrame,
  installRawFrameTool,
  ipv4UdpFrame,
  ipv6EchoFrame,
  neighbourAdvertisementFrame,
  rawFrameBinary,
  routerAdvertisementFrame,
} from "../support/raw-frames";
import { createUpstream, peerAddressEcho, type Upstream } from "../support/upstream";

// Its own bridge and ranges (test files run one after another, but a crashed run's leftovers must not collide).
const network: TestNetwork = { bridge: "br-berth-nw", ipv4Prefix: "10.94.0", ipv6Prefix: "fd77:6265:7274:94" };
const gateway4 = `${network.ipv4Prefix}.1`;
const gateway6 = `${network.ipv6Prefix}::1`;

// The "internet": 198.51.100.0/25 and 2001:db8:1::/64 on the link, 198.51.100.128/26 and
// 2001:db8:100::/48 routed to the host (documentation ranges only; see test/support/upstream.ts).
const upstreamOptions = {
  namespace: "berth-up-nw",
  uplink: "up-berth-nw",
  ipv4Prefix: "198.51.100",
  ipv4PrefixLength: 25,
  ipv6Prefix: "2001:db8:1",
  routedToHost: ["198.51.100.128/26", "2001:db8:100::/48"],
};

const nat = testSpec("net-nat", 1, {}, network);
const neighbour = testSpec("net-neighbour", 2, {}, network);
const routed = testSpec(
  "net-routed",
  3,
  { network: { ipv4: "198.51.100.130/26", gateway4: "198.51.100.129", ipv6: "2001:db8:100:5::1/64", gateway6: "fe80::1", ipv6Prefix: "2001:db8:100:5::/64" } },
  network,
);
// Addresses on the upstream's own link: the host answers ARP and neighbour solicitations for them.
const proxied = testSpec("net-proxied", 4, { network: { ipv4: "198.51.100.100/27", gateway4: "198.51.100.97", ipv6: "2001:db8:1:0:1::a/80", gateway6: "2001:db8:1:0:1::1" } }, network);

function hostNetworkConfig(uplink: string, portForwards: HostNetworkConfig["portForwards"] = []): HostNetworkConfig {
  return {
    pools: [
      { name: "nat4", family: 4, mode: "nat", network: `${network.ipv4Prefix}.0/24`, gateway: gateway4, uplink, proxyNeighbour: false },
      { name: "nat6", family: 6, mode: "nat", network: `${network.ipv6Prefix}::/64`, gateway: gateway6, uplink, proxyNeighbour: false },
      { name: "routed4", family: 4, mode: "routed", network: "198.51.100.128/26", gateway: "198.51.100.129", uplink, proxyNeighbour: false },
      { name: "routed6", family: 6, mode: "routed", network: "2001:db8:100::/48", gateway: "fe80::1", uplink, proxyNeighbour: false },
      { name: "link4", family: 4, mode: "routed", network: "198.51.100.96/27", gateway: "198.51.100.97", uplink, proxyNeighbour: true },
      { name: "link6", family: 6, mode: "routed", network: "2001:db8:1:0:1::/80", gateway: "2001:db8:1:0:1::1", uplink, proxyNeighbour: true },
    ],
    portForwards,
  };
}

const address = (cidr: string) => cidr.split("/")[0] ?? "";
const marker = () => randomBytes(12);

async function succeeds(work: Promise<unknown>): Promise<boolean> {
  try {
    await work;
    return true;
  } catch (error) {
    if (error instanceof CommandError) return false;
    throw error;
  }
}

/** Starts counting frames that carry each mark on an interface (in a container, or on the host); resolves the counts, in order, when done. */
async function countFrames(where: { agent: TestAgent; container: string } | "host", device: string, seconds: number, marks: readonly Buffer[]): Promise<() => Promise<number[]>> {
  const command = ["count", device, String(seconds), ...marks.map((mark) => mark.toString("hex"))];
  const run = where === "host" ? runCommand([rawFrameBinary, ...command]) : runInContainer(where.agent.config, where.container, ["/raw-frame", ...command]);
  // The listener needs a moment to bind before anything is sent.
  await new Promise((resolve) => setTimeout(resolve, 400));
  return async () => (await run).stdout.trim().split("\n").slice(1).map(Number);
}

describe("a VPS's network", () => {
  let agent: TestAgent;
  let upstream: Upstream;

  const send = (spec: ContainerSpec, frame: Buffer) => runInContainer(agent.config, spec.name, ["/raw-frame", "send", "eth0", frame.toString("hex")]);
  const drops = async (spec: ContainerSpec): Promise<NetworkDrops> => (await agent.client.containerNetwork(spec.name)).drops;
  const pidOf = async (spec: ContainerSpec) => (await agent.client.getContainer(spec.name))?.pid ?? assert.fail(`${spec.name} has no pid`);
  /** A command in the container's network namespace, run with the host's tools (iperf3 is not in BusyBox). */
  const inNetworkOf = async (spec: ContainerSpec, command: string[], timeoutMs = 30_000) => runCommand(["nsenter", `--net=/proc/${await pidOf(spec)}/ns/net`, ...command], { timeoutMs });

  before(async () => {
    await buildRawFrameTool();
    agent = await startTestAgent(network);
    upstream = await createUpstream(upstreamOptions);
    await agent.client.setHostNetwork(hostNetworkConfig(upstream.uplink));
    for (const spec of [nat, neighbour, routed, proxied]) {
      await agent.client.createContainer(spec);
      await installRawFrameTool(path.join(agent.config.poolDir, "servers", spec.name, "rootfs"));
      await agent.client.startContainer(spec.name);
    }
  });

  after(async () => {
    await agent?.teardown();
    await upstream?.remove();
  });

  test("a VPS's root cannot take a neighbour's addresses, change its MAC, claim the gateway, advertise routes or answer DHCP", async () => {
    const attackerMac = containerMacAddress(nat.name);
    const victimMac = containerMacAddress(neighbour.name);
    const [victim4, victim6, attacker4, attacker6] = [address(neighbour.network.ipv4), address(neighbour.network.ipv6), address(nat.network.ipv4), address(nat.network.ipv6)];
    // The host and the victim know each other (LXC's IPv6 address needs duplicate address detection first), and the victim knows its gateway.
    await pingFromHost(victim4);
    await pingFromHost(victim6, 15);
    await runInContainer(agent.config, neighbour.name, ["ping", "-c1", "-W2", gateway4]);
    const hostEntry = async (target: string) => (await runCommand(["ip", "neigh", "show", "to", target, "dev", network.bridge])).stdout;
    const victimsGatewayEntry = async () => (await runInContainer(agent.config, neighbour.name, ["ip", "neigh", "show", gateway4])).stdout;
    assert.match(await hostEntry(victim4), new RegExp(victimMac));
    const before = await drops(nat);

    const attacks: Array<{ what: string; frame: Buffer; mark: Buffer }> = [];
    const attack = (what: string, build: (mark: Buffer) => Buffer) => {
      const mark = marker();
      attacks.push({ what, frame: build(mark), mark });
    };
    attack("gratuitous ARP for the neighbour's IPv4", (mark) =>
      arpFrame({ operation: 1, destination: broadcastMac, senderMac: attackerMac, senderIp: victim4, targetMac: "00:00:00:00:00:00", targetIp: victim4, marker: mark }),
    );
    attack("ARP reply claiming the gateway, to the neighbour", (mark) =>
      arpFrame({ operation: 2, destination: victimMac, senderMac: attackerMac, senderIp: gateway4, targetMac: victimMac, targetIp: victim4, marker: mark }),
    );
    attack("neighbour advertisement for the neighbour's IPv6", (mark) => neighbourAdvertisementFrame({ sourceMac: attackerMac, source: attacker6, target: victim6, marker: mark }));
    attack("IPv6 from the neighbour's address", (mark) => ipv6EchoFrame({ sourceMac: attackerMac, source: victim6, marker: mark }));
    attack("IPv4 from the neighbour's address", (mark) =>
      ipv4UdpFrame({ destinationMac: broadcastMac, sourceMac: attackerMac, source: victim4, destination: "255.255.255.255", sourcePort: 9, destinationPort: 9, payload: mark }),
    );
    attack("another MAC address", (mark) =>
      ipv4UdpFrame({ destinationMac: broadcastMac, sourceMac: "02:de:ad:be:ef:01", source: attacker4, destination: "255.255.255.255", sourcePort: 9, destinationPort: 9, payload: mark }),
    );
    attack("router advertisement", (mark) => routerAdvertisementFrame({ sourceMac: attackerMac, source: containerLinkLocalAddress(nat.name), prefix: "2001:db8:bad::", marker: mark }));
    attack("DHCP offer", (mark) =>
      ipv4UdpFrame({ destinationMac: broadcastMac, sourceMac: attackerMac, source: attacker4, destination: "255.255.255.255", sourcePort: 67, destinationPort: 68, payload: mark }),
    );
    attack("DHCPv6 reply", (mark) => dhcpv6ReplyFrame({ sourceMac: attackerMac, source: attacker6, marker: mark }));
    // Controls: the same kinds of frames, honest, do arrive (so "none arrived" above means dropped, not unheard).
    const honest: Array<{ what: string; frame: Buffer; mark: Buffer }> = [];
    for (const [what, build] of [
      ["honest gratuitous ARP", (mark: Buffer) => arpFrame({ operation: 1, destination: broadcastMac, senderMac: attackerMac, senderIp: attacker4, targetMac: "00:00:00:00:00:00", targetIp: attacker4, marker: mark })],
      ["honest IPv6 packet", (mark: Buffer) => ipv6EchoFrame({ sourceMac: attackerMac, source: attacker6, marker: mark })],
    ] as const) {
      const mark = marker();
      honest.push({ what, frame: build(mark), mark });
    }

    const everything = [...attacks, ...honest];
    const atNeighbour = await countFrames({ agent, container: neighbour.name }, "eth0", 3, everything.map((entry) => entry.mark));
    const atHost = await countFrames("host", network.bridge, 3, everything.map((entry) => entry.mark));
    for (const { frame } of everything) await send(nat, frame);
    const [seenByNeighbour, seenByHost] = [await atNeighbour(), await atHost()];
    everything.forEach(({ what }, index) => {
      const expected = index < attacks.length ? 0 : 1;
      assert.equal(seenByNeighbour[index], expected, `the neighbour sees the ${what} ${expected} times`);
      assert.equal(seenByHost[index], expected, `the host sees the ${what} ${expected} times`);
    });

    // What the attacks would have changed did not change.
    assert.match(await hostEntry(victim4), new RegExp(victimMac), "the host still has the neighbour's own MAC for its IPv4");
    assert.doesNotMatch(await hostEntry(victim6), new RegExp(attackerMac), "nor took the attacker's for its IPv6");
    assert.doesNotMatch(await victimsGatewayEntry(), new RegExp(attackerMac), "the neighbour's gateway entry is not the attacker's");
    const victimRoutes = (await runInContainer(agent.config, neighbour.name, ["ip", "-6", "route", "show"])).stdout;
    assert.doesNotMatch(victimRoutes, /2001:db8:bad/, "no route from the rogue advertisement");
    await runInContainer(agent.config, neighbour.name, ["ping", "-c1", "-W2", gateway4]);

    // Taking the neighbour's address in earnest, and a new MAC: cut off, not the neighbour.
    await runInContainer(agent.config, nat.name, ["ip", "address", "add", `${victim4}/32`, "dev", "eth0"]);
    assert.equal(await succeeds(runInContainer(agent.config, nat.name, ["ping", "-c1", "-W1", "-I", victim4, gateway4])), false, "from the neighbour's address, nothing reaches the host");
    await runInContainer(agent.config, nat.name, ["ip", "address", "del", `${victim4}/32`, "dev", "eth0"]);
    await runInContainer(agent.config, nat.name, ["ip", "link", "set", "eth0", "address", "02:de:ad:be:ef:02"]);
    assert.equal(await succeeds(runInContainer(agent.config, nat.name, ["ping", "-c1", "-W1", gateway4])), false, "with another MAC, nothing reaches the host");
    await runInContainer(agent.config, nat.name, ["ip", "link", "set", "eth0", "address", attackerMac]);
    await runInContainer(agent.config, neighbour.name, ["ping", "-c1", "-W2", gateway4]);
    await runInContainer(agent.config, nat.name, ["ping", "-c1", "-W2", gateway4]);

    const afterwards = await drops(nat);
    assert.ok(afterwards.spoofedMac > before.spoofedMac, "MAC drops counted");
    assert.ok(afterwards.spoofedIpv4 >= before.spoofedIpv4 + 3, "IPv4 and ARP drops counted");
    assert.ok(afterwards.spoofedIpv6 >= before.spoofedIpv6 + 2, "IPv6 and neighbour advertisement drops counted");
    assert.ok(afterwards.rogueServices >= before.rogueServices + 3, "router advertisement, DHCP and DHCPv6 drops counted");
    assert.deepEqual(await drops(neighbour), { spoofedMac: 0, spoofedIpv4: 0, spoofedIpv6: 0, rogueServices: 0, firewall: 0 }, "the honest neighbour has no drops");
  });

  test("a VPS cannot open the agent, Redis, the panel or SSH on any of the host's addresses", async () => {
    // The test's own agent listens on every address here, and so do stand-ins for the rest.
    const exposedAgent = await startAgentServer({ config: { ...agent.config, listen: { host: "::", port: 0 } }, log: () => undefined });
    const listeners: Server[] = [];
    const ports = [Number(new URL(exposedAgent.url).port)];
    for (let index = 0; index < 2; index += 1) {
      const listener = createServer((socket) => socket.end("hello\n"));
      await new Promise<void>((resolve) => listener.listen(0, "::", resolve));
      listeners.push(listener);
      ports.push((listener.address() as { port: number }).port);
    }
    try {
      const hostAddresses = [gateway4, gateway6, "198.51.100.129", "198.51.100.97", upstream.hostIpv4, upstream.hostIpv6];
      const before = (await agent.client.hostNetwork()).drops.hostAccess;
      const attempts = hostAddresses.flatMap((host) => ports.map((port) => ({ host, port })));
      const results = await Promise.all(
        attempts.map(async ({ host, port }) => ({ host, port, open: await succeeds(runInContainer(agent.config, nat.name, ["nc", "-w", "2", host, String(port)])) })),
      );
      assert.deepEqual(results.filter((result) => result.open), [], "no host service answers a VPS");
      // They are open: from the upstream, the host's uplink address answers.
      assert.equal((await upstream.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", `http://${upstream.hostIpv4}:${ports[0]}/v1/health`])).stdout, "401");
      assert.ok((await agent.client.hostNetwork()).drops.hostAccess > before, "the attempts are counted");
      // The gateway still answers ping (and neighbour discovery), so the VPS's network works.
      await runInContainer(agent.config, nat.name, ["ping", "-c1", "-W2", gateway4]);
      await runInContainer(agent.config, nat.name, ["ping", "-6", "-c1", "-W2", gateway6]);
    } finally {
      await exposedAgent.close();
      for (const listener of listeners) listener.close();
    }
  });

  test("a NAT VPS reaches the upstream as the host's uplink address, and a port forward reaches it", async () => {
    const echo = peerAddressEcho(upstream, 7000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ask = (spec: ContainerSpec, host: string) => runInContainer(agent.config, spec.name, ["nc", "-w", "3", host, "7000"]);
    assert.equal((await ask(nat, upstream.ipv4)).stdout.trim(), upstream.hostIpv4, "masqueraded to the uplink's IPv4");
    assert.equal((await ask(nat, upstream.ipv6)).stdout.trim(), upstream.hostIpv6, "and its IPv6");
    // A routed VPS keeps its own address.
    assert.equal((await ask(routed, upstream.ipv4)).stdout.trim(), address(routed.network.ipv4));
    assert.equal((await ask(routed, upstream.ipv6)).stdout.trim(), address(routed.network.ipv6));
    echo.kill();

    // The NAT VPS serves on 8080; the upstream reaches it at the host's uplink address, port 18080.
    await runInContainer(agent.config, nat.name, ["sh", "-c", "mkdir -p /www && echo forwarded > /www/index.html && httpd -p 8080 -h /www"]);
    const fetchForward = () => upstream.run(["curl", "-s", "--max-time", "3", `http://${upstream.hostIpv4}:18080/`]);
    assert.equal(await succeeds(fetchForward()), false, "no forward yet");
    await agent.client.setHostNetwork(hostNetworkConfig(upstream.uplink, [{ protocol: "tcp", publicPort: 18080, address: address(nat.network.ipv4), port: 8080 }]));
    assert.equal((await fetchForward()).stdout.trim(), "forwarded");
    // Without the forward, the NAT VPS is not reachable from upstream at all.
    assert.equal(await succeeds(upstream.run(["ping", "-c1", "-W1", address(nat.network.ipv4)])), false);
    const refused = await rejection(agent.client.setHostNetwork(hostNetworkConfig(upstream.uplink, [{ protocol: "tcp", publicPort: 18081, address: "10.123.0.5", port: 80 }])));
    assert.equal(refused.status, 400);
    assert.match(refused.message, /portForwards: 10\.123\.0\.5 is in no NAT pool/);
    // Pools that would take over the host's own networks are refused too (the uplink's address as a gateway, or its network without it as uplink).
    const base = hostNetworkConfig(upstream.uplink);
    for (const [pool, message] of [
      [{ name: "steal", family: 4, mode: "routed", network: "198.51.100.0/25", gateway: upstream.hostIpv4, uplink: null, proxyNeighbour: false }, /gateway 198\.51\.100\.1 is already an address of up-berth-nw/],
      [{ name: "overlap", family: 4, mode: "routed", network: "198.51.100.0/26", gateway: "198.51.100.60", uplink: null, proxyNeighbour: false }, /overlaps 198\.51\.100\.0\/25 of up-berth-nw/],
    ] as const) {
      const conflict = await rejection(agent.client.setHostNetwork({ ...base, pools: [...base.pools, pool] }));
      assert.equal(conflict.status, 409);
      assert.match(conflict.message, message);
    }
    assert.equal((await agent.client.hostNetwork()).portForwards.length, 1, "the refused configurations changed nothing");
  });

  test("a routed VPS is reachable from upstream on its own IPv4, IPv6 and whole delegated prefix; proxied addresses answer on the uplink's link", async () => {
    await upstream.run(["ping", "-c1", "-W2", address(routed.network.ipv4)]);
    await upstream.run(["ping", "-6", "-c1", "-W2", address(routed.network.ipv6)]);
    // Any address of the delegated /64 is the VPS's to use (once its own duplicate address detection is done).
    await runInContainer(agent.config, routed.name, ["ip", "-6", "address", "add", "2001:db8:100:5::beef/64", "dev", "eth0"]);
    await upstream.run(["ping", "-6", "-c1", "-w5", "2001:db8:100:5::beef"]);
    // The upstream has these on its own link: the host answers for them and forwards.
    await upstream.run(["ping", "-c1", "-W2", address(proxied.network.ipv4)]);
    await upstream.run(["ping", "-6", "-c1", "-W2", address(proxied.network.ipv6)]);
    assert.match((await upstream.run(["ip", "neigh", "show", address(proxied.network.ipv4)])).stdout, /lladdr/);
  });

  test("a firewall rule set blocks and allows exactly what it says, applied whole, live; an older one never replaces a newer one", async () => {
    await runInContainer(agent.config, routed.name, ["sh", "-c", "mkdir -p /www && echo open > /www/index.html && (httpd -p 8080 -h /www; httpd -p 8081 -h /www; httpd -p [::]:8082 -h /www)"]);
    const from = (url: string) => succeeds(upstream.run(["curl", "-s", "--max-time", "2", url]));
    const v4 = (port: number) => `http://${address(routed.network.ipv4)}:${port}/`;
    const v6 = (port: number) => `http://[${address(routed.network.ipv6)}]:${port}/`;
    assert.equal(await from(v4(8081)), true, "open before any firewall");
    const policy: FirewallPolicy = {
      version: 2,
      defaultInbound: "drop",
      rules: [
        { direction: "in", protocol: "tcp", ports: { from: 8080, to: 8080 }, address: "198.51.100.0/24", action: "accept" },
        { direction: "in", protocol: "tcp", ports: { from: 8082, to: 8082 }, address: "2001:db8:1::/64", action: "accept" },
        { direction: "in", protocol: "icmp", ports: null, address: null, action: "accept" },
        { direction: "out", protocol: "tcp", ports: { from: 7001, to: 7001 }, address: null, action: "drop" },
      ],
    };
    assert.deepEqual(await agent.client.setFirewall(routed.name, policy), policy);
    assert.equal(await from(v4(8080)), true, "8080 is allowed from the upstream's network");
    assert.equal(await from(v4(8081)), false, "8081 falls to the default drop");
    assert.equal(await from(v6(8082)), true, "8082 is allowed over IPv6");
    assert.equal(await from(v6(8080)), false, "8080 over IPv6 is not (its rule names an IPv4 network)");
    await upstream.run(["ping", "-c1", "-W2", address(routed.network.ipv4)]);
    // Outbound: its own connections work (their replies pass the default drop), except what a rule drops.
    const echo = peerAddressEcho(upstream, 7000);
    const blockedEcho = peerAddressEcho(upstream, 7001);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await runInContainer(agent.config, routed.name, ["nc", "-w", "3", upstream.ipv4, "7000"])).stdout.trim(), address(routed.network.ipv4));
    assert.equal(await succeeds(runInContainer(agent.config, routed.name, ["nc", "-w", "2", upstream.ipv4, "7001"])), false, "outbound 7001 is dropped");
    echo.kill();
    blockedEcho.kill();
    // Bridged traffic too: the neighbour on the bridge is held to the same rules.
    assert.equal(await succeeds(runInContainer(agent.config, neighbour.name, ["nc", "-w", "2", address(routed.network.ipv4), "8081"])), false);
    assert.ok((await drops(routed)).firewall > 0, "firewall drops counted");

    // A late retry of an older rule set changes nothing; a bad one is refused before anything changes.
    assert.deepEqual(await agent.client.setFirewall(routed.name, { version: 1, defaultInbound: "accept", rules: [] }), policy);
    const bad = await rejection(agent.client.setFirewall(routed.name, { ...policy, version: 3, rules: [{ direction: "in", protocol: "icmp", ports: { from: 1, to: 2 }, address: null, action: "accept" }] }));
    assert.equal(bad.status, 400);
    assert.match(bad.message, /^rules\.0\.ports: ports need protocol tcp or udp/);
    assert.deepEqual((await agent.client.containerNetwork(routed.name)).firewall, policy);
    assert.equal(await from(v4(8081)), false);
    await agent.client.setFirewall(routed.name, { version: 4, defaultInbound: "accept", rules: [] });
    assert.equal(await from(v4(8081)), true, "lifted live");
  });

  test("the plan's bandwidth holds in both directions within 15%, and a resize or a throttle changes it live", async () => {
    const measure = async (reverse: boolean) => {
      const server = upstream.spawn(["iperf3", "-s", "-1", "-p", "5201"]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const { stdout } = await inNetworkOf(routed, ["iperf3", "-c", upstream.ipv4, "-p", "5201", "-t", "3", "-J", ...(reverse ? ["-R"] : [])]);
      server.kill();
      return (JSON.parse(stdout) as { end: { sum_received: { bits_per_second: number } } }).end.sum_received.bits_per_second / 1e6;
    };
    const within = (measured: number, wanted: number, what: string) =>
      assert.ok(Math.abs(measured - wanted) <= wanted * 0.15, `${what}: measured ${measured.toFixed(1)} Mbit/s, wanted ${wanted} ± 15%`);
    await agent.client.resizeContainer(routed.name, { ...routed.limits, networkMbps: 40 });
    within(await measure(false), 40, "upload at 40");
    within(await measure(true), 40, "download at 40");
    await agent.client.resizeContainer(routed.name, { ...routed.limits, networkMbps: 80 });
    within(await measure(false), 80, "upload after a live resize to 80");
    within(await measure(true), 80, "download after a live resize to 80");
    assert.equal((await agent.client.throttleContainer(routed.name, 10)).bandwidthMbps, 10);
    within(await measure(true), 10, "download throttled to 10");
    await agent.client.throttleContainer(routed.name, null);
    within(await measure(false), 80, "the plan's rate once the throttle is lifted");
  });

  test("usage counts the bytes a VPS sends and receives within 2%, its CPU time alone, and keeps counting over container and agent restarts", async () => {
    const usageOf = async (spec: ContainerSpec) => (await agent.client.usage()).containers.find((entry) => entry.name === spec.name) ?? assert.fail(`no usage for ${spec.name}`);
    const transfer = async (megabytes: number) => {
      const server = upstream.spawn(["iperf3", "-s", "-1", "-p", "5202"]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await inNetworkOf(routed, ["iperf3", "-c", upstream.ipv4, "-p", "5202", "-n", `${megabytes}M`]);
      server.kill();
    };
    const first = await usageOf(routed);
    const linkBefore = await upstream.interfaceBytes();
    await transfer(20);
    const second = await usageOf(routed);
    const linkAfter = await upstream.interfaceBytes();
    const sent = second.txBytes - first.txBytes;
    const received = second.rxBytes - first.rxBytes;
    const upstreamReceived = linkAfter.rx - linkBefore.rx;
    const upstreamSent = linkAfter.tx - linkBefore.tx;
    assert.ok(Math.abs(sent - upstreamReceived) <= upstreamReceived * 0.02, `sent ${sent} bytes, the upstream received ${upstreamReceived}`);
    assert.ok(Math.abs(received - upstreamSent) <= Math.max(upstreamSent * 0.02, 4096), `received ${received} bytes, the upstream sent ${upstreamSent}`);

    // CPU: a burner in one VPS shows in its counter, not in its neighbour's.
    const neighbourBefore = await usageOf(neighbour);
    await runInContainer(agent.config, routed.name, ["sh", "-c", "timeout 2 sh -c 'while :; do :; done' || true"]);
    const burnt = await usageOf(routed);
    const neighbourAfter = await usageOf(neighbour);
    assert.ok(burnt.cpuSeconds - second.cpuSeconds >= 1, `the burner used ${burnt.cpuSeconds - second.cpuSeconds} s`);
    assert.ok(neighbourAfter.cpuSeconds - neighbourBefore.cpuSeconds < 0.5, "the neighbour's CPU time hardly moved");
    assert.ok(burnt.memoryBytes > 0 && burnt.diskBytes > 0);

    // Before and after a reboot (new cgroup, new veth), then read by a new agent: the totals carry on.
    const linkBeforeReboot = await upstream.interfaceBytes();
    await transfer(5);
    await agent.client.rebootContainer(routed.name);
    await transfer(5);
    const linkAfterReboot = await upstream.interfaceBytes();
    const restartedAgent = await startAgentServer({ config: { ...agent.config, listen: { host: "127.0.0.1", port: 0 } }, log: () => undefined });
    try {
      const client = new AgentClient({ url: restartedAgent.url, secret: agent.secret });
      const third = (await client.usage()).containers.find((entry) => entry.name === routed.name) ?? assert.fail("no usage");
      const sentAcross = third.txBytes - burnt.txBytes;
      const crossed = linkAfterReboot.rx - linkBeforeReboot.rx;
      assert.ok(Math.abs(sentAcross - crossed) <= crossed * 0.02, `across a reboot and an agent restart: counted ${sentAcross} bytes sent, the upstream received ${crossed}`);
      assert.ok(third.cpuSeconds >= burnt.cpuSeconds, "CPU time never goes back");
    } finally {
      await restartedAgent.close();
    }
  });

  test("an address that comes back with a new MAC answers at once; a destroyed VPS leaves no rules behind", async () => {
    const ip = address(nat.network.ipv4);
    await runCommand(["ping", "-c1", "-W2", ip]);
    await agent.client.destroyContainer(nat.name);
    const chains = (await runCommand(["nft", "list", "table", "bridge", `berth_${network.bridge}`])).stdout;
    assert.doesNotMatch(chains, new RegExp(hostVethName(nat.name)), "its chain and map entry are gone");
    // Another VPS (another MAC) gets the released address.
    const successor = testSpec("net-successor", 1, {}, network);
    await agent.client.createContainer(successor);
    await agent.client.startContainer(successor.name);
    const started = Date.now();
    await runCommand(["ping", "-c1", "-W2", ip]);
    assert.ok(Date.now() - started < 2000, "no wait for a stale neighbour entry");
    assert.match((await runCommand(["ip", "neigh", "show", "to", ip, "dev", network.bridge])).stdout, new RegExp(containerMacAddress(successor.name)));
  });

  test("rules come back when the agent starts, whatever happened to them meanwhile", async () => {
    await runCommand(["nft", "delete", "table", "bridge", `berth_${network.bridge}`]);
    // Without the bridge table, a spoofed MAC would pass: the agent's start writes it again.
    const restarted = await startAgentServer({ config: { ...agent.config, listen: { host: "127.0.0.1", port: 0 } }, log: () => undefined });
    await restarted.close();
    const table = (await runCommand(["nft", "list", "table", "bridge", `berth_${network.bridge}`])).stdout;
    for (const spec of [neighbour, routed, proxied]) assert.match(table, new RegExp(`spoof_${hostVethName(spec.name)}`));
    await runInContainer(agent.config, neighbour.name, ["ip", "link", "set", "eth0", "address", "02:de:ad:be:ef:03"]);
    assert.equal(await succeeds(runInContainer(agent.config, neighbour.name, ["ping", "-c1", "-W1", gateway4])), false);
    await runInContainer(agent.config, neighbour.name, ["ip", "link", "set", "eth0", "address", containerMacAddress(neighbour.name)]);
  });

  test("an address change moves the VPS's rules with it: the new addresses work, the old ones are no longer its own", async () => {
    const moved = { ...neighbour.network, ipv4: `${network.ipv4Prefix}.40/24`, ipv6: `${network.ipv6Prefix}::28/64` };
    const { container } = await agent.client.containerAction(neighbour.name, "addresses", { network: moved });
    assert.equal(container?.state, "RUNNING", "it runs again on its new addresses");
    await pingFromHost(address(moved.ipv4));
    await pingFromHost(address(moved.ipv6), 15);
    const maps = (await runCommand(["nft", "list", "map", "inet", `berth_${network.bridge}`, "firewall_in4"])).stdout;
    assert.match(maps, new RegExp(`${address(moved.ipv4).replaceAll(".", "\\.")} : jump in_${hostVethName(neighbour.name)}`));
    assert.doesNotMatch(maps, new RegExp(`${address(neighbour.network.ipv4).replaceAll(".", "\\.")} :`), "the old address left its firewall map");
    // Its old address is now somebody else's: sending from it is spoofing.
    const before = await drops(neighbour);
    await runInContainer(agent.config, neighbour.name, ["ip", "address", "add", neighbour.network.ipv4, "dev", "eth0"]);
    assert.equal(await succeeds(runInContainer(agent.config, neighbour.name, ["ping", "-c1", "-W1", "-I", address(neighbour.network.ipv4), gateway4])), false);
    assert.ok((await drops(neighbour)).spoofedIpv4 > before.spoofedIpv4);
    const refused = await rejection(agent.client.containerAction(neighbour.name, "addresses", { network: { ...moved, ipv6Prefix: "2001:db8:100:9::/64" } }));
    assert.equal(refused.status, 400);
    assert.match(refused.message, /^network\.ipv6: ipv6 must be an address inside ipv6Prefix/);
  });
});
