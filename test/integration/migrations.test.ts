import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { promisify } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { migrateDatabase, migrationFolders, readMigrations } from "../../lib/database/migrate";
import { sqliteSchemaPath } from "../../lib/database/postgresql-schema";
import type { DatabaseProvider } from "../../lib/database/provider";
import { findMigrationDrift } from "../../scripts/lib/migration-drift";
import { postgresServerUrl } from "../support/postgres";

const root = path.resolve(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "berth-migrations-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const serverUrl = postgresServerUrl();
const providers: DatabaseProvider[] = ["sqlite", "postgresql"];

let databases = 0;
/** A new, empty database of the provider. */
async function emptyDatabase(provider: DatabaseProvider): Promise<string> {
  databases += 1;
  if (provider === "sqlite") return `file:${path.join(scratch, `empty-${databases}.db`)}`;
  const name = `berth_migrations_test_${process.pid}_${databases}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  after(async () => {
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => dropper.end());
  });
  return Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
}

async function recordedMigrations(url: string): Promise<Array<{ migration_name: string; checksum: string }>> {
  const query = `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`;
  if (url.startsWith("file:")) {
    const connection = new BetterSqlite3(url.slice("file:".length), { readonly: true });
    try {
      return connection.prepare(query).all() as Array<{ migration_name: string; checksum: string }>;
    } finally {
      connection.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return (await client.query(query).finally(() => client.end())).rows;
}

for (const provider of providers) {
  describe(`migrations on ${provider}`, () => {
    const expected = readMigrations(migrationFolders[provider]).map(({ name, checksum }) => ({ migration_name: name, checksum }));

    test("two runners at once apply every migration exactly once, recorded with Prisma's checksum; a third finds nothing to do", async () => {
      const url = await emptyDatabase(provider);
      const run = () => promisify(execFile)("node", ["--import", "tsx", "scripts/migrate.ts"], { cwd: root, env: { ...process.env, BERTH_DATABASE_URL: url } });
      const outputs = await Promise.all([run(), run()]);
      assert.ok(outputs.some(({ stdout }) => stdout.includes("applied")), "one of the runners applied the migrations");
      assert.deepEqual(await recordedMigrations(url), expected);
      assert.deepEqual(await migrateDatabase({ url }), []);
      assert.deepEqual(await recordedMigrations(url), expected);
    });

    test("what the migrations build matches schema.prisma", async () => {
      assert.deepEqual(await findMigrationDrift({ provider, postgresServerUrl: serverUrl }), []);
    });

    test("a column in schema.prisma that no migration adds is reported as drift", async () => {
      const drifted = path.join(scratch, `drifted-${provider}.prisma`);
      const schema = readFileSync(sqliteSchemaPath, "utf8");
      writeFileSync(drifted, schema.replace(/^model Host \{\n/m, "model Host {\n  driftCheckProbe String?\n"));
      const differences = await findMigrationDrift({ provider, schemaFile: drifted, postgresServerUrl: serverUrl });
      assert.equal(differences.length, 1, differences.join("\n"));
      assert.match(differences[0], /^column Host\.driftCheckProbe: missing from the migrations/);
    });
  });
}

test("a SQLite database migrated by this runner passes `prisma migrate status`", async () => {
  const url = await emptyDatabase("sqlite");
  await migrateDatabase({ url });
  const status = execFileSync("npx", ["prisma", "migrate", "status"], { cwd: root, env: { ...process.env, BERTH_DATABASE_URL: url }, encoding: "utf8" });
  assert.match(status, /Database schema is up to date/);
});

test("a SQLite database migrated earlier by `prisma migrate deploy` is recognised: nothing is applied again", async () => {
  const url = await emptyDatabase("sqlite");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, BERTH_DATABASE_URL: url }, stdio: "ignore" });
  const before = await recordedMigrations(url);
  assert.deepEqual(await migrateDatabase({ url }), []);
  assert.deepEqual(await recordedMigrations(url), before);
});
