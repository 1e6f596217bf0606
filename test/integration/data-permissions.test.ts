import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { redisUrl } from "../../lib/settings";
import { freePort } from "../support/free-port";

/*
 * The data folder as scripts/up.sh prepares it, through the same shell functions
 * (scripts/lib/common.sh): the berth service user, the database, secrets and logs readable only by
 * their owners, and Berth's Redis running as berth with a generated password it refuses clients
 * without. Runs as root, like up.sh.
 */

const repository = path.resolve(import.meta.dirname, "../..");
let data: string;
let port: number;
let redisPid: number | undefined;

// The stack's own settings come from the data folder only.
const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(BERTH_|NEXTAUTH_)/.test(name))) as NodeJS.ProcessEnv;

/** Runs shell functions of scripts/lib/common.sh with this test's data folder and Redis port. */
function common(script: string): string {
  return execFileSync("bash", ["-c", `set -euo pipefail; source scripts/lib/common.sh; ${script}`], {
    cwd: repository,
    env: { ...environment, BERTH_DATA_DIR: data, BERTH_REDIS_PORT: String(port) },
    encoding: "utf8",
  });
}

function secretsOf(): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path.join(data, "secrets.env"), "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

const berthUid = () => Number(execFileSync("id", ["-u", "berth"], { encoding: "utf8" }).trim());
const mode = (file: string) => statSync(path.join(data, file)).mode & 0o7777;
const owner = (file: string) => statSync(path.join(data, file)).uid;

before(async () => {
  assert.equal(process.getuid?.(), 0, "up.sh and this test run as root");
  data = mkdtempSync(path.join(os.tmpdir(), "berth-permissions-"));
  port = await freePort();
  // What an older install left: files made with the default umask.
  writeFileSync(path.join(data, "agent.secret"), "agent-secret\n", { mode: 0o644 });
  writeFileSync(path.join(data, "pool.img"), "", { mode: 0o644 });
  common("ensure_service_user; ensure_secrets; secure_data_directory; migrate_database; secure_data_directory");
  redisPid = Number(common("BERTH_PIDS=(); read_env_file \"$BERTH_DATA_DIR/secrets.env\"; start_redis >/dev/null 2>&1; echo \"${BERTH_PIDS[-1]}\"").trim());
});

after(() => {
  if (redisPid) {
    try {
      process.kill(redisPid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  if (data) rmSync(data, { recursive: true, force: true });
});

test("the data folder, database, secrets and logs are readable only by their owners", () => {
  const berth = berthUid();
  assert.ok(berth > 0, "a berth system user exists");
  assert.equal(mode("."), 0o1771, "others may only traverse the data folder; berth may not rename what root owns");
  assert.equal(statSync(data).gid, Number(execFileSync("id", ["-g", "berth"], { encoding: "utf8" }).trim()));
  assert.equal(owner("."), 0);
  for (const file of ["berth.db", "secrets.env"]) {
    assert.equal(mode(file), 0o600, file);
    assert.equal(owner(file), berth, `${file} belongs to berth, which the panel and worker run as`);
  }
  for (const file of ["agent.secret", "pool.img"]) {
    assert.equal(mode(file), 0o600, file);
    assert.equal(owner(file), 0, `${file} stays root's`);
  }
  assert.equal(mode("logs"), 0o700);
  assert.equal(owner("logs"), 0);
  assert.equal(mode("redis"), 0o700);
  assert.equal(owner("redis"), berth);
  assert.equal(mode("redis/redis.conf"), 0o600, "the Redis password is in no file others can read");
  assert.match(secretsOf().BERTH_REDIS_PASSWORD ?? "", /^[0-9a-f]{64}$/, "a generated Redis password");

  // Running it again changes nothing and keeps the secrets.
  const before = secretsOf();
  common("ensure_secrets; secure_data_directory");
  assert.deepEqual(secretsOf(), before);
  assert.equal(mode("berth.db"), 0o600);
});

test("Berth's Redis runs as berth and refuses a client without the password", async () => {
  const status = readFileSync(`/proc/${redisPid}/status`, "utf8");
  assert.match(status, new RegExp(`^Uid:\\s+${berthUid()}\\s`, "m"), "redis-server runs as berth, not root");

  const anonymous = new Redis({ host: "127.0.0.1", port, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0 });
  anonymous.on("error", () => {});
  try {
    await anonymous.connect();
    await assert.rejects(anonymous.ping(), /NOAUTH/);
  } finally {
    anonymous.disconnect();
  }

  // The URL the panel and worker build from secrets.env carries the password.
  const url = redisUrl({ BERTH_REDIS_PORT: String(port), BERTH_REDIS_PASSWORD: secretsOf().BERTH_REDIS_PASSWORD });
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    assert.equal(await client.ping(), "PONG");
  } finally {
    client.disconnect();
  }
});
