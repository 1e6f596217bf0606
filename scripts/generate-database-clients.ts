// `npm run db:generate`: generates the Prisma client for SQLite (prisma/schema.prisma) and, from
// the same models, the PostgreSQL schema and its client (both into the gitignored lib/generated/).
import { execFileSync } from "node:child_process";
import { writePostgresqlSchema } from "../lib/database/postgresql-schema";

const postgresqlSchema = writePostgresqlSchema();
execFileSync("npx", ["prisma", "generate"], { stdio: ["ignore", "ignore", "inherit"] });
execFileSync("npx", ["prisma", "generate", "--schema", postgresqlSchema], { stdio: ["ignore", "ignore", "inherit"] });
