import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { migrateDatabase, migrationFolders } from "../../lib/database/migrate";
import { postgresqlSchemaText, sqliteSchemaPath } from "../../lib/database/postgresql-schema";
import type { DatabaseProvider } from "../../lib/database/provider";
import { catalogDifferences, postgresqlCatalog, sqliteCatalog } from "./database-catalog";

const root = path.resolve(import.meta.dirname, "..", "..");

/** The SQL that makes `schemaFile`'s models from nothing, as Prisma writes it (no database involved). */
function schemaSql(schemaFile: string, scratch: string): string {
  return execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaFile, "--script"], {
    cwd: root,
    // prisma.config.ts needs a database URL to load; this command never opens it.
    env: { ...process.env, BERTH_DATABASE_URL: `file:${path.join(scratch, "unused.db")}` },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
}

export interface DriftCheck {
  provider: DatabaseProvider;
  /** The models (default prisma/schema.prisma); for PostgreSQL its provider is swapped as at generate time. */
  schemaFile?: string;
  migrationsFolder?: string;
  /** PostgreSQL only: a database on the server to use, whose user may create databases. */
  postgresServerUrl?: string;
}

/**
 * How what a provider's migrations build differs from what schema.prisma describes (empty when
 * they agree): the migrations go into one empty database, Prisma's SQL for the schema into
 * another, and their catalogs are compared.
 */
export async function findMigrationDrift(check: DriftCheck): Promise<string[]> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "berth-drift-"));
  try {
    let schemaFile = check.schemaFile ?? sqliteSchemaPath;
    if (check.provider === "postgresql") {
      schemaFile = path.join(scratch, "schema-postgresql.prisma");
      writeFileSync(schemaFile, postgresqlSchemaText(readFileSync(check.schemaFile ?? sqliteSchemaPath, "utf8")));
    }
    const expectedSql = schemaSql(schemaFile, scratch);
    const folder = check.migrationsFolder ?? migrationFolders[check.provider];
    if (check.provider === "sqlite") {
      const migrated = path.join(scratch, "migrated.db");
      const described = path.join(scratch, "described.db");
      await migrateDatabase({ url: `file:${migrated}`, folder });
      const connection = new BetterSqlite3(described);
      connection.exec(expectedSql);
      connection.close();
      return catalogDifferences(sqliteCatalog(migrated), sqliteCatalog(described));
    }
    if (!check.postgresServerUrl) throw new Error("the PostgreSQL drift check needs a server (postgresServerUrl)");
    return await withPostgresDatabases(check.postgresServerUrl, async (migrated, described) => {
      await migrateDatabase({ url: migrated, folder });
      const client = new pg.Client({ connectionString: described });
      await client.connect();
      await client.query(expectedSql).finally(() => client.end());
      return catalogDifferences(await postgresqlCatalog(migrated), await postgresqlCatalog(described));
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs `work` with two new, empty databases on the server, dropped afterwards. */
async function withPostgresDatabases<Result>(serverUrl: string, work: (first: string, second: string) => Promise<Result>): Promise<Result> {
  const names = ["migrated", "described"].map((kind) => `berth_drift_${kind}_${randomBytes(4).toString("hex")}`);
  const urlOf = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (const name of names) await admin.query(`CREATE DATABASE ${name}`);
    return await work(urlOf(names[0]), urlOf(names[1]));
  } finally {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
