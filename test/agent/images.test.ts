import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { loadAgentConfig } from "../../agent/config";
import { detectCgroupLayout } from "../../agent/host/cgroups";
import { AgentError } from "../../agent/errors";
import { checkRecipeHost } from "../../agent/images/build-image-version";
import { chooseDebianArchives, debianArchives, parseDeb822Sources, parseOneLineSources } from "../../agent/images/debian-mirror";
import { ImageBuilds, interruptedMessage } from "../../agent/images/image-builds";
import { readImageOs } from "../../agent/images/os-release";
import { checkImageListing, parseTarListing } from "../../agent/images/tar-listing";
import { LxcDriver } from "../../agent/lxc/driver";
import { CommandError, runCommand } from "../../agent/run-command";
import type { ImageBuild, ImageMetadata, StoredImageInfo } from "../../agent/types";
import { lxcState, pingFromHost, rejection, runInContainer, startTestAgent, testSpec, type TestAgent, type TestNetwork } from "../support/agent";
import { keepImageForTests } from "../support/debian-image";

// Its own bridge and ranges: node --test runs this file in parallel with the other agent tests.
const network: TestNetwork = { bridge: "br-berth-im", ipv4Prefix: "10.93.0", ipv6Prefix: "fd77:6265:7274:93" };
// Two Debian versions (~200 MB each) and a few BusyBox ones; 2G would be tight.
const poolSize = "4G";
// debootstrap with a warm package cache takes ~40 s on an idle machine, minutes on a busy one.
const buildTimeoutMs = 15 * 60_000;

const debianLimits = { cpus: 1, memoryMb: 256, swapMb: 64, diskMb: 1024, processes: 256 };

