import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PostgresqlPrismaClient } from "../generated/prisma-postgresql/client";
import { databaseUrl } from "../settings";
import { databaseProvider } from "./provider";

// Both generated clients come from the same models (lib/database/postgresql-schema.ts), so they
// have the same API; the SQLite one's type stands for both.
export type Database = PrismaClient;

/** An interactive transaction's client, as $transaction hands it to its callback. */
export type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

// The panel, the worker and the CLI are separate processes on one database. On SQLite a transaction
// that read and then writes while another process wrote meanwhile cannot go on (WAL:
// SQLITE_BUSY_SNAPSHOT; the rollback journal even deadlocks until the busy timeout). On PostgreSQL
// transactions run at Serializable isolation, which refuses (40001) whatever would not have
// happened had they run one after the other, or picks a deadlock's victim (40P01). Either way the
// transaction is rolled back whole, so running it again is safe (transactions only touch the
// database; jobs are queued after they commit) and gives the same guarantees on both databases.
// Ten attempts: a burst of orders for one customer on PostgreSQL (Serializable) can meet several times.
const conflictAttempts = 10;

/** Whether an error is the database refusing a transaction because another one wrote first. */
export function isWriteConflict(error: unknown): boolean {
  const cause = (error as { cause?: { kind?: unknown; code?: unknown } })?.cause;
  const text = `${(error as { code?: unknown })?.code ?? ""} ${(error as Error)?.message ?? ""} ${cause?.kind ?? ""} ${cause?.code ?? ""}`;
  return /SQLITE_BUSY|database is locked|P1008|SocketTimeout|P2034|TransactionWriteConflict|40001|40P01|could not serialize|deadlock detected/.test(text);
}

function createClient(url: string): Database {
  if (databaseProvider(url) === "postgresql") {
    return new PostgresqlPrismaClient({
      adapter: new PrismaPg({ connectionString: url }),
      transactionOptions: { isolationLevel: "Serializable" },
    }) as unknown as Database;
  }
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  // Write-ahead logging: readers never wait for a writer and a writer never waits for readers, so
  // processes only meet when both write. Kept in the file; the first query on the connection.
  client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
  return client;
}

/** A client for BERTH_DATABASE_URL (or `url`): a `file:` URL is SQLite, `postgresql://` PostgreSQL. */
export function createDatabase(url: string = databaseUrl()): Database {
  const client = createClient(url);
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.$transaction = (async (...args: unknown[]) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await transaction(...args);
      } catch (error) {
        if (attempt >= conflictAttempts || !isWriteConflict(error)) throw error;
        // A little longer each time, and apart, so the same two writers do not meet again.
        await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 25, 200) + Math.random() * 50 * attempt));
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
