import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { postgresqlSchemaText, sqliteSchemaPath } from "../../lib/database/postgresql-schema";
import { databaseProvider } from "../../lib/database/provider";

test("the PostgreSQL schema differs from schema.prisma only in the datasource and the client's folder", () => {
  const sqlite = readFileSync(sqliteSchemaPath, "utf8");
  const postgresql = postgresqlSchemaText(sqlite);
  const changed = (text: string) => new Set(text.split("\n").filter((line) => !sqlite.split("\n").includes(line)));
  assert.deepEqual([...changed(postgresql)].map((line) => line.trim()), [
    "// Generated from prisma/schema.prisma by lib/database/postgresql-schema.ts; do not edit.",
    'output       = "./prisma-postgresql"',
    'provider = "postgresql"',
    'url      = "postgresql://localhost/berth"',
  ]);
});

test("a schema without the expected datasource line is refused, not copied unchanged", () => {
  assert.throws(() => postgresqlSchemaText('datasource db {\n  provider = "mysql"\n}\n'), /no line matching/);
});

test("the URL's scheme picks the database", () => {
  assert.equal(databaseProvider("file:/var/lib/berth/berth.db"), "sqlite");
  assert.equal(databaseProvider("postgresql://berth@db/berth"), "postgresql");
  assert.equal(databaseProvider("postgres://berth@db/berth"), "postgresql");
  assert.throws(() => databaseProvider("mysql://db/berth"), /must start with file:, postgresql:\/\/ or postgres:\/\//);
});
