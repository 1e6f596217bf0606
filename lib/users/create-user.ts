import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../access/actor";
import { auditActor } from "../access/actor";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database, Transaction } from "../database/client";
import { userRoles } from "../domain/statuses";
import { AppError, parseInput } from "../errors";
import { hashPassword } from "../security/password";
import { isUniqueViolation } from "../database/unique-violation";

// bcrypt ignores everything after 72 bytes, so a longer password would only look stronger.
const ZPassword = z.string().min(10, "must be at least 10 characters").max(72, "must be at most 72 characters");

export const ZCreateUserInput = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email("must be an email address")),
    name: z.string().trim().min(1, "must not be empty").max(200),
    role: z.enum(userRoles, `must be one of ${userRoles.join(", ")}`),
    resellerEmail: z.string().trim().toLowerCase().pipe(z.email("must be the reseller's email address")).optional(),
    password: ZPassword.optional(),
  })
  .refine((input) => !input.resellerEmail || input.role === "customer", {
    path: ["resellerEmail"],
    message: "is only for customers: a reseller owns customers, not admins or other resellers",
  });
export type TCreateUserInput = z.input<typeof ZCreateUserInput>;

type CreatedUser = { id: string; email: string; name: string; role: string; resellerId: string | null; createdAt: Date };

export interface CreateUserOptions {
  database: Database;
  actor?: Actor;
  input: unknown;
  /** The reseller a customer belongs to, when the caller already knows it (instead of input.resellerEmail). */
  resellerId?: string | null;
  /** More writes that must commit with the user or not at all (a reseller's quota). */
  withinTransaction?: (transaction: Transaction, user: CreatedUser) => Promise<void>;
}

async function resellerIdFor(database: Database, resellerEmail: string | undefined): Promise<string | null> {
  if (!resellerEmail) return null;
  const reseller = await database.user.findUnique({ where: { email: resellerEmail }, select: { id: true, role: true } });
  if (!reseller) throw new AppError("reseller_not_found", 422, `No user with email ${resellerEmail}: create the reseller first (role reseller)`);
  if (reseller.role !== "reseller") throw new AppError("not_a_reseller", 422, `${resellerEmail} is a ${reseller.role}, not a reseller`);
  return reseller.id;
}

/**
 * Creates a user. When no password is given one is generated and returned, so the caller can
 * show it once; only its bcrypt hash is stored. Without an actor the system is recorded as acting.
 */
export async function createUser({ database, actor, input, resellerId: knownResellerId, withinTransaction }: CreateUserOptions) {
  const { email, name, role, resellerEmail, password } = parseInput(ZCreateUserInput, input);
  const taken = () => new AppError("email_taken", 409, `A user with email ${email} already exists`);
  if (await database.user.findUnique({ where: { email }, select: { id: true } })) throw taken();
  const resellerId = knownResellerId ?? (await resellerIdFor(database, resellerEmail));
  const generatedPassword = password ? undefined : randomBytes(12).toString("base64url");
  // Hashing is slow on purpose; do it before the transaction so the write lock is held briefly.
  const passwordHash = await hashPassword(password ?? generatedPassword!);
  try {
    const user = await database.$transaction(async (transaction) => {
      const created = await transaction.user.create({
        data: { email, name, role, resellerId, passwordHash },
        select: { id: true, email: true, name: true, role: true, resellerId: true, createdAt: true },
      });
      await withinTransaction?.(transaction, created);
      await recordAuditEvent(transaction, {
        ...(actor ? auditActor(actor) : { actorType: "system" as const }),
        ...auditTenancy(created),
        action: "user.create",
        targetType: "user",
        targetId: created.id,
        result: "success",
        details: { email, role, resellerId },
      });
      return created;
    });
    return { user, generatedPassword };
  } catch (error) {
    // Another request may have taken the email between the check and the insert.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