describe("image checks that need no agent", () => {
  test("the Debian archive comes from the host's apt sources (deb822 and one-line), security apart, BERTH_DEBIAN_MIRROR first", async () => {
    const deb822 = parseDeb822Sources(`Types: deb
# a comment line
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main

Types: deb
URIs: http://disabled.example/debian
Suites: bookworm
Enabled: no
`);
    const oneLine = parseOneLineSources("deb [arch=amd64 signed-by=/k.gpg] https://packages.cloud.example/apt cloud-sdk-bookworm main\n# deb http://old.example/debian bookworm main\ndeb-src http://src.example/debian bookworm main\n");
    assert.deepEqual(chooseDebianArchives([...oneLine, ...deb822]), { mirror: "http://mirror.example/debian", security: "http://mirror.example/debian-security" });
    assert.equal(chooseDebianArchives(oneLine).mirror, "http://deb.debian.org/debian", "third-party repositories are not Debian archives");

    // This machine's own sources, then the variable.
    const base = { BERTH_DATA_DIR: "/var/tmp/berth-im-config", BERTH_AGENT_SECRET: "s".repeat(40) };
    assert.match((await debianArchives(loadAgentConfig(base))).mirror, /^https?:\/\/\S+\/debian$/);
    const overridden = loadAgentConfig({ ...base, BERTH_DEBIAN_MIRROR: "http://apt-cache.example:3142/debian/" });
    assert.equal((await debianArchives(overridden)).mirror, "http://apt-cache.example:3142/debian");
    assert.equal(overridden.imageCacheDir, "/var/cache/berth/images");
    assert.equal(loadAgentConfig({ ...base, BERTH_IMAGE_CACHE_DIR: "/srv/cache" }).imageCacheDir, "/srv/cache");
    assert.throws(() => loadAgentConfig({ ...base, BERTH_DEBIAN_MIRROR: "ftp:/nope" }), /BERTH_DEBIAN_MIRROR/);
  });

  test("a recipe's host requirement refuses the build with its own reason", async () => {
    const here = await detectCgroupLayout();
    const needsV2 = { name: "future-os", suite: "forky", description: "", hostRefusal: (host: { cgroups: { version: 1 | 2 } }) => (host.cgroups.version === 2 ? null : "its systemd needs cgroup v2") };
    assert.throws(
      () => checkRecipeHost(needsV2, { cgroups: { ...here, version: 1 } }),
      (error: unknown) => error instanceof AgentError && error.code === "unsupported_image" && error.message === "future-os cannot run on this host: its systemd needs cgroup v2",
    );
    checkRecipeHost(needsV2, { cgroups: { ...here, version: 2 } });
  });

  test("archive listings: links that leave the image, and members under the archive's own symbolic links, are refused", () => {
    const listing = (...lines: string[]) =>
      parseTarListing(
        [
          'drwxr-xr-x 0/0 0 2026-11-30 07:00 "./"',
          '-rw-r--r-- 0/0 5 2026-11-30 07:00 "./etc/os-release"',
          '-rwxr-xr-x 0/0 9 2026-11-30 07:00 "./sbin/init"',
          ...lines,
        ].join("\n"),
      );
    checkImageListing(listing('lrwxrwxrwx 0/0 0 2026-11-30 07:00 "./bin/sh" -> "/bin/busybox"', '-rw-r--r-- 0/0 1 2026-11-30 07:00 "./odd -> name\\nwith newline"'));
    const refusals: Array<[string, RegExp]> = [
      ['hrw-r--r-- 0/0 0 2026-11-30 07:00 "./etc/shadow-copy" link to "../../etc/shadow"', /hard link target of entry "\.\/etc\/shadow-copy".*"\.\."/],
      ['hrw-r--r-- 0/0 0 2026-11-30 07:00 "./etc/shadow-copy" link to "/etc/shadow"', /hard link target of entry "\.\/etc\/shadow-copy".*absolute/],
      ['-rw-r--r-- 0/0 1 2026-11-30 07:00 "/etc/cron.d/evil"', /entry "\/etc\/cron.d\/evil" is an absolute path/],
      ['-rw-r--r-- 0/0 1 2026-11-30 07:00 "./a/../../evil"', /entry "\.\/a\/\.\.\/\.\.\/evil" contains a "\.\." segment/],
      ['lrwxrwxrwx 0/0 0 2026-11-30 07:00 "./escape" -> "/etc"\n-rw-r--r-- 0/0 1 2026-11-30 07:00 "./escape/cron.d/evil"', /entry "\.\/escape\/cron.d\/evil" lies beneath "escape", a symbolic link/],
      ['brw-rw---- 0/6 8,0 2026-11-30 07:00 "./dev/sda"', /entry "\.\/dev\/sda" is a block device/],
    ];
    for (const [line, message] of refusals) {
      assert.throws(
        () => checkImageListing(listing(line)),
        (error: unknown) => error instanceof AgentError && error.code === "invalid_image" && message.test(error.message),
        line,
      );
    }
  });

  test("os-release is read through the image's own links, never the host's", async () => {
    const rootfs = `/var/tmp/berth-im-osrelease-${randomBytes(4).toString("hex")}`;
    try {
      await mkdir(path.join(rootfs, "etc"), { recursive: true });
      await mkdir(path.join(rootfs, "usr", "lib"), { recursive: true });
      await writeFile(path.join(rootfs, "usr", "lib", "os-release"), 'ID=inside\nVERSION_ID="7"\nPRETTY_NAME="Inside 7"\n');
      // Absolute and climbing links both resolve within the rootfs, as they would in the container.
      await symlink("/usr/lib/os-release", path.join(rootfs, "etc", "os-release"));
      assert.deepEqual(await readImageOs(rootfs), { id: "inside", versionId: "7", prettyName: "Inside 7" });
      await rm(path.join(rootfs, "etc", "os-release"));
      await symlink("../../../../../../../../usr/lib/os-release", path.join(rootfs, "etc", "os-release"));
      assert.equal((await readImageOs(rootfs))?.id, "inside");
      // A link to a host-only file finds nothing instead of the host's file.
      await rm(path.join(rootfs, "etc", "os-release"));
      await rm(path.join(rootfs, "usr", "lib", "os-release"));
      await symlink("/etc/debian_version", path.join(rootfs, "etc", "os-release"));
      assert.equal(await readImageOs(rootfs), null);
    } finally {
      await rm(rootfs, { recursive: true, force: true });
    }
  });
});

