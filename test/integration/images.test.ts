import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { poolFolders } from "../../agent/host/pool";
import { runCommand } from "../../agent/run-command";
import type { Actor } from "../../lib/access/actor";
import { agentForHost } from "../../lib/hosts/agent-for-host";
import { listImageJobs } from "../../lib/images/list-image-jobs";
import { requestImageBuild } from "../../lib/images/request-image-build";
import { requestImageImport } from "../../lib/images/request-image-import";
import { storeImageUpload } from "../../lib/images/store-image-upload";
import { syncImageVersions } from "../../lib/images/sync-image-versions";
import { retryJob } from "../../lib/job-admin/retry-job";
import { createOrder } from "../../lib/orders/create-order";
import { lxcState } from "../support/agent";
import { isAppError } from "../support/app-error";
import { startBerthStack, waitForJob, type BerthTestStack } from "../support/berth-stack";

let stack: BerthTestStack;
let admin: Actor;
let customer: Actor;
let workDirectory: string;

const tinyPlan = { slug: "tiny", name: "Tiny", vcpus: 0.5, memoryMb: 128, swapMb: 64, diskMb: 64, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 100 };

before(async () => {
  stack = await startBerthStack({ bridge: "br-berth-ig", ipv4Prefix: "10.91.0", ipv6Prefix: "fd77:6265:7274:91" });
  await stack.database.plan.create({ data: tinyPlan });
  admin = { userId: stack.adminId, role: "admin", via: "session" };
  customer = { userId: stack.customerId, role: "customer", via: "session" };
  // /var/tmp like the agent's pool: the agent (root) reads the tarballs from here.
  workDirectory = await mkdtemp("/var/tmp/berth-images-test-");
});

after(async () => {
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
  await stack?.stop();
});

/**
 * A root file system tarball made from the test agent's BusyBox image with an os-release of its
 * own; `alter` changes the tree before it is packed (to make one the agent must refuse).
 */
async function tarballOf(name: string, suffix: ".tar.gz" | ".tar.zst", alter?: (rootfs: string) => Promise<void>): Promise<string> {
  const rootfs = path.join(workDirectory, name);
  await runCommand(["cp", "-a", path.join(poolFolders(stack.host.config).templates, "busybox", "rootfs"), rootfs]);
  await writeFile(path.join(rootfs, "etc/os-release"), `ID=berthtest\nVERSION_ID=1.0\nPRETTY_NAME="Berth Test Linux 1.0 (${name})"\n`);
  await alter?.(rootfs);
  const tarball = path.join(workDirectory, `${name}${suffix}`);
  await runCommand(["tar", "--numeric-owner", suffix === ".tar.zst" ? "--zstd" : "--gzip", "-C", rootfs, "-cf", tarball, "."]);
  return tarball;
}

const countRows = async () => ({
  jobs: await stack.database.job.count(),
  templates: await stack.database.template.count(),
  versions: await stack.database.imageVersion.count(),
});

for (const suffix of [".tar.gz", ".tar.zst"] as const) {
  test(`an imported ${suffix} tarball becomes an image version and an active template`, async () => {
    const image = `testos${suffix.replaceAll(".", "-")}`;
    const job = await requestImageImport({ database: stack.database, queue: stack.queue, actor: admin, input: { image, path: await tarballOf(image, suffix) } });
    const finished = await waitForJob(stack.database, job.id, 120_000);
    assert.equal(finished.state, "completed", finished.error ?? "");
    assert.equal(finished.progress, 100);

    const versions = await stack.database.imageVersion.findMany({ where: { name: image }, include: { host: true } });
    assert.equal(versions.length, 1);
    assert.equal(versions[0]!.host.name, "test-host");
    assert.equal(versions[0]!.osName, `Berth Test Linux 1.0 (${image})`);
    assert.equal(versions[0]!.source, "import");
    assert.ok(versions[0]!.sizeBytes > 0n);

    const template = await stack.database.template.findFirstOrThrow({ where: { agentTemplate: image } });
    assert.deepEqual({ slug: template.slug, name: template.name, active: template.active }, { slug: image, name: `Berth Test Linux 1.0 (${image})`, active: true });
    const audit = await stack.database.auditEvent.findFirstOrThrow({ where: { action: "image.import", targetId: image } });
    assert.equal(audit.actorId, stack.adminId);
    assert.equal(audit.result, "success");
  });
}

