import { database } from "../database/client";
import { jobQueue } from "../jobs/queue";
import { loadEnvironment } from "../load-environment";
import { operationsRedis } from "../operations/operations-redis";
import { loadSettings, type BerthSettings } from "../settings";

// What route handlers and server actions hand to domain functions; built once per process.
let settings: BerthSettings | undefined;

export type PanelServices = ReturnType<typeof panelServices>;

export function panelServices() {
  if (!settings) {
    loadEnvironment();
    settings = loadSettings();
  }
  return { database: database(), queue: jobQueue(settings.redisUrl), redis: operationsRedis(settings.redisUrl), settings };
}
