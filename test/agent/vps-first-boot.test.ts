import assert from "node:assert/strict";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { networkFiles } from "../../agent/first-boot/network-config";
import { shadowWithRootPassword } from "../../agent/first-boot/root-password";
import { RootfsWriter } from "../../agent/first-boot/rootfs-writer";
import { debianImageForTests } from "../support/debian-image";
import { LxcDriver } from "../../agent/lxc/driver";
import { runCommand } from "../../agent/run-command";
import type { ContainerSpec, FirstBootSettings } from "../../agent/types";
import { lxcState, pingFromHost, rejection, runInContainer, startTestAgent, testSpec, type TestAgent, type TestNetwork } from "../support/agent";

// Its own bridge and ranges: node --test runs test files in parallel.
const network: TestNetwork = { bridge: "br-berth-fb", ipv4Prefix: "10.87.0", ipv6Prefix: "fd77:6265:7274:87" };
const gateway4 = `${network.ipv4Prefix}.1`;
const gateway6 = `${network.ipv6Prefix}::1`;
const noSettings: FirstBootSettings = { sshKeys: [], rootPasswordHash: null, resolvers: [], userData: null };

function addresses(spec: ContainerSpec): [string, string] {
  return [spec.network.ipv4.split("/")[0] as string, spec.network.ipv6.split("/")[0] as string];
}

async function cryptHash(password: string, salt: string): Promise<string> {
  return (await runCommand(["openssl", "passwd", "-6", "-salt", salt, password])).stdout.trim();
}

async function rootShadowEntry(agent: TestAgent, name: string): Promise<string | undefined> {
  const { stdout } = await runInContainer(agent.config, name, ["cat", "/etc/shadow"]);
  return stdout.split("\n").find((line) => line.startsWith("root:"))?.split(":")[1];
}