test("a server ordered from an imported image's template runs, and the image counts it", async () => {
  const { job } = await createOrder({ database: stack.database, queue: stack.queue, customerId: stack.customerId, input: { plan: "tiny", template: "testos-tar-gz", hostname: "imported" } });
  const finished = await waitForJob(stack.database, job.id);
  assert.equal(finished.state, "completed", finished.error ?? "");
  const server = await stack.database.server.findUniqueOrThrow({ where: { id: finished.serverId! } });
  assert.equal(server.status, "running");
  assert.equal((await lxcState(stack.host.config, server.containerName)).state, "RUNNING");

  const host = await stack.database.host.findFirstOrThrow();
  await syncImageVersions(stack.database, host.id, agentForHost(host, stack.settings.encryptionKey));
  assert.equal((await stack.database.imageVersion.findFirstOrThrow({ where: { name: "testos-tar-gz" } })).containers, 1);
  await stack.host.client.destroyContainer(server.containerName);
});

test("a tarball with a device file fails the job with the agent's reason and makes no template; fixed, the admin's retry imports it", async () => {
  const image = "sneaky";
  const tarball = await tarballOf(image, ".tar.gz", (rootfs) => runCommand(["mknod", path.join(rootfs, "etc/disk"), "b", "8", "0"]).then(() => undefined));
  const job = await requestImageImport({ database: stack.database, queue: stack.queue, actor: admin, input: { image, path: tarball } });
  const finished = await waitForJob(stack.database, job.id, 120_000);
  assert.equal(finished.state, "failed");
  assert.match(finished.error ?? "", /^tarball refused: .*etc\/disk/, "the agent's message names the entry");
  assert.equal(finished.publicError, finished.error, "the agent's refusal is written for people");
  assert.equal(await stack.database.template.count({ where: { agentTemplate: image } }), 0);
  assert.equal(await stack.database.imageVersion.count({ where: { name: image } }), 0);

  const shown = (await listImageJobs({ database: stack.database, actor: admin })).find((listed) => listed.job.id === job.id);
  assert.deepEqual(shown && { kind: shown.kind, image: shown.image, state: shown.job.state, error: shown.job.error }, { kind: "import", image, state: "failed", error: finished.error });

  // Fixed in place, the admin's retry runs the same agent build id again: a failed build restarts.
  await rename(await tarballOf("sneaky-fixed", ".tar.gz"), tarball);
  await retryJob({ database: stack.database, queue: stack.queue, actor: admin, jobId: job.id });
  const retried = await waitForJob(stack.database, job.id, 120_000);
  assert.equal(retried.state, "completed", retried.error ?? "");
  assert.equal(await stack.database.template.count({ where: { agentTemplate: image, active: true } }), 1);
});

test("a tarball uploaded through the panel is stored under image-uploads, imported, then removed", async () => {
  const image = "uploaded";
  const tarball = await tarballOf(image, ".tar.zst");
  const body = Readable.toWeb(createReadStream(tarball)) as ReadableStream<Uint8Array>;
  const stored = await storeImageUpload({ actor: admin, settings: stack.settings, fileName: "My Image.TAR.ZST", body, declaredBytes: null });
  assert.equal(path.dirname(stored.path), path.join(stack.settings.dataDirectory, "image-uploads"));
  assert.match(path.basename(stored.path), /^[0-9a-f-]{36}\.tar\.zst$/);
  assert.equal((await stat(stored.path)).size, (await stat(tarball)).size);

  const job = await requestImageImport({ database: stack.database, queue: stack.queue, actor: admin, input: { image, path: stored.path } });
  const finished = await waitForJob(stack.database, job.id, 120_000);
  assert.equal(finished.state, "completed", finished.error ?? "");
  assert.equal(await stack.database.template.count({ where: { agentTemplate: image, active: true } }), 1);
  assert.equal(existsSync(stored.path), false, "the upload is removed once imported");

  const refused = (fileName: string, actor: Actor) => storeImageUpload({ actor, settings: stack.settings, fileName, body: Readable.toWeb(createReadStream(tarball)) as ReadableStream<Uint8Array>, declaredBytes: null });
  await assert.rejects(refused("notes.txt", admin), isAppError(400, "invalid_request"));
  await assert.rejects(refused("image.tar", customer), isAppError(403, "forbidden"));
});

