import { database, type Database } from "../database/client";
import { loadEnvironment } from "../load-environment";
import { redisUrl } from "../settings";
import type { Redis } from "ioredis";
import { operationsRedis } from "./operations-redis";

let environmentLoaded = false;

/** What the readiness probe checks: the panel's database and Redis (no encryption key, no job queue). */
export function operationsServices(): { database: Database; redis: Redis } {
  if (!environmentLoaded) {
    loadEnvironment();
    environmentLoaded = true;
  }
  return { database: database(), redis: operationsRedis(redisUrl()) };
}
