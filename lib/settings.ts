import { dataDirectory, databaseUrl } from "./database/url";

/** Settings shared by panel, worker and CLI, read once at each entry point and passed down. */
export interface BerthSettings {
  dataDirectory: string;
  databaseUrl: string;
  redisUrl: string;
  encryptionKey: string;
}

/** Reads settings from the environment (entry points call loadEnvironment first to include secrets.env). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): BerthSettings {
  const encryptionKey = env.BERTH_ENCRYPTION_KEY;
  if (!encryptionKey) throw new Error("BERTH_ENCRYPTION_KEY is not set (scripts/up.sh writes it to <data>/secrets.env)");
  return {
    dataDirectory: dataDirectory(env),
    databaseUrl: databaseUrl(env),
    redisUrl: env.BERTH_REDIS_URL ?? "redis://127.0.0.1:6390",
    encryptionKey,
  };
}
