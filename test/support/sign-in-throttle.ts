import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { after } from "node:test";
import { IpSignInThrottle } from "../../lib/security/sign-in-throttle";
import { startRedis, type TestRedis } from "./redis";

// One Redis per test file, started with its first throttle; each throttle counts in its own
// scope, so one test's failures never brake another's (as a fresh in-memory throttle did).
let shared: Promise<{ redis: TestRedis; client: Redis }> | undefined;

function sharedRedis() {
  shared ??= startRedis().then((redis) => ({ redis, client: new Redis(redis.url, { maxRetriesPerRequest: 1 }) }));
  return shared;
}

// Registered as the file loads (a hook registered inside a test would end with that test).
after(async () => {
  if (!shared) return;
  const { redis, client } = await shared;
  client.disconnect();
  await redis.stop();
});

/** A per-address sign-in throttle on a real Redis, fresh for the caller. */
export async function testIpThrottle(maxFailures?: number, windowMs?: number): Promise<IpSignInThrottle> {
  const { client } = await sharedRedis();
  return new IpSignInThrottle(client, maxFailures, windowMs, `test-${randomUUID()}`);
}
