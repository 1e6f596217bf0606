import path from "node:path";

/** Where Berth keeps its state; every other default path lives under it. */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.BERTH_DATA_DIR ?? "/var/lib/berth");
}

/** SQLite database URL: BERTH_DATABASE_URL, else a file in the data directory. */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.BERTH_DATABASE_URL ?? `file:${path.join(dataDirectory(env), "berth.db")}`;
}
