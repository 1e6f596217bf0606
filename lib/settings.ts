import { readFileSync } from "node:fs";
import path from "node:path";
import { dataDirectory, databaseUrl } from "./database/url";

/** Settings shared by panel, worker and CLI, read once at each entry point and passed down. */
export interface BerthSettings {
  dataDirectory: string;
  databaseUrl: string;
  redisUrl: string;
  encryptionKey: string;
}

function required(name: string, value: string | undefined): string {
  if (!value) throw new Error(`${name} is not set (scripts/up.sh writes it to <data>/secrets.env)`);
  return value;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): BerthSettings {
  const directory = dataDirectory(env);
  return {
    dataDirectory: directory,
    databaseUrl: databaseUrl(env),
    redisUrl: env.BERTH_REDIS_URL ?? "redis://127.0.0.1:6390",
    encryptionKey: required("BERTH_ENCRYPTION_KEY", env.BERTH_ENCRYPTION_KEY ?? readOptional(path.join(directory, "encryption.key"))),
  };
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
}
