import { randomUUID } from "node:crypto";
import pg from "pg";
import type { MigrationTarget } from "./migration-target";

// The same table Prisma keeps on PostgreSQL, so the history reads the same on both databases.
const createTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Any fixed number: every Berth migration run on this database waits for the one holding it.
const migrationLockKey = 7_726_574_104;

export async function postgresqlMigrationTarget(url: string): Promise<MigrationTarget> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Held for the whole run (released when the connection closes), so two runners never interleave.
    await client.query("SELECT pg_advisory_lock($1)", [migrationLockKey]);
    await client.query(createTable);
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    async applied() {
      const { rows } = await client.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`);
      return rows.map((row) => row.migration_name);
    },
    async apply(migration) {
      await client.query("BEGIN");
      try {
        const startedAt = new Date();
        // A script of many statements: the simple query protocol runs them all (no parameters).
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query("COMMIT");
        return true;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    async close() {
      await client.end();
    },
  };
}
