import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { AppError } from "../../lib/errors";
import { repeatTasks, upkeepLeaseMs } from "../../lib/jobs/repeat";
import { enforceRateLimit } from "../../lib/http/rate-limit";
import { startRedis, type TestRedis } from "../support/redis";

// What several panels and workers share through one Redis: the fixed-window rate limits
// (lib/http/rate-limit.ts) and the upkeep leases (lib/jobs/repeat.ts). Each "process" here is its
// own ioredis connection, as each panel and worker has.

let redis: TestRedis;
const connections: Redis[] = [];
const connect = (url = redis.url) => {
  const connection = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 500 });
  connection.on("error", () => {});
  connections.push(connection);
  return connection;
};
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

before(async () => {
  redis = await startRedis();
});

after(async () => {
  connections.forEach((connection) => connection.disconnect());
  await redis.stop();
});

test("two panels count one rate limit window, and the refusal says when to come back", async () => {
  const [first, second] = [connect(), connect()];
  for (let hit = 0; hit < 6; hit++) await enforceRateLimit(hit % 2 ? second : first, "test:shared", 6, 2000);
  for (const panel of [first, second]) {
    await assert.rejects(enforceRateLimit(panel, "test:shared", 6, 2000), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.status, 429);
      assert.equal(error.code, "rate_limited");
      const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
      assert.ok(retryAfterSeconds >= 1 && retryAfterSeconds <= 2, `retry after ${retryAfterSeconds} s`);
      return true;
    });
  }
  // Another key has its own window; and once the window ends the count starts again.
  await enforceRateLimit(first, "test:other", 6, 2000);
  assert.ok((await first.pttl("berth:rate:test:shared")) <= 2000);
  await sleep(2100);
  await enforceRateLimit(second, "test:shared", 6, 2000);
  assert.equal(await first.get("berth:rate:test:shared"), "1");
});

test("while Redis is unreachable the API limit lets requests through", async () => {
  const unreachable = connect("redis://127.0.0.1:1");
  const started = Date.now();
  for (let hit = 0; hit < 3; hit++) await enforceRateLimit(unreachable, "test:down", 1);
  assert.ok(Date.now() - started < 4000, "each hit waits at most about a second for Redis");
});

test("an upkeep task runs once per interval across two workers, and a dead holder blocks it less than one interval", async () => {
  const intervalMs = 400;
  const runs: string[] = [];
  const task = (worker: string) => ({ name: "lease test", intervalMs, atStart: true, run: async () => void runs.push(worker) });
  const stops = ["worker-a", "worker-b"].map((worker) => repeatTasks([task(worker)], { redis: connect(), holder: worker }));
  await sleep(intervalMs * 5 + 100);
  stops.forEach((stop) => stop());
  // Six ticks each (at start and five intervals); without leases that would be 12 runs.
  assert.ok(runs.length >= 4 && runs.length <= 6, `${runs.length} runs: ${runs.join(", ")}`);

  // A worker that took the lease and died: the lease ends on its own, within one interval.
  const observer = connect();
  await observer.set("berth:upkeep:dead-holder", "gone-worker", "PX", upkeepLeaseMs(intervalMs), "NX");
  const afterDeath: string[] = [];
  const stop = repeatTasks([{ name: "dead holder", intervalMs, run: async () => void afterDeath.push("survivor") }], { redis: connect(), holder: "survivor" });
  await sleep(intervalMs * 2 + 100);
  stop();
  assert.ok(afterDeath.length >= 1, "the survivor ran the task within two intervals");
  assert.notEqual(await observer.get("berth:upkeep:dead-holder"), "gone-worker", "its lease expired by itself");
});