describe("OS images: Debian builds, imports and pruning through the agent API", () => {
  let agent: TestAgent;
  let staging: string;

  before(async () => {
    agent = await startTestAgent(network, { poolSize });
    staging = `/var/tmp/berth-im-staging-${randomBytes(4).toString("hex")}`;
    await mkdir(staging, { recursive: true });
  });

  after(async () => {
    await agent?.teardown();
    if (staging) await rm(staging, { recursive: true, force: true });
  });

  function templatesDir(): string {
    return path.join(agent.config.poolDir, "templates");
  }

  async function waitForBuild(id: string): Promise<{ build: ImageBuild; percents: number[] }> {
    const percents: number[] = [];
    const deadline = Date.now() + buildTimeoutMs;
    for (;;) {
      const build = await agent.client.imageBuild(id);
      if (percents.at(-1) !== build.percent) percents.push(build.percent);
      if (build.state !== "running") return { build, percents };
      assert.ok(Date.now() < deadline, `build ${id} still running after ${buildTimeoutMs} ms (${build.percent}% ${build.step})`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  async function versionsOf(name: string): Promise<StoredImageInfo[]> {
    return (await agent.client.listImages()).filter((image) => image.name === name);
  }

  async function isReadOnly(dir: string): Promise<boolean> {
    const { stdout } = await runCommand(["btrfs", "property", "get", "-ts", dir, "ro"]);
    return stdout.trim() === "ro=true";
  }

  /** `systemctl is-system-running --wait` inside the container, once systemd answers at all. */
  async function systemState(name: string): Promise<string> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        return (await runInContainer(agent.config, name, ["systemctl", "is-system-running", "--wait"])).stdout.trim();
      } catch (error) {
        // Non-zero for "degraded" too; an empty answer means systemd is not listening yet.
        const answer = error instanceof CommandError ? error.stdout.trim() : "";
        if (answer !== "" && answer !== "offline" && answer !== "initializing" && answer !== "starting") return answer;
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  let firstVersion: string;
  let debianTarball: string;

  test("builds debian-12 in the background: progress rises, and the version is sealed read-only with its image.json", async () => {
    const started = await agent.client.startImageBuild("debian-12", "deb-1");
    assert.equal(started.state, "running");
    assert.equal(started.kind, "build");
    // The worker retries with the same id: same build; another id for the same image: busy.
    assert.equal((await agent.client.startImageBuild("debian-12", "deb-1")).startedAt, started.startedAt);
    const busy = await rejection(agent.client.startImageBuild("debian-12", "deb-other"));
    assert.equal(busy.status, 409);
    assert.equal(busy.code, "busy");
    assert.equal((await rejection(agent.client.startImageBuild("debian-99", "deb-x"))).code, "unknown_template");
    assert.equal((await rejection(agent.client.startImageBuild("rescue", "deb-x"))).code, "invalid_request");
    assert.equal((await rejection(agent.client.imageBuild("never-started"))).status, 404);

    const { build, percents } = await waitForBuild("deb-1");
    assert.equal(build.state, "succeeded", JSON.stringify(build.error));
    assert.ok(percents.length >= 4, `progress moved in steps: ${percents.join(", ")}`);
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b), "progress never goes down");
    assert.equal(percents.at(-1), 100);
    assert.ok(build.version && build.finishedAt);
    firstVersion = build.version;

    const dir = path.join(templatesDir(), `debian-12@${firstVersion}`);
    assert.ok(await isReadOnly(dir), "the image subvolume is read-only");
    await assert.rejects(writeFile(path.join(dir, "rootfs", "etc", "motd"), "changed"), { code: "EROFS" });
    const metadata = JSON.parse(await readFile(path.join(dir, "image.json"), "utf8")) as ImageMetadata;
    assert.deepEqual(metadata.os, { id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)" });
    assert.deepEqual([metadata.name, metadata.version, metadata.init, metadata.network, metadata.source], ["debian-12", firstVersion, "systemd", "ifupdown", "debootstrap"]);

    // Nothing unique to one machine in the template, and nothing of the build host.
    const rootfs = path.join(dir, "rootfs");
    const devices = await runCommand(["find", rootfs, "-xdev", "(", "-type", "b", "-o", "-type", "c", ")", "-print"]);
    assert.equal(devices.stdout.trim(), "", "no device files (LXC gives each container its own /dev)");
    assert.deepEqual((await readdir(path.join(rootfs, "etc", "ssh"))).filter((file) => file.startsWith("ssh_host_")), []);
    assert.equal(await readFile(path.join(rootfs, "etc", "machine-id"), "utf8"), "");
    assert.equal((await readFile(path.join(rootfs, "etc", "hostname"), "utf8")).trim(), "localhost");
    assert.match(await readFile(path.join(rootfs, "etc", "network", "interfaces"), "utf8"), /^iface lo inet loopback$/m);
    assert.doesNotMatch(await readFile(path.join(rootfs, "etc", "network", "interfaces"), "utf8"), /eth0/);
    assert.match(await readFile(path.join(rootfs, "etc", "apt", "sources.list"), "utf8"), /^deb \S+ bookworm-security main$/m);
    assert.deepEqual((await readdir(path.join(rootfs, "var", "cache", "apt", "archives"))).filter((file) => file.endsWith(".deb")), []);

    // The other test files import this build instead of running debootstrap again.
    debianTarball = await keepImageForTests({ dir, metadata });

    const [listed] = await versionsOf("debian-12");
    assert.equal(listed?.version, firstVersion);
    assert.ok((listed?.sizeBytes ?? 0) > 50 * 1024 * 1024, `size ${listed?.sizeBytes}`);
    assert.equal(listed?.containers, 0);
    assert.deepEqual(await new LxcDriver(agent.config).templates(), ["busybox", "debian-12"], "image names, not folder names");

    // A restarted agent answers from the record on disk; a record its predecessor left running failed.
    assert.equal((await new ImageBuilds(agent.config, () => undefined).get("deb-1"))?.state, "succeeded");
    const dead: ImageBuild = { id: "dead-1", image: "debian-13", kind: "build", state: "running", percent: 40, step: "Downloading packages", startedAt: new Date().toISOString() };
    await writeFile(path.join(agent.config.dataDir, "image-builds", "dead-1.json"), JSON.stringify(dead));
    const interrupted = await agent.client.imageBuild("dead-1");
    assert.equal(interrupted.state, "failed");
    assert.equal(interrupted.error?.message, interruptedMessage);
  });

  test("a container made from debian-12 boots systemd to running", async () => {
    const spec = testSpec("im-deb", 31, { template: "debian-12", limits: debianLimits }, network);
    const created = await agent.client.createContainer(spec);
    assert.deepEqual(created.container?.image, { name: "debian-12", version: firstVersion });
    await agent.client.startContainer(spec.name);
    assert.equal(await systemState(spec.name), "running");
    await pingFromHost(spec.network.ipv4.split("/")[0] as string);
    assert.equal((await versionsOf("debian-12"))[0]?.containers, 1);
  });

  // A second debootstrap would take another minute or two; a second version made from the first's tarball is versioned and pruned the same way.
  test("a newer version is used by new containers; the first is kept while a container uses it and pruned once it is destroyed", async () => {
    await agent.client.startImageImport("debian-12", { buildId: "deb-2", path: debianTarball });
    const { build } = await waitForBuild("deb-2");
    assert.equal(build.state, "succeeded", JSON.stringify(build.error));
    assert.ok(build.version && build.version > firstVersion);
    assert.deepEqual(
      (await versionsOf("debian-12")).map((image) => [image.version, image.containers]),
      [
        [firstVersion, 1],
        [build.version, 0],
      ],
    );
    await agent.client.destroyContainer("im-deb");
    assert.deepEqual((await versionsOf("debian-12")).map((image) => image.version), [build.version]);
    assert.deepEqual((await readdir(templatesDir())).filter((entry) => entry.startsWith("debian-12@")), [`debian-12@${build.version}`]);
  });

  describe("imports", () => {
    let source: string;

    /** A copy of the BusyBox template's rootfs to make archives from. */
    async function stage(name: string, change: (rootfs: string) => Promise<void> = async () => undefined): Promise<string> {
      const rootfs = path.join(staging, name);
      await runCommand(["cp", "-a", source, rootfs]);
      await change(rootfs);
      return rootfs;
    }

    async function tarball(rootfs: string, file: string, options: string[] = []): Promise<string> {
      const tarPath = path.join(staging, file);
      await runCommand(["tar", "-C", rootfs, "--auto-compress", ...options, "-cf", tarPath, "."]);
      return tarPath;
    }

    async function importAndWait(name: string, buildId: string, tarPath: string): Promise<ImageBuild> {
      await agent.client.startImageImport(name, { buildId, path: tarPath });
      return (await waitForBuild(buildId)).build;
    }

    before(async () => {
      // The built-in BusyBox image plus an os-release: the smallest root file system that boots.
      source = path.join(templatesDir(), "busybox", "rootfs");
      source = await stage("tiny", (rootfs) => writeFile(path.join(rootfs, "etc", "os-release"), 'ID=tiny\nVERSION_ID="1.0"\nPRETTY_NAME="Tiny Linux 1.0"\n'));
    });

    test("a BusyBox root file system with an os-release is imported (gzip, zstd, xz), described, sealed, boots, and old versions are pruned", async () => {
      const gzip = await importAndWait("tiny", "tiny-1", await tarball(source, "tiny.tar.gz"));
      assert.equal(gzip.state, "succeeded", JSON.stringify(gzip.error));
      const [first] = await versionsOf("tiny");
      assert.deepEqual(
        first && { os: first.os, init: first.init, network: first.network, source: first.source },
        { os: { id: "tiny", versionId: "1.0", prettyName: "Tiny Linux 1.0" }, init: "busybox", network: "lxc", source: "import" },
      );
      assert.ok(await isReadOnly(path.join(templatesDir(), `tiny@${gzip.version}`)));

      const spec = testSpec("im-tiny", 32, { template: "tiny" }, network);
      try {
        await agent.client.createContainer(spec);
        await agent.client.startContainer(spec.name);
        assert.equal((await lxcState(agent.config, spec.name)).state, "RUNNING");
        await pingFromHost(spec.network.ipv4.split("/")[0] as string);

        // A new version; the container keeps the old one from being pruned until a reinstall moves it on.
        const zstd = await importAndWait("tiny", "tiny-2", await tarball(source, "tiny.tar.zst"));
        assert.equal(zstd.state, "succeeded", JSON.stringify(zstd.error));
        assert.deepEqual((await versionsOf("tiny")).map((image) => [image.version, image.containers]), [
          [gzip.version, 1],
          [zstd.version, 0],
        ]);
        const reinstalled = await agent.client.reinstallContainer(spec.name, "tiny");
        assert.equal(reinstalled.container?.image?.version, zstd.version);
        assert.deepEqual((await versionsOf("tiny")).map((image) => [image.version, image.containers]), [[zstd.version, 1]]);
      } finally {
        await agent.client.destroyContainer(spec.name);
      }
      // The newest version stays without containers; an import prunes the unused one before it.
      const xz = await importAndWait("tiny", "tiny-3", await tarball(source, "tiny.tar.xz"));
      assert.equal(xz.state, "succeeded", JSON.stringify(xz.error));
      assert.deepEqual((await versionsOf("tiny")).map((image) => image.version), [xz.version]);
      // Imports faster than the version stamp's second still get a new, later version.
      const again = await importAndWait("tiny", "tiny-4", path.join(staging, "tiny.tar.xz"));
      assert.ok(again.version && xz.version && again.version > xz.version, `${again.version} after ${xz.version}`);
      assert.deepEqual((await versionsOf("tiny")).map((image) => image.version), [again.version]);
    });

    test("archives with a device file, a path outside the image, or no OS are refused, and leave nothing behind", async () => {
      const poolBefore = (await readdir(templatesDir())).sort();
      const device = await tarball(
        await stage("with-device", (rootfs) => runCommand(["mknod", path.join(rootfs, "dev", "evil"), "c", "1", "3"]).then(() => undefined)),
        "device.tar.xz",
      );
      const dotdot = await tarball(source, "dotdot.tar", ["--transform", "s,^\\./etc/os-release$,../../etc/os-release,"]);
      const noOs = await tarball(source, "no-os.tar", ["--exclude=./etc/os-release"]);
      const noInit = await tarball(source, "no-init.tar.gz", ["--exclude=./sbin/init"]);

      const cases: Array<[string, string, RegExp]> = [
        ["bad-device", device, /entry "\.\/dev\/evil" is a character device/],
        ["bad-dotdot", dotdot, /entry "\.\.\/\.\.\/etc\/os-release" contains a "\.\." segment/],
        ["bad-no-os", noOs, /no os-release/],
        ["bad-no-init", noInit, /no init/],
      ];
      for (const [buildId, tarPath, message] of cases) {
        const build = await importAndWait("refused", buildId, tarPath);
        assert.equal(build.state, "failed", buildId);
        assert.equal(build.error?.code, "invalid_image", buildId);
        assert.match(build.error?.message ?? "", message);
      }
      assert.deepEqual((await readdir(templatesDir())).sort(), poolBefore, "no image, no scratch subvolume");
      assert.deepEqual((await readdir(agent.config.dataDir)).filter((entry) => entry.startsWith("image-work-")), []);

      // A failed build id starts again when asked again (here with a good archive).
      const retried = await importAndWait("refused", "bad-no-init", path.join(staging, "tiny.tar.gz"));
      assert.equal(retried.state, "succeeded", JSON.stringify(retried.error));

      // Requests the agent can refuse at once.
      const missing = await rejection(agent.client.startImageImport("tiny", { buildId: "x-1", path: path.join(staging, "absent.tar") }));
      assert.deepEqual([missing.status, missing.code], [400, "invalid_request"]);
      assert.match(missing.message, /no file at/);
      const extension = await rejection(agent.client.startImageImport("tiny", { buildId: "x-2", path: "/etc/passwd" }));
      assert.deepEqual([extension.status, extension.code], [400, "invalid_request"]);
      assert.equal((await rejection(agent.client.startImageImport("Bad Name", { buildId: "x-3", path: device }))).code, "invalid_request");
      assert.equal((await rejection(agent.client.startImageImport("tiny", { buildId: "no spaces", path: device }))).code, "invalid_request");
    });
  });
});
