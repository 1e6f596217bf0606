import assert from "node:assert/strict";
import { mkdir, rename } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { AgentRequestError } from "../../agent/client";
import { isSubvolume } from "../../agent/btrfs/subvolume";
import { startWantedContainers } from "../../agent/host/autostart";
import { LxcDriver } from "../../agent/lxc/driver";
import { runCommand } from "../../agent/run-command";
import type { ContainerLimits, ContainerSpec } from "../../agent/types";
import {
  exists,
  lxcState,
  pingFromHost,
  processStartTime,
  processUid,
  quotaLimitBytes,
  readCgroupFile,
  readContainerCgroupLimits,
  rejection,
  runInContainer,
  startTestAgent,
  testSpec,
  type TestAgent,
  type TestNetwork,
} from "../support/agent";

// Its own bridge and ranges: node --test runs this file in parallel with agent.test.ts.
const network: TestNetwork = { bridge: "br-berth-l", ipv4Prefix: "10.81.0", ipv6Prefix: "fd77:6265:7274:81" };
const mebibyte = 1024 * 1024;

function addresses(spec: ContainerSpec): [string, string] {
  return [spec.network.ipv4.split("/")[0] as string, spec.network.ipv6.split("/")[0] as string];
}

/** One ping attempt that must get no answer. */
async function assertUnreachable(address: string): Promise<void> {
  const family = address.includes(":") ? "-6" : "-4";
  await assert.rejects(runCommand(["ping", family, "-c1", "-W1", address]), `${address} must not answer`);
}

