import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { createDatabase, type Database } from "../../lib/database/client";
import { createPostgresDatabase } from "./postgres";

const root = path.resolve(import.meta.dirname, "..", "..");
const migratedTemplate = path.join(os.tmpdir(), `berth-migrated-${process.pid}.db`);

/** The database the tests run on: BERTH_TEST_DATABASE=postgresql for PostgreSQL, else SQLite. */
export const testDatabaseProvider = process.env.BERTH_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

/** A fresh, fully migrated SQLite database (migrations applied once per process, then copied). */
function createSqliteDatabase(): { url: string; remove(): void } {
  if (!existsSync(migratedTemplate)) {
    execFileSync("node", ["--import", "tsx", path.join(root, "scripts", "migrate.ts")], {
      cwd: root,
      env: { ...process.env, BERTH_DATABASE_URL: `file:${migratedTemplate}` },
      stdio: "ignore",
    });
    process.on("exit", () => rmSync(migratedTemplate, { force: true }));
  }
  const directory = mkdtempSync(path.join(os.tmpdir(), "berth-db-"));
  const file = path.join(directory, "berth.db");
  copyFileSync(migratedTemplate, file);
  return { url: `file:${file}`, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/** A fresh, fully migrated database per call, on the provider the tests run on. */
export function createTestDatabase(): { database: Database; url: string; remove(): Promise<void> } {
  const created = testDatabaseProvider === "postgresql" ? createPostgresDatabase() : createSqliteDatabase();
  const database = createDatabase(created.url);
  return {
    database,
    url: created.url,
    async remove() {
      await database.$disconnect();
      created.remove();
    },
  };
}

/** A fresh database for the calling test file, made as it loads and removed after its tests. */
export function databaseForFile(): Database {
  const testDatabase = createTestDatabase();
  after(() => testDatabase.remove());
  return testDatabase.database;
}
