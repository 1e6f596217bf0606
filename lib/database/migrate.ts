import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Umzug } from "umzug";
import type { MigrationTarget } from "./migration-target";
import { postgresqlMigrationTarget } from "./migration-target-postgresql";
import { sqliteMigrationTarget } from "./migration-target-sqlite";
import { databaseProvider, sqliteFilePath, type DatabaseProvider } from "./provider";

const root = path.resolve(import.meta.dirname, "..", "..");

/** Each provider's migrations: Prisma's SQLite folder, and its PostgreSQL counterpart. */
export const migrationFolders: Record<DatabaseProvider, string> = {
  sqlite: path.join(root, "prisma", "migrations"),
  postgresql: path.join(root, "prisma", "migrations-postgresql"),
};

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations in a folder, oldest first: one `<timestamp>_<name>/migration.sql` each, as Prisma lays them out. */
export function readMigrations(folder: string): MigrationFile[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(folder, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(folder, name, "migration.sql"), "utf8");
      // Prisma's checksum: the SHA-256 of the file, so its migrate status accepts our records.
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function openTarget(url: string): Promise<MigrationTarget> | MigrationTarget {
  return databaseProvider(url) === "sqlite" ? sqliteMigrationTarget(sqliteFilePath(url)) : postgresqlMigrationTarget(url);
}

/**
 * Applies the pending migrations of the URL's provider (or of `folder`), each in its own
 * transaction, and returns the names it applied. Safe to run from several processes at once.
 */
export async function migrateDatabase(options: { url: string; folder?: string }): Promise<string[]> {
  const target = await openTarget(options.url);
  const applied: string[] = [];
  try {
    const umzug = new Umzug({
      migrations: readMigrations(options.folder ?? migrationFolders[databaseProvider(options.url)]).map((migration) => ({
        name: migration.name,
        up: async () => {
          if (await target.apply(migration)) applied.push(migration.name);
        },
      })),
      storage: {
        executed: () => target.applied(),
        // apply() records each migration in the transaction that runs it, so a crash between the
        // two cannot leave a migration applied but unrecorded.
        logMigration: async () => undefined,
        unlogMigration: async () => {
          throw new Error("Berth's migrations only go forward");
        },
      },
      logger: undefined,
    });
    await umzug.up();
    return applied;
  } finally {
    await target.close();
  }
}
