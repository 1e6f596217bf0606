import { randomUUID } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import type { MigrationTarget } from "./migration-target";

// Prisma's own definition, so `prisma migrate deploy` and `prisma migrate status` read it too.
const createTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Prisma writes its timestamps as ISO text with an explicit offset. */
const now = () => new Date().toISOString().replace("Z", "+00:00");

export function sqliteMigrationTarget(file: string): MigrationTarget {
  // Waits up to 30 s for another process's write transaction (another migration run, the panel).
  const connection = new BetterSqlite3(file, { timeout: 30_000 });
  // Prisma's table-redefining migrations drop and re-create tables that others reference; foreign
  // keys are checked once, before each migration commits, instead of row by row (this pragma only
  // takes effect outside a transaction, so it is set here).
  connection.pragma("foreign_keys = OFF");
  connection.exec(createTable);
  const appliedQuery = `SELECT migration_name FROM "_prisma_migrations"
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`;
  const isApplied = connection.prepare(`SELECT 1 FROM "_prisma_migrations"
    WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`);
  const record = connection.prepare(`INSERT INTO "_prisma_migrations"
    (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`);
  // IMMEDIATE takes the write lock first, so two runners cannot both see a migration as pending.
  const applyOnce = connection.transaction((migration: { name: string; sql: string; checksum: string }) => {
    if (isApplied.get(migration.name)) return false;
    const startedAt = now();
    connection.exec(migration.sql);
    const violations = connection.pragma("foreign_key_check") as unknown[];
    if (violations.length > 0) throw new Error(`migration ${migration.name} leaves ${violations.length} foreign key violations`);
    record.run(randomUUID(), migration.checksum, now(), migration.name, startedAt);
    return true;
  }).immediate;
  return {
    async applied() {
      return (connection.prepare(appliedQuery).all() as Array<{ migration_name: string }>).map((row) => row.migration_name);
    },
    async apply(migration) {
      return applyOnce(migration);
    },
    async close() {
      connection.close();
    },
  };
}
