import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { createDatabase, type Database } from "../../lib/database/client";

const migratedTemplate = path.join(os.tmpdir(), `berth-migrated-${process.pid}.db`);

/** A fresh, fully migrated SQLite database per call (migrations applied once, then copied). */
export function createTestDatabase(): { database: Database; url: string; remove(): Promise<void> } {
  if (!existsSync(migratedTemplate)) {
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      env: { ...process.env, BERTH_DATABASE_URL: `file:${migratedTemplate}` },
      stdio: "ignore",
    });
    process.on("exit", () => rmSync(migratedTemplate, { force: true }));
  }
  const directory = mkdtempSync(path.join(os.tmpdir(), "berth-db-"));
  const file = path.join(directory, "berth.db");
  copyFileSync(migratedTemplate, file);
  const url = `file:${file}`;
  const database = createDatabase(url);
  return {
    database,
    url,
    async remove() {
      await database.$disconnect();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A fresh database for the calling test file, made as it loads and removed after its tests. */
export function databaseForFile(): Database {
  const testDatabase = createTestDatabase();
  after(() => testDatabase.remove());
  return testDatabase.database;
}
