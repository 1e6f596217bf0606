import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AgentConfigError, loadAgentConfig } from "../../agent/config";
import { readSpecFromConfig, renderContainerConfig } from "../../agent/lxc/config-file";
import { hostVethName } from "../../agent/lxc/interface-names";
import { renderSeccompProfile } from "../../agent/lxc/seccomp-profile";
import { lxcSettingsForImage } from "../../agent/lxc/template-settings";
import { parseContainerSpec } from "../../agent/validation";
import { testSpec } from "../support/agent";

const secret = "a".repeat(64);

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
    const v1 = renderContainerConfig({ ...base, cgroups: { version: 1, memoryAndSwapLimit: true, swapLimit: false } });
    assert.match(v1, /^lxc\.idmap = u 0 720896 65536$/m);
    assert.match(v1, /^lxc\.cgroup\.memory\.limit_in_bytes = 100663296$/m);
    assert.match(v1, /^lxc\.cgroup\.memory\.memsw\.limit_in_bytes = 134217728$/m);
    assert.match(v1, /^lxc\.cgroup\.cpu\.cfs_quota_us = 50000$/m);
    assert.match(v1, /^lxc\.net\.0\.ipv4\.address = 10\.78\.0\.11\/24 10\.78\.0\.255$/m);
    assert.match(v1, /^lxc\.rootfs\.path = dir:\/pool\/servers\/conf1\/rootfs$/m);
    // The profile line must follow the includes: common.conf sets one too, and the last one wins.
    const lines = v1.split("\n");
    const profileLine = lines.indexOf("lxc.seccomp.profile = /d/berth.seccomp");
    const lastInclude = Math.max(...lines.flatMap((line, index) => (line.startsWith("lxc.include = ") ? [index] : [])));
    assert.ok(lastInclude >= 0 && profileLine > lastInclude, "seccomp profile line after the includes");
    const v2 = renderContainerConfig({ ...base, cgroups: { version: 2, memoryAndSwapLimit: false, swapLimit: true } });
    assert.match(v2, /^lxc\.cgroup2\.memory\.max = 100663296$/m);
    assert.match(v2, /^lxc\.cgroup2\.memory\.swap\.max = 33554432$/m);
    assert.match(v2, /^lxc\.cgroup2\.cpu\.max = 50000 100000$/m);
    assert.doesNotMatch(v2, /^lxc\.cgroup\./m);
    assert.doesNotMatch(v1 + v2, /blkio|io\.max/, "no I/O keys without I/O limits");
  });

  test("I/O limits name the pool's device, and the spec can be read back from the file", () => {
    const spec = parseContainerSpec(testSpec("conf2", 2, { limits: { ...testSpec("x", 2).limits, ioReadMbps: 10, ioWriteMbps: 5 } }));
    const base = { spec, rootfs: "/r", bridge: "br-x", logFile: "/l", template: lxcSettingsForImage(null), seccompProfile: "/d/berth.seccomp", ioDevice: "7:3", rescueDisk: null, ownership: "shifted" as const };
    const v1 = renderContainerConfig({ ...base, cgroups: { version: 1, memoryAndSwapLimit: false, swapLimit: false } });
    assert.match(v1, /^lxc\.cgroup\.blkio\.throttle\.read_bps_device = 7:3 10485760$/m);
    assert.match(v1, /^lxc\.cgroup\.blkio\.throttle\.write_bps_device = 7:3 5242880$/m);
    assert.doesNotMatch(v1, /memsw/, "no memsw line without swap accounting");
    const v2 = renderContainerConfig({ ...base, cgroups: { version: 2, memoryAndSwapLimit: false, swapLimit: true } });
    assert.match(v2, /^lxc\.cgroup2\.io\.max = 7:3 rbps=10485760 wbps=5242880$/m);
    assert.deepEqual(readSpecFromConfig(v1), spec);
    assert.equal(readSpecFromConfig("lxc.uts.name = x\n"), null);
  });

  test("an idmapped container mounts its rootfs and its rescue disk through its own id mapping; a shifted one does not", () => {
    const spec = parseContainerSpec(testSpec("conf3", 3));
    const base = { spec, bridge: "br-x", logFile: "/l", template: lxcSettingsForImage(null), seccompProfile: "/d/s", ioDevice: null, cgroups: { version: 1 as const, memoryAndSwapLimit: true, swapLimit: false } };
    const idmapped = renderContainerConfig({ ...base, rootfs: "/pool/servers/conf3/rootfs", rescueDisk: null, ownership: "idmapped" });
    assert.match(idmapped, /^lxc\.rootfs\.options = idmap=container$/m);
    const rescue = renderContainerConfig({ ...base, rootfs: "/pool/servers/.rescue-conf3/rootfs", rescueDisk: "/pool/servers/conf3/rootfs", ownership: "idmapped" });
    assert.match(rescue, /^lxc\.mount\.entry = \/pool\/servers\/conf3\/rootfs mnt\/disk none bind,create=dir,idmap=container 0 0$/m);
    const shifted = renderContainerConfig({ ...base, rootfs: "/pool/servers/.rescue-conf3/rootfs", rescueDisk: "/pool/servers/conf3/rootfs", ownership: "shifted" });
    assert.doesNotMatch(shifted, /idmap=container/);
    assert.match(shifted, /^lxc\.mount\.entry = \/pool\/servers\/conf3\/rootfs mnt\/disk none bind,create=dir 0 0$/m);
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
