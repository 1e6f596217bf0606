import { createDatabase, type Database } from "../lib/database/client";
import { loadSettings } from "../lib/settings";

/** Runs one command against the configured database and always closes it, so the process can exit. */
export async function withDatabase<Result>(work: (database: Database) => Promise<Result>): Promise<Result> {
  const database = createDatabase(loadSettings().databaseUrl);
  try {
    return await work(database);
  } finally {
    await database.$disconnect();
  }
}
