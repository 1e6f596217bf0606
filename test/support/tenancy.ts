import type { Actor } from "../../lib/access/actor";
import type { Database } from "../../lib/database/client";
import type { JobContext } from "../../lib/jobs/define-job";
import { createReseller } from "../../lib/resellers/create-reseller";
import type { TResellerQuotaInput } from "../../lib/resellers/reseller-fields";
import { createCustomer } from "../../lib/customers/create-customer";
import { createUser } from "../../lib/users/create-user";

export const basePlan = { swapMb: 64, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 100 };

/** An admin created the way the CLI does (no actor), as the Actor domain functions take. */
export async function createAdmin(database: Database, email = "admin@tenancy.test"): Promise<Actor> {
  const { user } = await createUser({ database, input: { email, name: "Admin", role: "admin", password: "admin-password" } });
  return { userId: user.id, role: "admin", via: "session" };
}

export async function createResellerActor(database: Database, admin: Actor, email: string, quota: TResellerQuotaInput, plans: string[]): Promise<Actor> {
  const { reseller } = await createReseller({ database, actor: admin, input: { email, name: email, password: "reseller-password", quota, plans } });
  return { userId: reseller.id, role: "reseller", via: "session" };
}

export async function createCustomerActor(database: Database, reseller: Actor, email: string): Promise<Actor> {
  const { customer } = await createCustomer({ database, actor: reseller, input: { email, name: email, password: "customer-password" } });
  return { userId: customer.id, role: "customer", via: "session" };
}

/** What the worker hands a job handler, for calling handlers directly without a worker. */
export function jobContextFor(database: Database, jobRecordId: string): JobContext {
  return {
    database,
    settings: { dataDirectory: "/nonexistent", databaseUrl: "", redisUrl: "", encryptionKey: "test-key" },
    jobRecordId,
    async reportProgress() {},
    async runStep(_step, _progress, work) {
      return work();
    },
  };
}
