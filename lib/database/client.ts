import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { databaseUrl } from "../settings";

export type Database = PrismaClient;

/** An interactive transaction's client, as $transaction hands it to its callback. */
export type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

export function createDatabase(url: string = databaseUrl()): Database {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

// One client per process: Next.js re-evaluates modules in development, so keep it on globalThis.
const globalForDatabase = globalThis as unknown as { berthDatabase?: Database };

export function database(): Database {
  globalForDatabase.berthDatabase ??= createDatabase();
  return globalForDatabase.berthDatabase;
}
