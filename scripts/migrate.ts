// `npm run db:migrate`: applies the pending migrations to BERTH_DATABASE_URL (SQLite or PostgreSQL).
import { migrateDatabase } from "../lib/database/migrate";
import { databaseUrl } from "../lib/settings";

const applied = await migrateDatabase({ url: databaseUrl() });
console.log(applied.length === 0 ? "berth: database is up to date" : `berth: applied ${applied.join(", ")}`);
