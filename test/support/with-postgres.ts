// Runs a command (the test runner) with a throwaway PostgreSQL cluster that every test process
// shares through BERTH_TEST_POSTGRES_URL, and BERTH_TEST_DATABASE=postgresql; removes the cluster
// after, also when stopped by a signal. Usage: node --import tsx test/support/with-postgres.ts <command> [args...]
import { spawn } from "node:child_process";
import { startPostgresCluster } from "./postgres";

const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error("usage: with-postgres.ts <command> [args...]");
const cluster = startPostgresCluster();
const child = spawn(command, args, {
  stdio: "inherit",
  env: { ...process.env, BERTH_TEST_DATABASE: "postgresql", BERTH_TEST_POSTGRES_URL: cluster.url },
});
// Passed on to the command; the cluster goes once the command has exited.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  cluster.stop();
  process.exitCode = code ?? (signal ? 1 : 0);
});
