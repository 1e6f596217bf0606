import { z } from "zod";
import type { Actor } from "../access/actor";
import { ZEmail } from "../customers/customer-fields";
import { listCustomers } from "../customers/list-customers";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import type { TPageInput } from "../pagination/read-page";
import { customerResource } from "./resources";

// Emails are stored lower-case (ZEmail), so the lookup is exact.
const ZCustomerFilter = z.object({ email: ZEmail.optional() });

/**
 * GET /api/v1/customers: one page of the customers the actor manages (admins and resellers only,
 * 403 otherwise); `email` finds one (a billing system looking up its client).
 */
export async function listCustomerResources({ database, actor, page, filter = {} }: { database: Database; actor: Actor; page: TPageInput; filter?: Record<string, string | undefined> }) {
  const { email } = parseInput(ZCustomerFilter, filter);
  const { customers, nextCursor } = await listCustomers({ database, actor, email, ...page });
  return { customers: customers.map((customer) => customerResource(customer, actor)), nextCursor };
}
