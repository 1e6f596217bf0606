import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// prisma/schema.prisma is the one description of Berth's data; PostgreSQL uses the same models.
// Prisma's generated client is specific to its datasource provider, so the PostgreSQL client is
// generated from a copy of the schema that differs only in the datasource and the client's folder.

const root = path.resolve(import.meta.dirname, "..", "..");
export const sqliteSchemaPath = path.join(root, "prisma", "schema.prisma");
/** Beside the PostgreSQL client, in the gitignored lib/generated/. */
export const postgresqlSchemaPath = path.join(root, "lib", "generated", "schema-postgresql.prisma");

/** The PostgreSQL schema for a SQLite schema's text; throws if the text has not the expected shape. */
export function postgresqlSchemaText(sqliteSchema: string): string {
  const replacements: Array<[RegExp, string]> = [
    [/^(\s*provider\s*=\s*)"sqlite"/m, '$1"postgresql"'],
    [/^(\s*url\s*=\s*)"file:[^"]*"/m, '$1"postgresql://localhost/berth"'],
    // Paths in a schema are relative to its file: this copy lives in lib/generated/.
    [/^(\s*output\s*=\s*)"\.\.\/lib\/generated\/prisma"/m, '$1"./prisma-postgresql"'],
  ];
  return replacements.reduce((text, [pattern, replacement]) => {
    if (!pattern.test(text)) throw new Error(`prisma/schema.prisma has no line matching ${pattern}`);
    return text.replace(pattern, replacement);
  }, `// Generated from prisma/schema.prisma by lib/database/postgresql-schema.ts; do not edit.\n${sqliteSchema}`);
}

/** Writes the PostgreSQL schema derived from a SQLite schema file (default: prisma/schema.prisma). */
export function writePostgresqlSchema(from: string = sqliteSchemaPath, to: string = postgresqlSchemaPath): string {
  writeFileSync(to, postgresqlSchemaText(readFileSync(from, "utf8")));
  return to;
}