/** The real `berth` CLI beside this stack's database and Redis, as an operator on the host runs it. */
function berth(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, BERTH_DATA_DIR: stack.settings.dataDirectory, BERTH_DATABASE_URL: stack.settings.databaseUrl, BERTH_REDIS_URL: stack.settings.redisUrl, BERTH_ENCRYPTION_KEY: stack.settings.encryptionKey };
  return new Promise((resolve) => {
    execFile(process.execPath, [fileURLToPath(new URL("../../bin/berth.js", import.meta.url)), ...args], { env: env as NodeJS.ProcessEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

test("berth images import follows the job, printing its progress, and exits 1 with the agent's reason when refused", async () => {
  const imported = await berth(["images", "import", "cli-os", await tarballOf("cli-os", ".tar.gz")]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /^The import of image cli-os is queued: job \S+$/m);
  assert.match(imported.stdout, /^\s*\d+%\s+\S/m, "progress lines");
  assert.match(imported.stdout, /^Image cli-os is ready: version \d{8}T\d{6}Z \(Berth Test Linux 1\.0 \(cli-os\)\) on test-host, ordered as template cli-os$/m);

  const refused = await berth(["images", "import", "cli-bad", await tarballOf("cli-bad", ".tar.gz", (rootfs) => runCommand(["mknod", path.join(rootfs, "etc/tty"), "c", "5", "0"]).then(() => undefined))]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^berth: the import of image cli-bad failed: tarball refused: .*etc\/tty/m);

  const queuedOnly = await berth(["images", "import", "cli-later", "/var/tmp/absent.tar", "--no-wait"]);
  assert.equal(queuedOnly.code, 0, queuedOnly.stderr);
  const jobId = /job (\S+)$/m.exec(queuedOnly.stdout)?.[1];
  assert.equal(queuedOnly.stdout.trim().split("\n").length, 1, "--no-wait prints only the job");
  assert.equal((await waitForJob(stack.database, jobId!)).state, "failed", "a tarball that is not there fails the job");
});

test("a sync drops the versions the agent no longer has", async () => {
  const host = await stack.database.host.findFirstOrThrow();
  const stale = { hostId: host.id, name: "testos-tar-gz", version: "20000101T000000Z", osName: "Gone", source: "import", sizeBytes: 1n, containers: 0, createdAt: new Date(0), seenAt: new Date(0) };
  await stack.database.imageVersion.create({ data: stale });
  const images = await syncImageVersions(stack.database, host.id, agentForHost(host, stack.settings.encryptionKey));
  assert.equal(await stack.database.imageVersion.count({ where: { version: stale.version } }), 0);
  assert.equal(await stack.database.imageVersion.count({ where: { hostId: host.id } }), images.length);
});

test("only admins may build or import images (403 for others) and a refusal queues nothing", async () => {
  const before = await countRows();
  await assert.rejects(requestImageImport({ database: stack.database, queue: stack.queue, actor: customer, input: { image: "mine", path: "/var/tmp/mine.tar" } }), isAppError(403, "forbidden"));
  await assert.rejects(requestImageBuild({ database: stack.database, queue: stack.queue, actor: customer, input: { image: "debian-12" } }), isAppError(403, "forbidden"));
  const limitedToken: Actor = { ...admin, via: "token", serverIds: ["some-server"] };
  await assert.rejects(requestImageBuild({ database: stack.database, queue: stack.queue, actor: limitedToken, input: { image: "debian-12" } }), isAppError(403, "token_server_limited"));
  assert.deepEqual(await countRows(), before);
});

const badRequests: Array<[string, "build" | "import", Record<string, unknown>, number, string, RegExp]> = [
  ["a name with capitals and spaces", "import", { image: "My Image", path: "/var/tmp/x.tar" }, 400, "invalid_request", /^image: /],
  ["a relative path", "import", { image: "fine", path: "images/x.tar" }, 400, "invalid_request", /^path: must be an absolute path/],
  ["a file that is no tarball", "import", { image: "fine", path: "/var/tmp/x.zip" }, 400, "invalid_request", /^path: must end with \.tar, \.tar\.gz/],
  ["no name", "import", { path: "/var/tmp/x.tar" }, 400, "invalid_request", /^image: /],
  ["an image the agents cannot build", "build", { image: "ubuntu-24.04" }, 422, "unknown_image", /^image: the agents build only debian-12, debian-13/],
  ["an unknown host", "build", { image: "debian-12", host: "elsewhere" }, 422, "unknown_host", /^host: no active host called "elsewhere"; choose one of test-host/],
];

for (const [label, kind, input, status, code, message] of badRequests) {
  test(`${kind === "build" ? "a build" : "an import"} with ${label} is refused with ${status} naming the field, and nothing is queued`, async () => {
    const before = await countRows();
    const request = kind === "build" ? requestImageBuild : requestImageImport;
    await assert.rejects(request({ database: stack.database, queue: stack.queue, actor: admin, input }), (error: unknown) => {
      assert.ok(isAppError(status, code)(error));
      assert.match((error as Error).message, message);
      return true;
    });
    assert.deepEqual(await countRows(), before);
  });
}
