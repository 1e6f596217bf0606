/** The databases Berth runs on; BERTH_DATABASE_URL's scheme says which. */
export type DatabaseProvider = "sqlite" | "postgresql";

/** Which database a URL names: `file:` is SQLite, `postgresql://` or `postgres://` PostgreSQL. */
export function databaseProvider(url: string): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`BERTH_DATABASE_URL must start with file:, postgresql:// or postgres:// (got ${url.split(":")[0]}:...)`);
}

/** The file a `file:` URL names (relative paths from the working directory, as Prisma's adapter does). */
export function sqliteFilePath(url: string): string {
  return url.slice("file:".length).replace(/\?.*$/, "");
}
