import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { migrationFolders, readMigrations } from "../../lib/database/migrate";

// Throwaway PostgreSQL for tests. Everything here is synchronous (the server's own binaries), so
// test/support/database.ts can hand out PostgreSQL databases as synchronously as SQLite copies.

const binaries = "/usr/lib/postgresql/15/bin";
const root = path.resolve(import.meta.dirname, "..", "..");

function psql(url: string, sql: string): string {
  return execFileSync(path.join(binaries, "psql"), ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], { encoding: "utf8" });
}

function withDatabaseName(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

function serverResponds(port: number): boolean {
  // pg_isready exits 2 when nothing answers on the port.
  return spawnSync(path.join(binaries, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", String(port)]).status !== 2;
}

/**
 * Starts a PostgreSQL 15 cluster of its own on the first free port from `port` (default
 * BERTH_TEST_POSTGRES_PORT or 55432), its data in /var/tmp/berth-pg-<random>. Durability is off:
 * nothing in it outlives the tests. Returns the URL of its `postgres` database and a stop() that
 * also removes the data.
 */
export function startPostgresCluster(port = Number(process.env.BERTH_TEST_POSTGRES_PORT || 55432)): { url: string; stop(): void } {
  while (serverResponds(port)) port += 1;
  const directory = mkdtempSync("/var/tmp/berth-pg-");
  const owner = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
  chownSync(directory, Number(owner), Number(owner));
  const asPostgres = (command: string, args: string[]) =>
    execFileSync("runuser", ["-u", "postgres", "--", path.join(binaries, command), ...args], { stdio: "ignore" });
  const data = path.join(directory, "data");
  let running = false;
  const stop = () => {
    if (running) {
      running = false;
      spawnSync("runuser", ["-u", "postgres", "--", path.join(binaries, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"], { stdio: "ignore" });
    }
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]);
    const options = `-p ${port} -h 127.0.0.1 -k ${directory} -F -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
    asPostgres("pg_ctl", ["-D", data, "-o", options, "-l", path.join(directory, "log"), "-w", "start"]);
    running = true;
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
}

let server: string | undefined;

/**
 * The PostgreSQL server tests use: BERTH_TEST_POSTGRES_URL (a URL of a database on it whose user
 * may create databases), else a cluster started for this process and removed when it exits.
 */
export function postgresServerUrl(): string {
  if (server) return server;
  if (process.env.BERTH_TEST_POSTGRES_URL) {
    server = process.env.BERTH_TEST_POSTGRES_URL;
    return server;
  }
  const cluster = startPostgresCluster();
  process.on("exit", cluster.stop);
  // A test run stopped early still removes its cluster (the default action for these signals would not).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      cluster.stop();
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
  }
  server = cluster.url;
  return server;
}

/**
 * The migrated template database for the current PostgreSQL migrations, made once per server: its
 * name carries the migrations' checksum, so a changed migration gets a new template. Made under a
 * name of its own and renamed when complete, so processes racing to make it never see half of one.
 */
function migratedTemplate(serverUrl: string): string {
  const checksums = readMigrations(migrationFolders.postgresql).map((migration) => migration.checksum);
  const name = `berth_template_${createHash("sha256").update(checksums.join()).digest("hex").slice(0, 16)}`;
  if (psql(serverUrl, `SELECT 1 FROM pg_database WHERE datname = '${name}'`).trim() === "1") return name;
  const building = `${name}_${randomBytes(4).toString("hex")}`;
  psql(serverUrl, `CREATE DATABASE ${building}`);
  try {
    execFileSync("node", ["--import", "tsx", path.join(root, "scripts", "migrate.ts")], {
      cwd: root,
      env: { ...process.env, BERTH_DATABASE_URL: withDatabaseName(serverUrl, building) },
      stdio: "ignore",
    });
    psql(serverUrl, `ALTER DATABASE ${building} RENAME TO ${name}`);
  } catch (error) {
    psql(serverUrl, `DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    // Another process finished the same template first: use that one.
    if (psql(serverUrl, `SELECT 1 FROM pg_database WHERE datname = '${name}'`).trim() === "1") return name;
    throw error;
  }
  return name;
}

/** A fresh, fully migrated PostgreSQL database (a copy of the template) and a remove() that drops it. */
export function createPostgresDatabase(): { url: string; remove(): void } {
  const serverUrl = postgresServerUrl();
  const template = migratedTemplate(serverUrl);
  const name = `berth_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  psql(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: withDatabaseName(serverUrl, name),
    remove() {
      psql(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
