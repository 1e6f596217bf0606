import type { Actor } from "../../lib/access/actor";
import { createDatabase, type Database } from "../../lib/database/client";
import { databaseUrl, redisUrl as stackRedisUrl } from "../../lib/settings";
import { loadEnvironment } from "../../lib/load-environment";
import { createJobQueue } from "../../lib/jobs/queue";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";

/*
 * Direct access to the running stack, for SETTING UP state a customer cannot create through the
 * panel (an admin suspending a server). Never used to decide what the UI should show.
 */

function dataDirectory(): string {
  const directory = process.env.BERTH_DATA_DIR;
  if (!directory) throw new Error("BERTH_DATA_DIR is not set: it must name the e2e stack's data folder");
  return directory;
}

// The stack's Redis wants the password up.sh generated into its secrets.env (readable by root, as these tests run).
function redisUrl(): string {
  const env = { ...process.env };
  loadEnvironment(env);
  return stackRedisUrl(env);
}

export async function withStackDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = createDatabase(databaseUrl({ ...process.env, BERTH_DATA_DIR: dataDirectory() }));
  try {
    return await work(database);
  } finally {
    await database.$disconnect();
  }
}

async function adminActor(database: Database): Promise<Actor> {
  const admin = await database.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!admin) throw new Error("the e2e stack has no admin user");
  return { userId: admin.id, role: "admin", via: "cli", ipAddress: null };
}

/** Has the admin suspend a server through the domain function, as the admin tools would; returns the job id. */
export async function suspendServerAsAdmin(serverId: string, reason = "e2e: suspended by the provider"): Promise<string> {
  return withStackDatabase(async (database) => {
    const queue = createJobQueue(redisUrl());
    try {
      const job = await requestServerAction({
        database,
        queue,
        actor: await adminActor(database),
        serverId,
        input: { type: "suspend", reason },
      });
      return job.id;
    } finally {
      await queue.close();
    }
  });
}