async function eventually<T>(what: string, attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: still failing after ${timeoutMs} ms`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

describe("first boot: pure parts", () => {
  let scratch: string;

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "berth-first-boot-"));
  });

  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  test("the rootfs writer never writes through a link out of the rootfs", async () => {
    const rootfs = path.join(scratch, "rootfs");
    const hostFile = path.join(scratch, "host-resolv.conf");
    const hostFolder = path.join(scratch, "host-folder");
    await mkdir(path.join(rootfs, "etc"), { recursive: true });
    await mkdir(hostFolder);
    await mkdir(path.join(rootfs, hostFolder), { recursive: true });
    await writeFile(hostFile, "host's own\n");
    // A link at the file itself, a folder linked to an absolute host path, and one climbing out with `..`.
    await symlink(hostFile, path.join(rootfs, "etc", "resolv.conf"));
    await symlink(hostFolder, path.join(rootfs, "etc", "ssh"));
    await symlink("../../../../../../..", path.join(rootfs, "up"));
    await symlink("/berth-missing", path.join(rootfs, "etc", "dangling"));

    const writer = new RootfsWriter(rootfs, 0);
    await writer.write("/etc/resolv.conf", "nameserver 192.0.2.53\n", { mode: 0o644 });
    await writer.write("/etc/ssh/ssh_host_ed25519_key", "key\n", { mode: 0o600 });
    await writer.write(`/up${scratch}/escaped`, "x\n", { mode: 0o644 });
    await assert.rejects(writer.write("/etc/dangling/file", "x\n", { mode: 0o644 }), "a link to a folder missing in the rootfs is refused");

    assert.equal(await readFile(hostFile, "utf8"), "host's own\n", "the host file is untouched");
    assert.ok((await lstat(path.join(rootfs, "etc", "resolv.conf"))).isFile(), "the link was replaced by a plain file");
    assert.equal(await readFile(path.join(rootfs, "etc", "resolv.conf"), "utf8"), "nameserver 192.0.2.53\n");
    assert.equal(await readlink(path.join(rootfs, "etc", "ssh")), hostFolder, "a folder link is followed inside the rootfs, not changed");
    const key = await stat(path.join(rootfs, hostFolder, "ssh_host_ed25519_key"));
    assert.equal(key.mode & 0o777, 0o600);
    assert.deepEqual(await readdir(hostFolder), [], "nothing written into the host folder");
    assert.ok((await lstat(path.join(rootfs, scratch, "escaped"))).isFile(), "`..` stops at the rootfs");
    assert.equal(await writer.read("/etc/ssh/ssh_host_ed25519_key"), "key\n");
    assert.equal(await writer.read("/up/etc/resolv.conf"), "nameserver 192.0.2.53\n");

    // A shifted container's files belong to its host ids.
    const shifted = new RootfsWriter(rootfs, 100_000 * 7);
    await shifted.write("/etc/shadow", "root:*:1:0:99999:7:::\n", { mode: 0o640, gid: 42 });
    const shadow = await stat(path.join(rootfs, "etc", "shadow"));
    assert.deepEqual([shadow.uid, shadow.gid, shadow.mode & 0o777], [700_000, 700_042, 0o640]);
    assert.deepEqual(await shifted.attributes("/etc/shadow"), { mode: 0o640, uid: 0, gid: 42 });
  });

  test("root's shadow line: replaced, added when missing, other accounts kept or locked", () => {
    const passwd = "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1::/:/bin/false\n";
    assert.equal(
      shadowWithRootPassword("root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", passwd, "$6$s$h", 20000),
      "root:$6$s$h:20000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
    );
    assert.equal(shadowWithRootPassword("", passwd, "$y$j9T$abc", 20000), "root:$y$j9T$abc:20000:0:99999:7:::\ndaemon:!:20000:0:99999:7:::\n");
    assert.equal(shadowWithRootPassword(null, "", "$6$s$h", 1), "root:$6$s$h:1:0:99999:7:::\n");
  });

  test("static addresses for each network system; none where LXC sets them", () => {
    const addressesOf = testSpec("fb-net", 1, {}, network).network;
    assert.deepEqual(networkFiles("lxc", addressesOf), []);
    const [ifupdown] = networkFiles("ifupdown", addressesOf);
    assert.equal(ifupdown?.path, "/etc/network/interfaces");
    assert.match(ifupdown?.contents ?? "", /iface eth0 inet static\n {4}address 10\.87\.0\.11\/24\n {4}gateway 10\.87\.0\.1\n/);
    assert.match(ifupdown?.contents ?? "", /iface eth0 inet6 static\n {4}address fd77:6265:7274:87::b\/64\n {4}gateway fd77:6265:7274:87::1\n {4}dad-attempts 0\n {4}accept_ra 0\n/);
    const [networkd] = networkFiles("networkd", addressesOf);
    assert.match(networkd?.contents ?? "", /^Address=fd77:6265:7274:87::b\/64\nDuplicateAddressDetection=none$/m);
    const [netplan] = networkFiles("netplan", addressesOf);
    assert.equal(netplan?.mode, 0o600);
    assert.match(netplan?.contents ?? "", /via: "fd77:6265:7274:87::1"/);
    const [manager] = networkFiles("networkmanager", addressesOf);
    assert.equal(manager?.mode, 0o600);
    assert.match(manager?.contents ?? "", /^address1=10\.87\.0\.11\/24,10\.87\.0\.1$/m);
  });
});

describe("first boot of real containers: Debian and BusyBox", () => {
  let agent: TestAgent;
  let keyDir: string;
  let publicKey: string;

  before(async () => {
    agent = await startTestAgent(network);
    keyDir = await mkdtemp(path.join(tmpdir(), "berth-first-boot-ssh-"));
    await runCommand(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "first-boot-test", "-f", path.join(keyDir, "id")]);
    publicKey = (await readFile(path.join(keyDir, "id.pub"), "utf8")).trim();
    await debianImageForTests(agent.config);
  });

  after(async () => {
    await agent?.teardown();
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
  });

  /** `hostname` over SSH as root with the test's key; the host key the client saw goes to `knownHosts`. */
  function sshHostname(address: string, knownHosts: string) {
    return runCommand(
      [
        "ssh",
        "-i",
        path.join(keyDir, "id"),
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=accept-new",
        "-o",
        `UserKnownHostsFile=${knownHosts}`,
        "-o",
        "ConnectTimeout=3",
        `root@${address}`,
        "hostname",
      ],
      { timeoutMs: 15_000 },
    );
  }

  test("bad first boot settings are refused naming the field, before anything is made", async () => {
    const spec = testSpec("fb-bad", 2, {}, network);
    const valid: FirstBootSettings = { sshKeys: [publicKey], rootPasswordHash: null, resolvers: [], userData: null };
    const cases: Array<[Partial<FirstBootSettings> & Record<string, unknown>, RegExp]> = [
      [{ sshKeys: [`${publicKey}\nssh-ed25519 AAAA injected`] }, /^firstBoot\.sshKeys\.0:/],
      [{ sshKeys: ["command=\"/bin/sh\" ssh-ed25519 AAAAC3Nz"] }, /^firstBoot\.sshKeys\.0:/],
      [{ sshKeys: Array.from({ length: 33 }, () => publicKey) }, /^firstBoot\.sshKeys:/],
      [{ rootPasswordHash: "$6$salt$hash:0:0" }, /^firstBoot\.rootPasswordHash:/],
      [{ rootPasswordHash: "$6$salt$hash\nroot" }, /^firstBoot\.rootPasswordHash:/],
      [{ rootPasswordHash: "$1$md5$old" }, /^firstBoot\.rootPasswordHash:/],
      [{ resolvers: ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"] }, /^firstBoot\.resolvers:/],
      [{ resolvers: ["dns.example"] }, /^firstBoot\.resolvers\.0:/],
      [{ userData: "x".repeat(64 * 1024 + 1) }, /^firstBoot\.userData:/],
      [{ extra: true }, /^firstBoot\.extra:/],
    ];
    for (const [change, field] of cases) {
      const refused = await rejection(agent.client.createContainer({ ...spec, firstBoot: { ...valid, ...change } as FirstBootSettings }));
      assert.equal(refused.code, "invalid_request", JSON.stringify(change).slice(0, 80));
      assert.match(refused.message, field);
    }
    // BusyBox has no systemd to run user data: refused before anything is made.
    const noSystemd = await rejection(agent.client.createContainer({ ...spec, firstBoot: { ...valid, userData: "echo hi" } }));
    assert.equal(noSystemd.code, "invalid_request");
    assert.match(noSystemd.message, /^firstBoot\.userData: image busybox has no systemd/);
    assert.equal(await agent.client.getContainer(spec.name), null, "nothing was created");
    const badPassword = await rejection(agent.client.containerAction("fb-bad", "password", { rootPasswordHash: "plain" }));
    assert.match(badPassword.message, /^rootPasswordHash:/);
  });

  test("BusyBox: host name, root's keys and password; the password verb works only while running", async () => {
    const hash = await cryptHash("busybox-pass", "bbsalt01");
    const spec = testSpec("fb-bb", 3, { firstBoot: { ...noSettings, sshKeys: [publicKey], rootPasswordHash: hash } }, network);
    const rootfs = `${agent.config.poolDir}/servers/${spec.name}/rootfs`;
    try {
      const created = await agent.client.createContainer(spec);
      assert.equal(created.container?.hostKeys, undefined, "no sshd, no host keys");
      assert.equal(await readFile(`${rootfs}/etc/hostname`, "utf8"), `${spec.hostname}\n`);
      assert.equal((await stat(`${rootfs}/root/.ssh`)).mode & 0o777, 0o700);
      assert.equal((await stat(`${rootfs}/root/.ssh/authorized_keys`)).mode & 0o777, 0o600);
      assert.equal((await stat(`${rootfs}/etc/shadow`)).mode & 0o777, 0o640);
      assert.doesNotMatch(await readFile(`${agent.config.lxcPath}/${spec.name}/config`, "utf8"), /firstBoot|\$6\$/, "secrets stay out of the config");

      const refusedStopped = await rejection(agent.client.setRootPassword(spec.name, hash));
      assert.equal(refusedStopped.code, "invalid_request");
      await agent.client.startContainer(spec.name);
      assert.equal(await rootShadowEntry(agent, spec.name), hash);
      assert.match((await runInContainer(agent.config, spec.name, ["cat", "/root/.ssh/authorized_keys"])).stdout, /first-boot-test/);
      await pingFromHost(addresses(spec)[0]);

      const newHash = await cryptHash("changed-pass", "bbsalt02");
      await agent.client.setRootPassword(spec.name, newHash);
      assert.equal(await rootShadowEntry(agent, spec.name), newHash);

      await agent.client.suspendContainer(spec.name);
      assert.equal((await rejection(agent.client.setRootPassword(spec.name, hash))).code, "suspended");
      await agent.client.unsuspendContainer(spec.name);
      await agent.client.containerAction(spec.name, "rescue");
      assert.equal((await rejection(agent.client.setRootPassword(spec.name, hash))).code, "in_rescue");
    } finally {
      await agent.client.destroyContainer(spec.name).catch(() => undefined);
    }
  });

  test("a shifted container's first boot files belong to its own ids", async () => {
    const driver = new LxcDriver({ ...agent.config, rootfsOwnership: "shifted" });
    const spec = testSpec("fb-shift", 4, { firstBoot: { ...noSettings, sshKeys: [publicKey], rootPasswordHash: await cryptHash("x", "shsalt01") } }, network);
    try {
      await driver.create(spec);
      const rootfs = `${agent.config.poolDir}/servers/${spec.name}/rootfs`;
      for (const file of ["etc/hostname", "etc/shadow", "root/.ssh", "root/.ssh/authorized_keys", "etc/machine-id"]) {
        assert.equal((await stat(`${rootfs}/${file}`)).uid, spec.idmapBase, file);
      }
      await driver.start(spec.name);
      const listing = (await runInContainer(agent.config, spec.name, ["ls", "-ln", "/root/.ssh/authorized_keys"])).stdout;
      assert.match(listing, /^-rw------- +1 0 +0 /, "the container's root owns it");
    } finally {
      await driver.destroy(spec.name);
    }
  });

  test("Debian: static IPv4 and IPv6 from ifupdown, SSH with the key and the reported host key, plan's CPUs and memory, password, user data once", async () => {
    const password = "correct horse";
    const hash = await cryptHash(password, "debsalt1");
    const userData = "#!/bin/sh\necho hello from user data\nid -u\necho ran >> /root/user-data-runs\nexit 3\n";
    const limits = { cpus: 1, memoryMb: 256, swapMb: 0, diskMb: 1024, processes: 512 };
    const firstBoot: FirstBootSettings = { sshKeys: [publicKey], rootPasswordHash: hash, resolvers: [gateway4, gateway6], userData };
    const a = testSpec("fb-deb-a", 5, { template: "debian-12", limits, firstBoot }, network);
    const b = testSpec("fb-deb-b", 6, { template: "debian-12", limits, firstBoot: { ...noSettings, sshKeys: [publicKey] } }, network);
    const knownHosts = path.join(keyDir, "known_hosts");
    try {
      for (const spec of [a, b]) {
        await agent.client.createContainer(spec);
        await agent.client.startContainer(spec.name);
      }
      const stateA = await agent.client.getContainer(a.name);
      const stateB = await agent.client.getContainer(b.name);
      assert.deepEqual(stateA?.hostKeys?.map((key) => key.type), ["ED25519", "ECDSA"]);
      assert.ok(stateA?.hostKeys?.every((key) => /^SHA256:[A-Za-z0-9+/]{43}$/.test(key.fingerprint)));
      const fingerprintsB = new Set(stateB?.hostKeys?.map((key) => key.fingerprint));
      assert.ok(stateA?.hostKeys?.every((key) => !fingerprintsB.has(key.fingerprint)), "two VPSs never share host keys");
      const configText = await readFile(`${agent.config.lxcPath}/${a.name}/config`, "utf8");
      assert.doesNotMatch(configText, /firstBoot|hello from user data|\$6\$/, "secrets stay out of the config");
      assert.doesNotMatch(configText, /^lxc\.net\.0\.ipv4/m, "the image sets its own addresses");

      // Both addresses answer from the host, and the VPS reaches its gateway on both.
      const [ipv4, ipv6] = addresses(a);
      await eventually("IPv4 up", () => pingFromHost(ipv4, 1));
      await eventually("IPv6 up", () => pingFromHost(ipv6, 1));
      await runInContainer(agent.config, a.name, ["ping", "-4", "-c1", "-W2", gateway4]);
      await runInContainer(agent.config, a.name, ["ping", "-6", "-c1", "-W2", gateway6]);

      // SSH on both families with the test's key; the host key the client records is one the agent reported.
      for (const address of [ipv4, ipv6]) {
        const { stdout } = await eventually(`ssh ${address}`, () => sshHostname(address, knownHosts));
        assert.equal(stdout.trim(), a.hostname);
      }
      const seen = (await runCommand(["ssh-keygen", "-l", "-E", "sha256", "-f", knownHosts])).stdout.trim().split("\n");
      assert.equal(seen.length, 2, "one known host key per address");
      for (const line of seen) {
        assert.ok(stateA?.hostKeys?.some((key) => line.includes(key.fingerprint)), `${line} is a reported host key`);
      }

      const system = await runInContainer(agent.config, a.name, ["systemctl", "is-system-running", "--wait"]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
      assert.match(system.stdout.trim(), /^(running|degraded)$/);
      assert.equal((await runInContainer(agent.config, a.name, ["nproc"])).stdout.trim(), "1");
      const totalMb = Number(/^Mem:\s+(\d+)/m.exec((await runInContainer(agent.config, a.name, ["free", "-m"])).stdout)?.[1]);
      assert.ok(Math.abs(totalMb - limits.memoryMb) <= 8, `free -m shows ${totalMb} MiB`);
      assert.match((await runInContainer(agent.config, a.name, ["cat", "/etc/resolv.conf"])).stdout, new RegExp(`^nameserver ${gateway6}$`, "m"));
      assert.match((await runInContainer(agent.config, a.name, ["cat", "/etc/hosts"])).stdout, new RegExp(`^${ipv4}\\t${a.hostname}$`, "m"));

      const machineIds = await Promise.all([a, b].map(async (spec) => (await runInContainer(agent.config, spec.name, ["cat", "/etc/machine-id"])).stdout.trim()));
      assert.match(machineIds[0] ?? "", /^[0-9a-f]{32}$/);
      assert.notEqual(machineIds[0], machineIds[1]);

      assert.equal(await rootShadowEntry(agent, a.name), await cryptHash(password, "debsalt1"));
      const shadowMode = (await runInContainer(agent.config, a.name, ["stat", "-c", "%a %U %G", "/etc/shadow"])).stdout.trim();
      assert.equal(shadowMode, "640 root shadow");
      const newHash = await cryptHash("battery staple", "debsalt2");
      await agent.client.setRootPassword(a.name, newHash);
      assert.equal(await rootShadowEntry(agent, a.name), newHash);
      assert.equal((await runInContainer(agent.config, a.name, ["stat", "-c", "%a %U %G", "/etc/shadow"])).stdout.trim(), "640 root shadow");

      // User data ran once, as root, after the network came up; its result comes back through the agent.
      const result = await eventually("user data done", async () => {
        const answer = await agent.client.userDataResult(a.name);
        assert.equal(answer.state, "done");
        return answer;
      });
      assert.equal(result.exitCode, 3);
      assert.equal(result.output, "hello from user data\n0\n");
      assert.deepEqual(await agent.client.userDataResult(b.name), { state: "none", exitCode: null, output: "" });
      // nproc follows a live resize (cpuset), without a restart.
      const pidA = (await lxcState(agent.config, a.name)).pid;
      await agent.client.resizeContainer(a.name, { ...limits, cpus: 2 });
      assert.equal((await runInContainer(agent.config, a.name, ["nproc"])).stdout.trim(), "2");
      assert.equal((await runInContainer(agent.config, a.name, ["grep", "-c", "^processor", "/proc/cpuinfo"])).stdout.trim(), "2", "lxcfs' cpuinfo follows");
      await agent.client.resizeContainer(a.name, limits);
      assert.equal((await runInContainer(agent.config, a.name, ["nproc"])).stdout.trim(), "1");
      assert.equal((await lxcState(agent.config, a.name)).pid, pidA, "not restarted");

      await agent.client.rebootContainer(a.name);
      assert.deepEqual(await agent.client.userDataResult(a.name), result, "a stopped or rebooted VPS answers from the record");
      await eventually("booted again", () => runInContainer(agent.config, a.name, ["systemctl", "is-system-running", "--wait"]).catch((error: { stdout?: string }) => {
        if (!/running|degraded/.test(error.stdout ?? "")) throw error;
      }));
      assert.equal((await runInContainer(agent.config, a.name, ["cat", "/root/user-data-runs"])).stdout, "ran\n", "it ran once, not at every boot");

      // Reinstall: first boot again, with new host keys and machine id; a body a BusyBox image can't take changes nothing.
      const pidB = (await lxcState(agent.config, b.name)).pid;
      const refused = await rejection(agent.client.reinstallContainer(b.name, "busybox", { ...noSettings, userData: "echo x" }));
      assert.equal(refused.code, "invalid_request");
      assert.equal((await lxcState(agent.config, b.name)).pid, pidB, "still running, untouched");
      const reinstalled = await agent.client.reinstallContainer(b.name, "debian-12", { ...noSettings, sshKeys: [publicKey] });
      assert.equal(reinstalled.container?.state, "RUNNING");
      const newFingerprints = reinstalled.container?.hostKeys?.map((key) => key.fingerprint) ?? [];
      assert.equal(newFingerprints.length, 2);
      assert.ok(newFingerprints.every((fingerprint) => !fingerprintsB.has(fingerprint)), "new host keys");
      assert.notEqual((await runInContainer(agent.config, b.name, ["cat", "/etc/machine-id"])).stdout.trim(), machineIds[1], "new machine id");
      const { stdout } = await eventually("ssh after reinstall", () => sshHostname(addresses(b)[0], path.join(keyDir, "known_hosts_b")));
      assert.equal(stdout.trim(), b.hostname);
    } finally {
      for (const spec of [a, b]) await agent.client.destroyContainer(spec.name).catch(() => undefined);
    }
  });
});
