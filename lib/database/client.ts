import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { databaseUrl } from "../settings";

export type Database = PrismaClient;

/** An interactive transaction's client, as $transaction hands it to its callback. */
export type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

// The panel, the worker and the CLI are separate processes on one SQLite file. A transaction that
// read and then writes while another process wrote meanwhile cannot go on (WAL: SQLITE_BUSY_SNAPSHOT;
// the rollback journal even deadlocks until the busy timeout): it is rolled back whole, so running
// it again is safe (transactions only touch the database; jobs are queued after they commit).
const conflictAttempts = 6;

/** Whether an error is SQLite refusing a transaction because another connection wrote first. */
export function isWriteConflict(error: unknown): boolean {
  const text = `${(error as { code?: unknown })?.code ?? ""} ${(error as Error)?.message ?? ""} ${(error as { cause?: { kind?: unknown } })?.cause?.kind ?? ""}`;
  return /SQLITE_BUSY|database is locked|P1008|SocketTimeout/.test(text);
}

export function createDatabase(url: string = databaseUrl()): Database {
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  // Write-ahead logging: readers never wait for a writer and a writer never waits for readers, so
  // processes only meet when both write. Kept in the file; the first query on the connection.
  client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.$transaction = (async (...args: unknown[]) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await transaction(...args);
      } catch (error) {
        if (attempt >= conflictAttempts || !isWriteConflict(error)) throw error;
        // A little longer each time, and apart, so the same two writers do not meet again.
        await new Promise((resolve) => setTimeout(resolve, attempt * 20 + Math.random() * 30));
      }
    }
  }) as Database["$transaction"];
  return client;
}

// One client per process: Next.js re-evaluates modules in development, so keep it on globalThis.
const globalForDatabase = globalThis as unknown as { berthDatabase?: Database };

export function database(): Database {
  globalForDatabase.berthDatabase ??= createDatabase();
  return globalForDatabase.berthDatabase;
}
