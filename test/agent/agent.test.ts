import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AgentClient, AgentRequestError } from "../../agent/client";
import { isSubvolume } from "../../agent/btrfs/subvolume";
import { LxcDriver } from "../../agent/lxc/driver";
import { runCommand } from "../../agent/run-command";
import { signRequest } from "../../agent/protocol/signature";
import type { ContainerSpec } from "../../agent/types";
import {
  exists,
  lxcState,
  pingFromHost,
  processUid,
  readContainerCgroupLimits,
  rejection,
  runInContainer,
  startTestAgent,
  testSpec,
  type TestAgent,
} from "../support/agent";

describe("berth agent", () => {
  let agent: TestAgent;

  before(async () => {
    agent = await startTestAgent();
  });

  after(async () => {
    await agent?.teardown();
  });

  /** Runs checks on a container and destroys it afterwards even if a check fails. */
  async function withContainer(name: string, checks: () => Promise<void>): Promise<void> {
    try {
      await checks();
    } finally {
      await agent.client.destroyContainer(name).catch(() => undefined);
    }
  }

  function serverFolder(name: string): string {
    return `${agent.config.poolDir}/servers/${name}`;
  }

  function containerFolder(name: string): string {
    return `${agent.config.lxcPath}/${name}`;
  }

  test("requests must be signed, fresh and not replayed", async () => {
    const url = `${agent.server.url}/v1/health`;

    const unsigned = await fetch(url);
    assert.equal(unsigned.status, 401);
    assert.equal(((await unsigned.json()) as { error: { code: string } }).error.code, "unauthenticated");

    const wrongSecret = new AgentClient({ url: agent.server.url, secret: "f".repeat(64) });
    const wrong = await rejection(wrongSecret.health());
    assert.equal(wrong.status, 401);
    assert.equal(wrong.code, "unauthenticated");

    const staleHeaders = signRequest(
      agent.secret,
      { hostName: "", method: "GET", pathWithQuery: "/v1/health", body: "" },
      { now: new Date(Date.now() - 120_000) },
    );
    const stale = await fetch(url, { headers: { ...staleHeaders } });
    assert.equal(stale.status, 401);
    assert.equal(((await stale.json()) as { error: { code: string } }).error.code, "stale_request");

    const headers = { ...signRequest(agent.secret, { hostName: "", method: "GET", pathWithQuery: "/v1/health", body: "" }) };
    const first = await fetch(url, { headers });
    assert.equal(first.status, 200);
    const health = (await first.json()) as { ok: boolean; cgroupVersion: number; bridge: string; pool: string };
    assert.equal(health.ok, true);
    assert.equal(health.bridge, agent.config.bridge);
    assert.ok(health.cgroupVersion === 1 || health.cgroupVersion === 2);

    const replay = await fetch(url, { headers });
    assert.equal(replay.status, 401);
    assert.equal(((await replay.json()) as { error: { code: string } }).error.code, "replayed_request");

    // A signature covers the body: the same headers on another body are refused.
    const bodyHeaders = signRequest(agent.secret, { hostName: "", method: "PUT", pathWithQuery: "/v1/containers/x", body: "{}" });
    const tampered = await fetch(`${agent.server.url}/v1/containers/x`, {
      method: "PUT",
      headers: { ...bodyHeaders },
      body: '{"name":"x"}',
    });
    assert.equal(tampered.status, 401);

    const valid = await agent.client.health();
    assert.equal(valid.ok, true);
  });

  test("creates and starts a real unprivileged container with its limits, network, hostname and disk quota", async () => {
    const spec = testSpec("web1", 1);
    await withContainer(spec.name, () => checkRunningContainer(spec));
  });

  async function checkRunningContainer(spec: ContainerSpec): Promise<void> {
    const created = await agent.client.createContainer(spec);
    assert.match(created.operationId, /^[0-9a-f-]{36}$/);
    assert.equal(created.container?.state, "STOPPED");

    const started = await agent.client.startContainer(spec.name);
    assert.equal(started.container?.state, "RUNNING");
    const pid = started.container?.pid;
    assert.ok(pid && pid > 1, "running container has an init pid");

    // Checked from the host, not through the agent.
    assert.equal((await lxcState(agent.config, spec.name)).state, "RUNNING");
    assert.equal(await processUid(pid), spec.idmapBase, "container root is the mapped id, not host root");

    const limits = await readContainerCgroupLimits(pid);
    assert.equal(limits.memoryBytes, spec.limits.memoryMb * 1024 * 1024);
    assert.equal(limits.cpuPeriodMicroseconds, 100_000);
    assert.equal(limits.cpuQuotaMicroseconds, spec.limits.cpus * 100_000);
    assert.equal(limits.pidsMax, spec.limits.processes);

    await pingFromHost(spec.network.ipv4.split("/")[0] as string);
    await pingFromHost(spec.network.ipv6.split("/")[0] as string);

    const hostname = await runInContainer(agent.config, spec.name, ["hostname"]);
    assert.equal(hostname.stdout.trim(), spec.hostname);

    await assert.rejects(
      runInContainer(agent.config, spec.name, ["dd", "if=/dev/zero", "of=/big", "bs=1M", `count=${spec.limits.diskMb + 20}`]),
      (error: Error & { stderr?: string }) => /quota|No space/i.test(error.stderr ?? ""),
      "writing past the disk limit fails",
    );

    const listed = await agent.client.listContainers();
    assert.deepEqual(
      listed.map((container) => container.name),
      [spec.name],
    );

    const destroyed = await agent.client.destroyContainer(spec.name);
    assert.equal(destroyed.container, null);
    assert.equal(await agent.client.getContainer(spec.name), null);
    assert.equal(await exists(containerFolder(spec.name)), false, "no LXC folder left");
    assert.equal(await isSubvolume(serverFolder(spec.name)), false, "no subvolume left");
    assert.equal(await exists(serverFolder(spec.name)), false);
    assert.ok(agent.logs.some((line) => line.operationId === destroyed.operationId && line.action === "destroy"));
  }

  test("create, start, stop and destroy are idempotent, and concurrent actions are refused as busy", async () => {
    const spec = testSpec("idem1", 2);
    await withContainer(spec.name, () => checkIdempotency(spec));
  });

  async function checkIdempotency(spec: ContainerSpec): Promise<void> {
    const first = await agent.client.createContainer(spec);
    const second = await agent.client.createContainer(spec);
    assert.notEqual(first.operationId, second.operationId);
    assert.deepEqual(second.container, first.container);
    assert.equal((await agent.client.listContainers()).filter((container) => container.name === spec.name).length, 1);

    const startedOnce = await agent.client.startContainer(spec.name);
    const startedTwice = await agent.client.startContainer(spec.name);
    assert.equal(startedTwice.container?.state, "RUNNING");
    assert.equal(startedTwice.container?.pid, startedOnce.container?.pid, "second start left the container alone");

    // A clean stop takes a couple of seconds, so the second request arrives while the first runs.
    const results = await Promise.allSettled([agent.client.stopContainer(spec.name), agent.client.stopContainer(spec.name)]);
    const refused = results.filter((result) => result.status === "rejected");
    assert.equal(refused.length, 1, "exactly one of two concurrent actions is refused");
    const reason = (refused[0] as PromiseRejectedResult).reason as AgentRequestError;
    assert.equal(reason.status, 409);
    assert.equal(reason.code, "busy");

    const stoppedAgain = await agent.client.stopContainer(spec.name);
    assert.equal(stoppedAgain.container?.state, "STOPPED");

    await agent.client.destroyContainer(spec.name);
    const again = await agent.client.destroyContainer(spec.name);
    assert.equal(again.container, null);
    assert.equal(await agent.client.getContainer(spec.name), null);
    assert.equal(await isSubvolume(serverFolder(spec.name)), false);

    const missing = await rejection(agent.client.startContainer(spec.name));
    assert.equal(missing.status, 404);
  }

  test("inside a container /proc shows its own memory, CPUs and life, not the host's (lxcfs)", async () => {
    const spec = testSpec("procview", 7, { limits: { cpus: 1, memoryMb: 200, swapMb: 0, diskMb: 64, processes: 128 } });
    try {
      await agent.client.createContainer(spec);
      await agent.client.startContainer(spec.name);
      const meminfo = (await runInContainer(agent.config, spec.name, ["cat", "/proc/meminfo"])).stdout;
      assert.match(meminfo, /^MemTotal:\s+204800 kB$/m, "the plan's 200 MiB, not the host's memory");
      const processors = (await runInContainer(agent.config, spec.name, ["grep", "-c", "^processor", "/proc/cpuinfo"])).stdout.trim();
      assert.equal(processors, "1", "the plan's one vCPU");
      const uptime = Number((await runInContainer(agent.config, spec.name, ["cat", "/proc/uptime"])).stdout.split(" ")[0]);
      assert.ok(uptime < 120, `the container's own uptime (${uptime} s), not the host's`);
    } finally {
      await agent.client.destroyContainer(spec.name);
    }
  });

  test("a create that stopped half-way is redone cleanly", async () => {
    const spec = testSpec("half1", 3);
    await agent.client.createContainer(spec);
    // Simulate a crash after the snapshot but before the config was written.
    await runCommand(["rm", "-rf", containerFolder(spec.name)]);
    assert.equal(await agent.client.getContainer(spec.name), null);

    const redone = await agent.client.createContainer(spec);
    assert.equal(redone.container?.state, "STOPPED");
    // This host (btrfs, kernel >= 5.15) mounts root file systems idmapped: the image's ids stay on disk.
    assert.equal((await agent.client.health()).rootfsOwnership, "idmapped");
    const rootOwner = (await runCommand(["stat", "-c", "%u", `${serverFolder(spec.name)}/rootfs/bin/busybox`])).stdout.trim();
    assert.equal(Number(rootOwner), 0, "no ownership walk");
    const mode = (await runCommand(["stat", "-c", "%a", `${serverFolder(spec.name)}/rootfs/bin/busybox`])).stdout.trim();
    assert.equal(mode, "6755", "setuid/setgid bits intact");
    await agent.client.destroyContainer(spec.name);
  });

  test("idmapped and shifted containers both run as their own id range; the fallback shifts every file once", async () => {
    const idmapped = testSpec("own-idmap", 5);
    const shifted = testSpec("own-shift", 6);
    // A driver forced to the fallback, sharing the pool: what a host without idmapped mounts does.
    const fallback = new LxcDriver({ ...agent.config, rootfsOwnership: "shifted" });
    try {
      await agent.client.createContainer(idmapped);
      await fallback.create(shifted);
      assert.equal(Number((await runCommand(["stat", "-c", "%u", `${serverFolder(shifted.name)}/rootfs/bin/busybox`])).stdout.trim()), shifted.idmapBase);
      assert.equal((await runCommand(["stat", "-c", "%a", `${serverFolder(shifted.name)}/rootfs/bin/busybox`])).stdout.trim(), "6755");
      for (const spec of [idmapped, shifted]) {
        // The agent reads each container's own mode from disk, whichever driver made it.
        await agent.client.startContainer(spec.name);
        const { pid } = await lxcState(agent.config, spec.name);
        assert.equal(await processUid(pid!), spec.idmapBase, `${spec.name} runs as its own range`);
        assert.equal((await runInContainer(agent.config, spec.name, ["stat", "-c", "%u", "/bin/busybox"])).stdout.trim(), "0", `${spec.name}: root owns its files inside`);
        await runInContainer(agent.config, spec.name, ["touch", "/created-inside"]);
      }
      assert.equal(Number((await runCommand(["stat", "-c", "%u", `${serverFolder(idmapped.name)}/rootfs/created-inside`])).stdout.trim()), 0);
      assert.equal(Number((await runCommand(["stat", "-c", "%u", `${serverFolder(shifted.name)}/rootfs/created-inside`])).stdout.trim()), shifted.idmapBase);
    } finally {
      await agent.client.destroyContainer(idmapped.name);
      await agent.client.destroyContainer(shifted.name);
    }
  });

  test("bad input is refused with the field named, and nothing is created", async () => {
    const badName = await rejection(agent.client.createContainer(testSpec("Bad_Name", 4)));
    assert.equal(badName.status, 400);
    assert.equal(badName.code, "invalid_request");
    assert.match(badName.message, /name/);

    const badHostname = await rejection(agent.client.createContainer(testSpec("badhost", 4, { hostname: "-not-a-label-" })));
    assert.equal(badHostname.status, 400);
    assert.match(badHostname.message, /^hostname/);

    const badLimits = await rejection(
      agent.client.createContainer(testSpec("badlimits", 4, { limits: { ...testSpec("x", 4).limits, memoryMb: 1.5 } })),
    );
    assert.equal(badLimits.status, 400);
    assert.match(badLimits.message, /^limits\.memoryMb/);

    const badIdmap = await rejection(agent.client.createContainer(testSpec("badidmap", 4, { idmapBase: 0 })));
    assert.equal(badIdmap.status, 400);
    assert.match(badIdmap.message, /^idmapBase/);

    const unknownTemplate = await rejection(agent.client.createContainer(testSpec("notemplate", 4, { template: "nosuchdistro" })));
    assert.equal(unknownTemplate.status, 422);
    assert.equal(unknownTemplate.code, "unknown_template");

    const names = ["badhost", "badlimits", "badidmap", "notemplate"];
    const listed = await agent.client.listContainers();
    assert.deepEqual(listed.filter((container) => names.includes(container.name)), []);
    for (const name of names) {
      assert.equal(await exists(containerFolder(name)), false);
      assert.equal(await exists(serverFolder(name)), false);
    }
  });
});
