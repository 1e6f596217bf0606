// `npm run db:check`: fails, naming each difference, when the SQLite or the PostgreSQL migrations
// do not build what prisma/schema.prisma describes. PostgreSQL runs on BERTH_CHECK_POSTGRES_URL
// (a database whose user may create databases), else on a throwaway cluster of its own.
import type { DatabaseProvider } from "../lib/database/provider";
import { startPostgresCluster } from "../test/support/postgres";
import { findMigrationDrift } from "./lib/migration-drift";

const cluster = process.env.BERTH_CHECK_POSTGRES_URL ? undefined : startPostgresCluster();
let drifted = false;
try {
  for (const provider of ["sqlite", "postgresql"] as DatabaseProvider[]) {
    const differences = await findMigrationDrift({ provider, postgresServerUrl: process.env.BERTH_CHECK_POSTGRES_URL ?? cluster?.url });
    if (differences.length === 0) {
      console.log(`berth: the ${provider} migrations match prisma/schema.prisma`);
      continue;
    }
    drifted = true;
    console.error(`berth: the ${provider} migrations differ from prisma/schema.prisma:\n  ${differences.join("\n  ")}`);
  }
} finally {
  cluster?.stop();
}
process.exitCode = drifted ? 1 : 0;
