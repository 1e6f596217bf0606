import type { Database, Transaction } from "../database/client";
import { singleUseTokenHash } from "../security/single-use-token";
import type { AccountLinkPurpose } from "./account-link-purposes";

/** Tokens are 43 URL-safe characters; anything else is not looked up at all. */
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** The unused, unexpired link for a token among the purposes given, with its account; null otherwise. */
export async function findUsableAccountLink(database: Pick<Database | Transaction, "accountLink">, token: unknown, purposes: readonly AccountLinkPurpose[], now = new Date()) {
  if (typeof token !== "string" || !tokenShape.test(token)) return null;
  return database.accountLink.findFirst({
    where: { tokenHash: singleUseTokenHash(token), purpose: { in: [...purposes] }, usedAt: null, expiresAt: { gt: now } },
    include: { user: { include: { reseller: { select: { suspendedAt: true } } } } },
  });
}

/** Marks the link used, once: false when another request used it first (or it expired meanwhile). */
export async function useAccountLink(transaction: Pick<Transaction, "accountLink">, linkId: string, now = new Date()): Promise<boolean> {
  const { count } = await transaction.accountLink.updateMany({ where: { id: linkId, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return count === 1;
}
