import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { findCustomerFor } from "../access/customer-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import { endUserSessions } from "../auth/session-version";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { hashPassword } from "../security/password";
import { customerFields, ZEmail, ZName, ZPassword } from "./customer-fields";
import { isUniqueViolation } from "../database/unique-violation";

export const ZUpdateCustomerInput = z
  .object({ name: ZName.optional(), email: ZEmail.optional(), password: ZPassword.optional() })
  .refine((input) => input.name !== undefined || input.email !== undefined || input.password !== undefined, {
    message: "change at least one of name, email, password",
  });
export type TUpdateCustomerInput = z.input<typeof ZUpdateCustomerInput>;

/** Changes a managed customer's name, email or password (a new password ends its sessions). The audit trail names the fields, never the password. */
export async function updateCustomer({ database, actor, customerId, input }: { database: Database; actor: Actor; customerId: string; input: unknown }) {
  const customer = await findCustomerFor(database, actor, customerId);
  const { name, email, password } = parseInput(ZUpdateCustomerInput, input);
  const taken = () => new AppError("email_taken", 409, `A user with email ${email} already exists`, { field: "email" });
  if (email && email !== customer.email && (await database.user.findUnique({ where: { email }, select: { id: true } }))) throw taken();
  // Hashing is slow on purpose; do it before the transaction so the write lock is held briefly.
  const passwordHash = password ? await hashPassword(password) : undefined;
  const changed = [name !== undefined && "name", email !== undefined && "email", password !== undefined && "password"].filter(Boolean);
  try {
    return await database.$transaction(async (transaction) => {
      const updated = await transaction.user.update({ where: { id: customer.id }, data: { name, email, passwordHash, ...(passwordHash ? endUserSessions : {}) }, select: customerFields });
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        ...auditTenancy(customer),
        action: "customer.update",
        targetType: "user",
        targetId: customer.id,
        result: "success",
        details: { changed, ...(email && email !== customer.email ? { previousEmail: customer.email, email } : {}) },
      });
      return updated;
    });
  } catch (error) {
    // Another request may have taken the email between the check and the update.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
