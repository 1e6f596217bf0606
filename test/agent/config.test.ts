import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AgentConfigError, loadAgentConfig } from "../../agent/config";
import { cgroupSettings, readSpecFromConfig, renderContainerConfig } from "../../agent/lxc/config-file";
import { containerCpus, parseCpuList } from "../../agent/lxc/cpuset";
import { hostVethName } from "../../agent/network/interface-names";
import { renderSeccompProfile } from "../../agent/lxc/seccomp-profile";
import { lxcSettingsForImage } from "../../agent/lxc/template-settings";
import { parseContainerSpec } from "../../agent/validation";
import { testSpec } from "../support/agent";

const secret = "a".repeat(64);
// A 4-CPU host for the rendered configs.
const cpus = [0, 1, 2, 3];

describe("agent configuration", () => {
  test("defaults derive from the data dir", () => {
    const config = loadAgentConfig({ BERTH_DATA_DIR: "/srv/berth", BERTH_AGENT_SECRET: secret });
    assert.equal(config.poolDir, "/srv/berth/pool");
    assert.equal(config.poolImage, "/srv/berth/pool.img");
    assert.equal(config.lxcPath, "/srv/berth/lxc");
    assert.equal(config.secretFile, "/srv/berth/agent.secret");
    assert.equal(config.seccompProfile, "/srv/berth/berth.seccomp");
    assert.equal(config.poolSize, "20G");
    assert.equal(config.poolDevice, null);
    assert.equal(config.bridge, "br-berth");
    assert.deepEqual(config.listen, { host: "127.0.0.1", port: 7070 });
    assert.equal(config.secret, secret);
  });

  test("bad values name the variable", () => {
    const cases: Array<[string, string]> = [
      ["BERTH_DATA_DIR", "relative/path"],
      ["BERTH_POOL_SIZE", "lots"],
      ["BERTH_POOL_SIZE", "10M"],
      ["BERTH_BRIDGE", "a-bridge-name-too-long"],
      ["BERTH_BRIDGE_IPV4", "10.77.0.1"],
      ["BERTH_BRIDGE_IPV6", "10.77.0.1/24"],
      ["BERTH_AGENT_LISTEN", "localhost"],
      ["BERTH_AGENT_SECRET", "short"],
    ];
    for (const [variable, value] of cases) {
      assert.throws(
        () => loadAgentConfig({ BERTH_DATA_DIR: "/srv/berth", BERTH_AGENT_SECRET: secret, [variable]: value }),
        (error: Error) => error instanceof AgentConfigError && error.message.startsWith(`${variable}:`),
        `${variable}=${value}`,
      );
    }
  });
});

