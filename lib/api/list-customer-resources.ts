import type { Actor } from "../access/actor";
import { listCustomers } from "../customers/list-customers";
import type { Database } from "../database/client";
import type { TPageInput } from "../pagination/read-page";
import { customerResource } from "./resources";

/** GET /api/v1/customers: one page of the customers the actor manages (admins and resellers only, 403 otherwise). */
export async function listCustomerResources({ database, actor, page }: { database: Database; actor: Actor; page: TPageInput }) {
  const { customers, nextCursor } = await listCustomers({ database, actor, ...page });
  return { customers: customers.map((customer) => customerResource(customer, actor)), nextCursor };
}
