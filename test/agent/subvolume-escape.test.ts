import assert from "node:assert/strict";
import { chmod, chown, copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { CommandError, runCommand } from "../../agent/run-command";
import { runInContainer, startTestAgent, testSpec, type TestAgent, type TestNetwork } from "../support/agent";

// Its own bridge and ranges: node --test runs the agent test files in parallel.
const network: TestNetwork = { bridge: "br-berth-x", ipv4Prefix: "10.88.0", ipv6Prefix: "fd77:6265:7274:88" };
const fixture = fileURLToPath(new URL("./fixtures/make-subvolume.c", import.meta.url));

/** Runs a command in the container; the exit code and stderr, without throwing on failure. */
async function attempt(agent: TestAgent, name: string, command: string[]): Promise<{ exitCode: number | null; stderr: string }> {
  try {
    const { stderr } = await runInContainer(agent.config, name, command);
    return { exitCode: 0, stderr };
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return { exitCode: error.exitCode, stderr: error.stderr };
  }
}

// A container's root must not create btrfs subvolumes: a nested subvolume is outside the
// container's quota group, so whatever it holds escapes the disk limit.
describe("nested subvolumes inside a container", () => {
  let agent: TestAgent;
  let buildDir: string;
  const spec = testSpec("escape1", 1, {}, network);

  before(async () => {
    agent = await startTestAgent(network);
    // Static, so it runs in any template's rootfs (busybox has no libc to link against).
    buildDir = await mkdtemp(path.join(tmpdir(), "berth-make-subvolume-"));
    await runCommand(["gcc", "-static", "-O2", "-o", path.join(buildDir, "make-subvolume"), fixture], { timeoutMs: 60_000 });
  });

  after(async () => {
    await agent?.teardown();
    if (buildDir) await rm(buildDir, { recursive: true, force: true });
  });

  test("the btrfs ioctls that create subvolumes are refused; ordinary work is not", async () => {
    await agent.client.createContainer(spec);
    await agent.client.startContainer(spec.name);
    const subvolume = `${agent.config.poolDir}/servers/${spec.name}`;
    const binary = path.join(subvolume, "rootfs", "make-subvolume");
    await copyFile(path.join(buildDir, "make-subvolume"), binary);
    await chown(binary, spec.idmapBase, spec.idmapBase);
    await chmod(binary, 0o755);

    const plain = await attempt(agent, spec.name, ["/make-subvolume", "/", "nested"]);
    assert.equal(plain.exitCode, 1, `subvolume creation must fail: ${plain.stderr}`);
    assert.match(plain.stderr, /Operation not permitted/);
    // The kernel reads ioctl's request as 32 bits; garbage above them must not slip past the rule.
    const highBits = await attempt(agent, spec.name, ["/make-subvolume", "/", "nested-high", "--high-bits"]);
    assert.equal(highBits.exitCode, 1, `subvolume creation with high bits must fail: ${highBits.stderr}`);
    assert.match(highBits.stderr, /Operation not permitted/);

    const { stdout } = await runCommand(["btrfs", "subvolume", "list", "-o", subvolume]);
    assert.equal(stdout.trim(), "", "no subvolume below the container's");

    const { stdout: echoed } = await runInContainer(agent.config, spec.name, ["sh", "-c", "echo ok > /root/file && cat /root/file"]);
    assert.equal(echoed.trim(), "ok");
  });
});
