import type { Transaction } from "../database/client";
import { newSingleUseToken, singleUseTokenHash } from "../security/single-use-token";
import { accountLinkLifetimeSeconds, accountLinkPath, type AccountLinkPurpose } from "./account-link-purposes";

// Used and expired links are kept this long (for a look after an incident), then deleted.
const keepSpentMs = 7 * 24 * 60 * 60 * 1000;

export interface IssuedAccountLink {
  id: string;
  /** The panel path holding the token (shown or mailed once; only its SHA-256 is stored). */
  path: string;
  expiresAt: Date;
}

/**
 * A new single-use link for one account. An account holds one unused link per purpose: a new
 * one replaces the last (an older reset mail stops working once another is asked for).
 */
export async function issueAccountLink(
  writer: Pick<Transaction, "accountLink">,
  link: { userId: string; purpose: AccountLinkPurpose; redirectPath?: string | null; createdById?: string | null; now?: Date },
): Promise<IssuedAccountLink> {
  const now = link.now ?? new Date();
  const token = newSingleUseToken();
  const expiresAt = new Date(now.getTime() + accountLinkLifetimeSeconds[link.purpose] * 1000);
  await writer.accountLink.deleteMany({ where: { OR: [{ userId: link.userId, purpose: link.purpose, usedAt: null }, { expiresAt: { lt: new Date(now.getTime() - keepSpentMs) } }] } });
  const created = await writer.accountLink.create({
    data: { tokenHash: singleUseTokenHash(token), userId: link.userId, purpose: link.purpose, redirectPath: link.redirectPath ?? null, createdById: link.createdById ?? null, expiresAt },
  });
  return { id: created.id, path: accountLinkPath(link.purpose, token), expiresAt };
}