describe("container lifecycle: suspend, resize, reinstall, reboot", () => {
  let agent: TestAgent;

  before(async () => {
    agent = await startTestAgent(network);
  });

  after(async () => {
    await agent?.teardown();
  });

  async function withContainer(spec: ContainerSpec, checks: () => Promise<void>): Promise<void> {
    try {
      await agent.client.createContainer(spec);
      await checks();
    } finally {
      await agent.client.destroyContainer(spec.name).catch(() => undefined);
    }
  }

  function serverFolder(name: string): string {
    return `${agent.config.poolDir}/servers/${name}`;
  }

  async function runningPid(name: string): Promise<number> {
    const { state, pid } = await lxcState(agent.config, name);
    assert.equal(state, "RUNNING");
    assert.ok(pid && pid > 1);
    return pid;
  }

  test("suspend freezes and cuts the network, survives an agent restart, and unsuspend undoes both", async () => {
    const spec = testSpec("lc-susp", 21, {}, network);
    const [ipv4, ipv6] = addresses(spec);
    await withContainer(spec, async () => {
      await agent.client.startContainer(spec.name);
      const pid = await runningPid(spec.name);
      await pingFromHost(ipv4);
      await pingFromHost(ipv6);

      const suspended = await agent.client.suspendContainer(spec.name);
      assert.equal(suspended.container?.state, "FROZEN");
      assert.equal(suspended.container?.suspended, true);
      assert.equal((await lxcState(agent.config, spec.name)).state, "FROZEN");
      await assertUnreachable(ipv4);
      await assertUnreachable(ipv6);
      assert.equal((await agent.client.suspendContainer(spec.name)).container?.state, "FROZEN", "suspend again is a no-op");

      for (const refused of [() => agent.client.startContainer(spec.name), () => agent.client.rebootContainer(spec.name)]) {
        const error = await rejection(refused());
        assert.equal(error.status, 409);
        assert.equal(error.code, "suspended");
      }
      // A restarted agent knows nothing from memory: a fresh driver must read the same from the system.
      const seenAfresh = await new LxcDriver(agent.config).state(spec.name);
      assert.equal(seenAfresh?.suspended, true);
      assert.equal(seenAfresh?.state, "FROZEN");

      const resumed = await agent.client.unsuspendContainer(spec.name);
      assert.equal(resumed.container?.state, "RUNNING");
      assert.equal(resumed.container?.suspended, false);
      assert.equal(await runningPid(spec.name), pid, "same init: thawed, not restarted");
      await pingFromHost(ipv4);
      await pingFromHost(ipv6);
      assert.equal((await agent.client.unsuspendContainer(spec.name)).container?.pid, pid, "unsuspend again is a no-op");

      // A stopped container stays stopped when suspended, and may not start until unsuspended.
      await agent.client.stopContainer(spec.name);
      const suspendedStopped = await agent.client.suspendContainer(spec.name);
      assert.equal(suspendedStopped.container?.state, "STOPPED");
      assert.equal((await agent.client.getContainer(spec.name))?.suspended, true);
      assert.equal((await rejection(agent.client.startContainer(spec.name))).code, "suspended");
      assert.equal((await agent.client.unsuspendContainer(spec.name)).container?.state, "STOPPED");
      assert.equal((await agent.client.startContainer(spec.name)).container?.state, "RUNNING");
      await pingFromHost(ipv4);
    });
  });

  test("resize changes cgroup limits and the disk quota live; shrinking the disk below its use is refused", async () => {
    const spec = testSpec("lc-resize", 22, {}, network);
    await withContainer(spec, async () => {
      await agent.client.startContainer(spec.name);
      const pid = await runningPid(spec.name);
      const startTime = await processStartTime(pid);

      async function expectLive(limits: ContainerLimits): Promise<void> {
        const live = await readContainerCgroupLimits(pid);
        assert.equal(live.memoryBytes, limits.memoryMb * mebibyte);
        assert.equal(live.cpuQuotaMicroseconds, Math.round(limits.cpus * live.cpuPeriodMicroseconds));
        assert.equal(live.pidsMax, limits.processes);
        const memsw = await readCgroupFile(pid, "memory", "memory.memsw.limit_in_bytes");
        if (memsw !== null) assert.equal(Number(memsw), (limits.memoryMb + limits.swapMb) * mebibyte);
        const swapV2 = await readCgroupFile(pid, "", "memory.swap.max");
        if (swapV2 !== null) assert.equal(Number(swapV2), limits.swapMb * mebibyte);
        assert.equal(await quotaLimitBytes(serverFolder(spec.name)), limits.diskMb * mebibyte);
        const reads = await readCgroupFile(pid, "blkio", "blkio.throttle.read_bps_device");
        if (reads !== null) {
          const expected = limits.ioReadMbps === undefined ? "" : ` ${limits.ioReadMbps * mebibyte}`;
          assert.match(reads, expected ? new RegExp(`^\\d+:\\d+${expected}$`) : /^$/);
        }
        assert.deepEqual((await agent.client.getContainer(spec.name))?.limits, limits);
      }

      const grown: ContainerLimits = { cpus: 1, memoryMb: 192, swapMb: 64, diskMb: 128, processes: 256, ioReadMbps: 20, ioWriteMbps: 10 };
      const afterGrow = await agent.client.resizeContainer(spec.name, grown);
      assert.equal(afterGrow.container?.pid, pid);
      await expectLive(grown);
      // Past the old 64 MiB limit, within the new 128 MiB one.
      await runInContainer(agent.config, spec.name, ["dd", "if=/dev/zero", "of=/big", "bs=1M", "count=90"]);

      const shrunk: ContainerLimits = { cpus: 0.25, memoryMb: 64, swapMb: 16, diskMb: 64, processes: 64 };
      const refused = await rejection(agent.client.resizeContainer(spec.name, shrunk));
      assert.equal(refused.status, 409);
      assert.equal(refused.code, "disk_in_use");
      assert.match(refused.message, /uses \d+ MiB/);
      await expectLive(grown);

      await runInContainer(agent.config, spec.name, ["rm", "/big"]);
      const afterShrink = await agent.client.resizeContainer(spec.name, shrunk);
      assert.equal(afterShrink.container?.state, "RUNNING");
      assert.ok((afterShrink.container?.diskUsedBytes ?? 0) > 0);
      await expectLive(shrunk);
      await assert.rejects(
        runInContainer(agent.config, spec.name, ["dd", "if=/dev/zero", "of=/big", "bs=1M", "count=84"]),
        (error: Error & { stderr?: string }) => /quota|No space/i.test(error.stderr ?? ""),
        "the new smaller disk limit holds",
      );
      assert.equal(await runningPid(spec.name), pid, "never restarted");
      assert.equal(await processStartTime(pid), startTime);

      // The config file was rewritten too: a reboot comes back with the new limits.
      const rebooted = await agent.client.rebootContainer(spec.name);
      assert.equal(rebooted.container?.state, "RUNNING");
      const newPid = await runningPid(spec.name);
      assert.notEqual(newPid, pid);
      const live = await readContainerCgroupLimits(newPid);
      assert.equal(live.memoryBytes, shrunk.memoryMb * mebibyte);
      assert.equal(live.pidsMax, shrunk.processes);
    });
  });

  test("reboot gives a new init, and a concurrent action is refused as busy", async () => {
    const spec = testSpec("lc-reboot", 23, {}, network);
    await withContainer(spec, async () => {
      await agent.client.startContainer(spec.name);
      const pid = await runningPid(spec.name);
      const rebooting = agent.client.rebootContainer(spec.name);
      // The reboot's clean stop takes seconds (busybox init); a suspend sent meanwhile finds it locked.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [reboot, suspend] = await Promise.allSettled([rebooting, agent.client.suspendContainer(spec.name)]);
      assert.equal(reboot?.status, "fulfilled");
      assert.equal(suspend?.status, "rejected");
      assert.equal(((suspend as PromiseRejectedResult).reason as AgentRequestError).code, "busy");
      const newPid = await runningPid(spec.name);
      assert.notEqual(newPid, pid);
      assert.equal((reboot as PromiseFulfilledResult<{ container: { pid: number } }>).value.container.pid, newPid);
      assert.equal((await agent.client.getContainer(spec.name))?.suspended, false);
    });
  });

  test("reinstall wipes the disk, keeps addresses, hostname and limits, and finishes after an interruption", async () => {
    const spec = testSpec("lc-reinst", 24, {}, network);
    const [ipv4, ipv6] = addresses(spec);
    await withContainer(spec, async () => {
      await agent.client.startContainer(spec.name);
      await runInContainer(agent.config, spec.name, ["sh", "-c", "mkdir -p /root && echo data > /root/marker"]);

      const reinstalled = await agent.client.reinstallContainer(spec.name, "busybox");
      assert.equal(reinstalled.container?.state, "RUNNING");
      await runningPid(spec.name);
      await assert.rejects(runInContainer(agent.config, spec.name, ["test", "-e", "/root/marker"]), "old data is gone");
      await pingFromHost(ipv4);
      await pingFromHost(ipv6);
      assert.equal((await runInContainer(agent.config, spec.name, ["hostname"])).stdout.trim(), spec.hostname);
      assert.deepEqual(reinstalled.container?.limits, spec.limits);
      assert.equal(await quotaLimitBytes(serverFolder(spec.name)), spec.limits.diskMb * mebibyte);
      const owner = (await runCommand(["stat", "-c", "%u", `${serverFolder(spec.name)}/rootfs/bin/busybox`])).stdout.trim();
      assert.equal(Number(owner), 0, "the fresh copy keeps the image's ids (idmapped)");
      assert.equal(await processUid(await runningPid(spec.name)), spec.idmapBase);

      // Interrupted between the two renames: the old disk moved aside, a half-built new one left.
      await agent.client.stopContainer(spec.name);
      await rename(serverFolder(spec.name), `${agent.config.poolDir}/servers/.replaced-${spec.name}`);
      await mkdir(`${agent.config.poolDir}/servers/.reinstall-${spec.name}`);
      const finished = await agent.client.reinstallContainer(spec.name, "busybox");
      assert.equal(finished.container?.state, "STOPPED", "a stopped container stays stopped");
      assert.equal(await isSubvolume(serverFolder(spec.name)), true);
      assert.equal(await exists(`${agent.config.poolDir}/servers/.replaced-${spec.name}`), false);
      assert.equal(await exists(`${agent.config.poolDir}/servers/.reinstall-${spec.name}`), false);
      assert.equal((await agent.client.startContainer(spec.name)).container?.state, "RUNNING");
      await pingFromHost(ipv4);
    });
  });

  test("rescue boots the rescue system with the container's disk at /mnt/disk; unrescue boots its own system again", async () => {
    const spec = testSpec("lc-rescue", 26, {}, network);
    const [ipv4, ipv6] = addresses(spec);
    await withContainer(spec, async () => {
      await agent.client.startContainer(spec.name);
      await runInContainer(agent.config, spec.name, ["sh", "-c", "mkdir -p /root && echo broken > /root/state"]);
      const ownPid = await runningPid(spec.name);

      const rescued = await agent.client.containerAction(spec.name, "rescue");
      assert.equal(rescued.container?.state, "RUNNING");
      assert.equal(rescued.container?.rescue, true);
      const rescuePid = await runningPid(spec.name);
      assert.notEqual(rescuePid, ownPid, "the container's own system was stopped");
      // The rescue system is the agent's image (its motd), with the container's disk mounted below it.
      assert.match((await runInContainer(agent.config, spec.name, ["cat", "/etc/motd"])).stdout, /Berth rescue system/);
      assert.equal((await runInContainer(agent.config, spec.name, ["cat", "/mnt/disk/root/state"])).stdout.trim(), "broken");
      await runInContainer(agent.config, spec.name, ["sh", "-c", "echo repaired > /mnt/disk/root/state"]);
      await assert.rejects(runInContainer(agent.config, spec.name, ["test", "-e", "/root/state"]), "its own root is not the disk");
      // Same addresses, hostname and limits as the container itself; the disk is unprivileged like it.
      await pingFromHost(ipv4);
      await pingFromHost(ipv6);
      assert.equal((await runInContainer(agent.config, spec.name, ["hostname"])).stdout.trim(), spec.hostname);
      assert.equal((await readContainerCgroupLimits(rescuePid)).memoryBytes, spec.limits.memoryMb * mebibyte);
      assert.equal(await processUid(rescuePid), spec.idmapBase);
      assert.equal((await agent.client.containerAction(spec.name, "rescue")).container?.pid, rescuePid, "rescue again is a no-op");
      assert.equal((await rejection(agent.client.reinstallContainer(spec.name, "busybox"))).code, "in_rescue");
      // A restarted agent reads the mode from disk.
      assert.equal((await new LxcDriver(agent.config).state(spec.name))?.rescue, true);

      const back = await agent.client.containerAction(spec.name, "unrescue");
      assert.equal(back.container?.state, "RUNNING");
      assert.equal(back.container?.rescue, false);
      assert.equal((await runInContainer(agent.config, spec.name, ["cat", "/root/state"])).stdout.trim(), "repaired");
      await assert.rejects(runInContainer(agent.config, spec.name, ["test", "-e", "/etc/motd"]), "its own system, not the rescue image");
      await pingFromHost(ipv4);
      assert.equal(await exists(`${agent.config.poolDir}/servers/.rescue-${spec.name}`), false, "the rescue copy is gone");
      const own = await runningPid(spec.name);
      assert.equal((await agent.client.containerAction(spec.name, "unrescue")).container?.pid, own, "unrescue again is a no-op");

      // Destroying a container in rescue removes the rescue copy too.
      await agent.client.containerAction(spec.name, "rescue");
      await agent.client.destroyContainer(spec.name);
      assert.equal(await exists(`${agent.config.poolDir}/servers/.rescue-${spec.name}`), false);
      assert.equal(await exists(serverFolder(spec.name)), false);
    });
  });

  test("after a host reboot the agent starts the containers wanted running, not stopped or suspended ones", async () => {
    const wanted = testSpec("lc-boot-a", 27, {}, network);
    const stopped = testSpec("lc-boot-b", 28, {}, network);
    const suspended = testSpec("lc-boot-c", 29, {}, network);
    try {
      for (const spec of [wanted, stopped, suspended]) {
        await agent.client.createContainer(spec);
        await agent.client.startContainer(spec.name);
      }
      await agent.client.stopContainer(stopped.name);
      await agent.client.suspendContainer(suspended.name);
      assert.equal((await agent.client.getContainer(wanted.name))?.wantedRunning, true);
      assert.equal((await agent.client.getContainer(stopped.name))?.wantedRunning, false);
      // The host goes down: every container stops without the agent knowing.
      await runCommand(["lxc-unfreeze", "-n", suspended.name, "-P", agent.config.lxcPath]);
      for (const spec of [wanted, suspended]) await runCommand(["lxc-stop", "-k", "-n", spec.name, "-P", agent.config.lxcPath]);

      const log: string[] = [];
      const started = await startWantedContainers(new LxcDriver(agent.config), 2, (message) => log.push(message));
      assert.deepEqual(started, [wanted.name], log.join("\n"));
      assert.equal((await lxcState(agent.config, wanted.name)).state, "RUNNING");
      assert.equal((await lxcState(agent.config, stopped.name)).state, "STOPPED");
      assert.equal((await lxcState(agent.config, suspended.name)).state, "STOPPED", "a suspended container stays down");
      await pingFromHost(addresses(wanted)[0]);
    } finally {
      for (const spec of [wanted, stopped, suspended]) await agent.client.destroyContainer(spec.name).catch(() => undefined);
    }
  });

  test("bad input names the field, and unknown containers are 404", async () => {
    const spec = testSpec("lc-bad", 25, {}, network);
    await withContainer(spec, async () => {
      const negative = await rejection(agent.client.resizeContainer(spec.name, { ...spec.limits, memoryMb: -5 }));
      assert.equal(negative.status, 400);
      assert.equal(negative.code, "invalid_request");
      assert.match(negative.message, /^limits\.memoryMb/);
      const unknownKey = await rejection(agent.client.resizeContainer(spec.name, { ...spec.limits, gpus: 1 } as ContainerLimits));
      assert.match(unknownKey.message, /^limits\.gpus/);
      const badTemplate = await rejection(agent.client.reinstallContainer(spec.name, "Not A Template"));
      assert.equal(badTemplate.status, 400);
      assert.match(badTemplate.message, /^template/);
      const missingTemplate = await rejection(agent.client.reinstallContainer(spec.name, "nosuchdistro"));
      assert.equal(missingTemplate.status, 422);
      assert.equal(missingTemplate.code, "unknown_template");
      assert.deepEqual((await agent.client.getContainer(spec.name))?.limits, spec.limits, "nothing changed");

      // A stopped container takes a resize too: quota now, cgroup values at its next start.
      const bigger = { ...spec.limits, diskMb: 96, memoryMb: 128 };
      const resized = await agent.client.resizeContainer(spec.name, bigger);
      assert.equal(resized.container?.state, "STOPPED");
      assert.deepEqual(resized.container?.limits, bigger);
      assert.equal(await quotaLimitBytes(serverFolder(spec.name)), 96 * mebibyte);
      await agent.client.startContainer(spec.name);
      assert.equal((await readContainerCgroupLimits(await runningPid(spec.name))).memoryBytes, 128 * mebibyte);
    });

    const client = agent.client;
    for (const call of [
      () => client.rebootContainer("lc-nobody"),
      () => client.suspendContainer("lc-nobody"),
      () => client.unsuspendContainer("lc-nobody"),
      () => client.resizeContainer("lc-nobody", spec.limits),
      () => client.reinstallContainer("lc-nobody", "busybox"),
    ]) {
      const missing = await rejection(call());
      assert.equal(missing.status, 404);
      assert.equal(missing.code, "not_found");
    }
  });
});
