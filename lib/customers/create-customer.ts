import { z } from "zod";
import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { queueWelcomeMail } from "../mail/account-mail";
import type { MailContext } from "../mail/queue-mail";
import { createUser } from "../users/create-user";
import { ZEmail, ZName, ZPassword } from "./customer-fields";

export const ZCreateCustomerInput = z.object({
  email: ZEmail,
  name: ZName,
  password: ZPassword.optional(),
  /** Admins only: the reseller the customer belongs to; left out, the customer is the admin's own. */
  resellerId: z.string().min(1).optional(),
});
export type TCreateCustomerInput = z.input<typeof ZCreateCustomerInput>;

/**
 * Creates a customer under the acting reseller (or, for an admin, under the reseller named, or
 * none). Returns the generated password when none was given, to be shown once. A reseller's new
 * customer is also sent a welcome mail (under the reseller's brand) with a link to choose its own.
 */
export async function createCustomer({ database, actor, input, mailContext }: { database: Database; actor: Actor; input: unknown; mailContext: MailContext }) {
  requireRole(actor, "admin", "reseller");
  const { email, name, password, resellerId: requestedResellerId } = parseInput(ZCreateCustomerInput, input);
  if (requestedResellerId && actor.role !== "admin") {
    throw new AppError("forbidden", 403, "resellerId: customers you create are always yours");
  }
  const resellerId = actor.role === "reseller" ? actor.userId : (requestedResellerId ?? null);
  if (resellerId && actor.role === "admin") {
    const reseller = await database.user.findUnique({ where: { id: resellerId }, select: { role: true } });
    if (reseller?.role !== "reseller") throw new AppError("not_a_reseller", 422, `resellerId: ${resellerId} is not a reseller`, { field: "resellerId" });
  }
  const { user, generatedPassword } = await createUser({
    database,
    actor,
    input: { email, name, password, role: "customer" },
    resellerId,
    withinTransaction: actor.role === "reseller" ? (transaction, created) => queueWelcomeMail(transaction, mailContext, created) : undefined,
  });
  return { customer: user, generatedPassword };
}
