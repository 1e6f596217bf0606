import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import type { Actor } from "../../lib/access/actor";
import { createDatabase, type Database } from "../../lib/database/client";
import { databaseUrl } from "../../lib/settings";
import { hashPassword } from "../../lib/security/password";
import { createApiToken, type TApiTokenInput } from "../../lib/tokens/api-tokens";

// The e2e stack's own database (BERTH_DATA_DIR is the stack's data folder). Tests use it to
// set up callers and to check what was or was not written, never instead of the HTTP answer.
let database: Database | undefined;

export function stackDatabase(): Database {
  database ??= createDatabase(databaseUrl());
  return database;
}

export async function seedUser(role: "admin" | "reseller" | "customer", options: { resellerId?: string } = {}) {
  const suffix = randomBytes(4).toString("hex");
  return stackDatabase().user.create({
    data: {
      email: `${role}-${suffix}@e2e.test`,
      name: `${role} ${suffix}`,
      role,
      resellerId: options.resellerId ?? null,
      passwordHash: await hashPassword(randomBytes(12).toString("hex")),
    },
  });
}

/** A user with a fresh API token (full scope, no limits unless `token` says), as the bearer header value. */
export async function seedCaller(role: "admin" | "reseller" | "customer", options: { resellerId?: string; token?: Omit<TApiTokenInput, "name"> } = {}) {
  const user = await seedUser(role, options);
  const actor: Actor = { userId: user.id, role, via: "cli" };
  const { token, apiToken } = await createApiToken({ database: stackDatabase(), actor, input: { name: "e2e", ...options.token } });
  return { user, token, tokenId: apiToken.id, headers: { Authorization: `Bearer ${token}` } };
}

/** Another token for an existing caller, e.g. a limited one beside its full one. */
export async function seedToken(caller: { user: { id: string; role: string } }, input: Omit<TApiTokenInput, "name">) {
  const actor: Actor = { userId: caller.user.id, role: caller.user.role as Actor["role"], via: "cli" };
  const { token, apiToken } = await createApiToken({ database: stackDatabase(), actor, input: { name: "e2e limited", ...input } });
  return { token, tokenId: apiToken.id, headers: { Authorization: `Bearer ${token}` } };
}

/** Follows a job through the REST API until it has finished; its resource. */
export async function waitForApiJob(request: APIRequestContext, headers: Record<string, string>, jobId: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { job } = (await (await request.get(`/api/v1/jobs/${jobId}`, { headers })).json()) as { job: { state: string; error: string | null } };
    if (job.state === "completed" || job.state === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${job.state}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Terminates servers through the REST API and waits for their jobs, so a spec gives back the
 * host capacity it took (the e2e host holds a few small servers at once).
 */
export async function terminateServers(request: APIRequestContext, headers: Record<string, string>, serverIds: string[]): Promise<void> {
  const jobs: string[] = [];
  for (const id of serverIds) {
    const response = await request.delete(`/api/v1/servers/${id}`, { headers });
    if (response.status() === 202) jobs.push(((await response.json()) as { job: { id: string } }).job.id);
  }
  for (const jobId of jobs) await waitForApiJob(request, headers, jobId);
}
