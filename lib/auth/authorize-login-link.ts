import { findUsableAccountLink, useAccountLink } from "../account-links/find-account-link";
import { verifySecondFactor } from "../account/verify-second-factor";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { ipSignInThrottle, type IpSignInThrottle } from "../security/sign-in-throttle";
import type { AuthorizedUser } from "./authorize-credentials";
import { SignInError } from "./sign-in-errors";

export interface AuthorizeLoginLinkOptions {
  database: Database;
  encryptionKey: string | (() => string);
  token: unknown;
  /** The authenticator or recovery code, for accounts with two-factor sign-in; empty at first. */
  totp?: unknown;
  ipAddress: string | null;
  now?: Date;
  ipThrottle?: IpSignInThrottle;
}

/**
 * Signs a customer in with a billing system's login link: the link must be unused and less than
 * 60 seconds old, and works once. An account with two-factor sign-in must still give its code:
 * the link is used only when the sign-in completes, so asking for the code does not spend it.
 * Every decided attempt is audited as "auth.sign_in" with method "login_link".
 */
export async function authorizeLoginLink(options: AuthorizeLoginLinkOptions): Promise<AuthorizedUser> {
  const { database, ipAddress, now = new Date(), ipThrottle = ipSignInThrottle() } = options;
  const ipKey = ipAddress ?? "unknown";
  const retryAfter = await ipThrottle.retryAfterSeconds(ipKey, now.getTime());
  if (retryAfter > 0) throw new SignInError("rate_limited", retryAfter);

  const link = await findUsableAccountLink(database, options.token, ["login"], now);
  if (!link) {
    await ipThrottle.recordFailure(ipKey, now.getTime());
    throw new SignInError("link_invalid");
  }
  const { user } = link;
  const audit = (writer: Pick<Database, "auditEvent">, result: "success" | "failure", details: Record<string, unknown>) =>
    recordAuditEvent(writer, { actorId: user.id, actorType: "user", ...auditTenancy(user), action: "auth.sign_in", targetType: "user", targetId: user.id, result, details: { email: user.email, method: "login_link", linkId: link.id, ...details }, ipAddress });

  if (user.suspendedAt || user.deletedAt || user.reseller?.suspendedAt) {
    await audit(database, "failure", { reason: "suspended" });
    throw new SignInError("suspended");
  }

  const hasSecondFactor = Boolean(user.totpEnabledAt && user.totpSecretEncrypted);
  const code = typeof options.totp === "string" ? options.totp.trim().slice(0, 64) : "";
  if (hasSecondFactor && !code) throw new SignInError("totp_required");

  const encryptionKey = typeof options.encryptionKey === "function" ? options.encryptionKey() : options.encryptionKey;
  const outcome = await database.$transaction(async (transaction) => {
    const factor = hasSecondFactor ? await verifySecondFactor({ database: transaction, encryptionKey, user, code, now }) : null;
    if (hasSecondFactor && !factor) return "totp_invalid" as const;
    if (!(await useAccountLink(transaction, link.id, now))) return "link_invalid" as const;
    await audit(transaction, "success", { secondFactor: factor });
    return "signed_in" as const;
  });
  if (outcome !== "signed_in") {
    await ipThrottle.recordFailure(ipKey, now.getTime());
    await audit(database, "failure", { reason: outcome });
    throw new SignInError(outcome);
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