describe("LXC container config", () => {
  test("v1 and v2 limits, idmap and network", () => {
    const spec = parseContainerSpec(testSpec("conf1", 1));
    const base = { spec, rootfs: "/pool/servers/conf1/rootfs", bridge: "br-x", logFile: "/l", template: lxcSettingsForImage(null), seccompProfile: "/d/berth.seccomp", ioDevice: null, rescueDisk: null, ownership: "shifted" as const };
    const v1 = renderContainerConfig({ ...base, cgroups: { version: 1, memoryAndSwapLimit: true, swapLimit: false, cpus } });
    assert.match(v1, /^lxc\.idmap = u 0 720896 65536$/m);
    assert.match(v1, /^lxc\.cgroup\.memory\.limit_in_bytes = 100663296$/m);
    assert.match(v1, /^lxc\.cgroup\.memory\.memsw\.limit_in_bytes = 134217728$/m);
    assert.match(v1, /^lxc\.cgroup\.cpu\.cfs_quota_us = 50000$/m);
    assert.match(v1, /^lxc\.cgroup\.cpuset\.cpus = [0-3]$/m, "0.5 vCPU: pinned to one CPU");
    assert.match(v1, /^lxc\.net\.0\.ipv4\.address = 10\.78\.0\.11\/24 10\.78\.0\.255$/m);
    assert.match(v1, /^lxc\.rootfs\.path = dir:\/pool\/servers\/conf1\/rootfs$/m);
    // The profile line must follow the includes: common.conf sets one too, and the last one wins.
    const lines = v1.split("\n");
    const profileLine = lines.indexOf("lxc.seccomp.profile = /d/berth.seccomp");
    const lastInclude = Math.max(...lines.flatMap((line, index) => (line.startsWith("lxc.include = ") ? [index] : [])));
    assert.ok(lastInclude >= 0 && profileLine > lastInclude, "seccomp profile line after the includes");
    const v2 = renderContainerConfig({ ...base, cgroups: { version: 2, memoryAndSwapLimit: false, swapLimit: true, cpus } });
    assert.match(v2, /^lxc\.cgroup2\.memory\.max = 100663296$/m);
    assert.match(v2, /^lxc\.cgroup2\.memory\.swap\.max = 33554432$/m);
    assert.match(v2, /^lxc\.cgroup2\.cpu\.max = 50000 100000$/m);
    assert.match(v2, /^lxc\.cgroup2\.cpuset\.cpus = [0-3]$/m);
    assert.doesNotMatch(v2, /^lxc\.cgroup\./m);
    assert.doesNotMatch(v1 + v2, /blkio|io\.max/, "no I/O keys without I/O limits");
  });

  test("I/O limits name the pool's device, and the spec can be read back from the file", () => {
    const spec = parseContainerSpec(testSpec("conf2", 2, { limits: { ...testSpec("x", 2).limits, ioReadMbps: 10, ioWriteMbps: 5 } }));
    const base = { spec, rootfs: "/r", bridge: "br-x", logFile: "/l", template: lxcSettingsForImage(null), seccompProfile: "/d/berth.seccomp", ioDevice: "7:3", rescueDisk: null, ownership: "shifted" as const };
    const v1 = renderContainerConfig({ ...base, cgroups: { version: 1, memoryAndSwapLimit: false, swapLimit: false, cpus } });
    assert.match(v1, /^lxc\.cgroup\.blkio\.throttle\.read_bps_device = 7:3 10485760$/m);
    assert.match(v1, /^lxc\.cgroup\.blkio\.throttle\.write_bps_device = 7:3 5242880$/m);
    assert.doesNotMatch(v1, /memsw/, "no memsw line without swap accounting");
    const v2 = renderContainerConfig({ ...base, cgroups: { version: 2, memoryAndSwapLimit: false, swapLimit: true, cpus } });
    assert.match(v2, /^lxc\.cgroup2\.io\.max = 7:3 rbps=10485760 wbps=5242880$/m);
    assert.deepEqual(readSpecFromConfig(v1), spec);
    assert.equal(readSpecFromConfig("lxc.uts.name = x\n"), null);
  });

  test("an idmapped container mounts its rootfs and its rescue disk through its own id mapping; a shifted one does not", () => {
    const spec = parseContainerSpec(testSpec("conf3", 3));
    const base = { spec, bridge: "br-x", logFile: "/l", template: lxcSettingsForImage(null), seccompProfile: "/d/s", ioDevice: null, cgroups: { version: 1 as const, memoryAndSwapLimit: true, swapLimit: false, cpus } };
    const idmapped = renderContainerConfig({ ...base, rootfs: "/pool/servers/conf3/rootfs", rescueDisk: null, ownership: "idmapped" });
    assert.match(idmapped, /^lxc\.rootfs\.options = idmap=container$/m);
    const rescue = renderContainerConfig({ ...base, rootfs: "/pool/servers/.rescue-conf3/rootfs", rescueDisk: "/pool/servers/conf3/rootfs", ownership: "idmapped" });
    assert.match(rescue, /^lxc\.mount\.entry = \/pool\/servers\/conf3\/rootfs mnt\/disk none bind,create=dir,idmap=container 0 0$/m);
    const shifted = renderContainerConfig({ ...base, rootfs: "/pool/servers/.rescue-conf3/rootfs", rescueDisk: "/pool/servers/conf3/rootfs", ownership: "shifted" });
    assert.doesNotMatch(shifted, /idmap=container/);
    assert.match(shifted, /^lxc\.mount\.entry = \/pool\/servers\/conf3\/rootfs mnt\/disk none bind,create=dir 0 0$/m);
  });

  test("cpuset: ceil(vCPUs) CPUs, capped at the host's, spread over the host by the container's name", () => {
    assert.deepEqual(parseCpuList("0-3,8,10-11\n"), [0, 1, 2, 3, 8, 10, 11]);
    assert.equal(containerCpus("web1", 0.25, cpus).length, 1);
    assert.equal(containerCpus("web1", 2.5, cpus).length, 3);
    assert.deepEqual(containerCpus("web1", 64, cpus), cpus);
    assert.deepEqual(containerCpus("web1", 2, cpus), containerCpus("web1", 2, cpus), "stable");
    const firstCpus = new Set(Array.from({ length: 32 }, (_, index) => containerCpus(`vps${index}`, 1, cpus)[0]));
    assert.equal(firstCpus.size, cpus.length, "one-CPU plans land on every CPU, not all on CPU 0");
    const layout = { version: 1 as const, memoryAndSwapLimit: false, swapLimit: false, cpus };
    const limits = { ...testSpec("x", 1).limits, cpus: 2 };
    const setting = cgroupSettings("web1", limits, layout, null).find((item) => item.key === "cpuset.cpus");
    assert.equal(setting?.value, containerCpus("web1", 2, cpus).join(","));
  });

  test("an image that configures its own network gets no LXC addresses (the rescue system keeps them); first boot settings are never stored", () => {
    const firstBoot = { sshKeys: [], rootPasswordHash: "$6$salt$hash", resolvers: ["192.0.2.53"], userData: "echo secret" };
    const spec = parseContainerSpec(testSpec("conf4", 4, { firstBoot }));
    const debian = {
      name: "debian-12",
      version: "20261130T070512Z",
      os: { id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)" },
      init: "systemd" as const,
      network: "ifupdown" as const,
      source: "debootstrap" as const,
      createdAt: "2026-11-30T07:05:12Z",
    };
    const base = { spec, rootfs: "/r", bridge: "br-x", logFile: "/l", seccompProfile: "/d/s", ioDevice: null, rescueDisk: null, ownership: "idmapped" as const, cgroups: { version: 1 as const, memoryAndSwapLimit: true, swapLimit: false, cpus } };
    const own = renderContainerConfig({ ...base, template: lxcSettingsForImage(debian) });
    assert.doesNotMatch(own, /^lxc\.net\.0\.ipv[46]\./m);
    assert.match(own, /^lxc\.net\.0\.flags = up$/m);
    assert.match(own, /^lxc\.net\.0\.hwaddr = /m);
    const rescue = renderContainerConfig({ ...base, template: lxcSettingsForImage(null) });
    assert.match(rescue, /^lxc\.net\.0\.ipv4\.address = 10\.78\.0\.14\/24 /m);
    assert.match(rescue, /^lxc\.net\.0\.ipv6\.gateway = /m);
    for (const text of [own, rescue]) {
      assert.doesNotMatch(text, /firstBoot|\$6\$salt|echo secret/);
      assert.equal(readSpecFromConfig(text)?.firstBoot, undefined);
    }
  });

  test("host veth names fit 15 characters and differ per container", () => {
    const long = hostVethName("a".repeat(63));
    assert.ok(long.length <= 15);
    assert.notEqual(hostVethName("web1"), hostVethName("web2"));
  });
});

describe("seccomp profile", () => {
  const distribution = "2\ndenylist\nreject_force_umount  # comment\n[all]\nkexec_load errno 1\n";

  test("keeps the distribution's rules and denies the subvolume-creating btrfs ioctls on all architectures", () => {
    const profile = renderSeccompProfile(distribution);
    assert.ok(profile.startsWith(distribution), "distribution rules kept line for line, first");
    const added = profile.slice(profile.lastIndexOf("[all]"));
    for (const request of ["0x50009401", "0x5000940e", "0x50009417", "0x50009418"]) {
      assert.match(added, new RegExp(`^ioctl errno 1 \\[1,${request},SCMP_CMP_MASKED_EQ,0xffffffff\\]$`, "m"));
    }
  });

  test("refuses a profile it cannot extend", () => {
    assert.throws(() => renderSeccompProfile("2\nallowlist\nread\n"), /denylist/);
    assert.throws(() => renderSeccompProfile("1\nallowlist\n0\n"), /denylist/);
  });
});
