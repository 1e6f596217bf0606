import { randomBytes } from "node:crypto";
import { z } from "zod";
import { verifySecondFactor } from "../account/verify-second-factor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { hashPassword, verifyPassword } from "../security/password";
import {
  claimSignInAttempt,
  forgetSignInFailures,
  ipSignInThrottle,
  refundSignInAttempt,
  signInDelayMs,
  signInThrottleAddress,
  type IpSignInThrottle,
} from "../security/sign-in-throttle";
import { signInAddressAllowed } from "../users/sign-in-address-allowed";
import { SignInError } from "./sign-in-errors";

export interface AuthorizeCredentialsOptions {
  database: Database;
  /** Decrypts the TOTP secret; read only when the account has two-factor sign-in. */
  encryptionKey: string | (() => string);
  email: unknown;
  password: unknown;
  /** A 6-digit TOTP code or a recovery code; empty on the first (password) step. */
  totp?: unknown;
  ipAddress: string | null;
  now?: Date;
  ipThrottle?: IpSignInThrottle;
}

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string;
  role: string;
  /** Copied into the session JWT; a later password, two-factor or suspension change ends the session. */
  sessionVersion: number;
}

const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(1024),
  totp: z.string().trim().max(64).optional().default(""),
});

// Unknown emails still cost one bcrypt comparison, so response times do not tell which exist.
let dummyHash: Promise<string> | undefined;
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}

/**
 * The whole credentials check behind next-auth's authorize: per-IP brake, the growing delay for
 * this account from this address, password, suspension, then the second factor when the account
 * has one. Returns the user to sign in, or throws a SignInError whose message the sign-in page
 * understands. Every decided attempt is audited as "auth.sign_in" (refusals by either brake are
 * not, so a flood cannot fill the audit trail).
 */
export async function authorizeCredentials(options: AuthorizeCredentialsOptions): Promise<AuthorizedUser> {
  const { database, ipAddress, now = new Date(), ipThrottle = ipSignInThrottle() } = options;
  const ipKey = ipAddress ?? "unknown";
  const retryAfter = await ipThrottle.retryAfterSeconds(ipKey, now.getTime());
  if (retryAfter > 0) throw new SignInError("rate_limited", retryAfter);

  const parsed = ZCredentials.safeParse({ email: options.email, password: options.password, totp: options.totp ?? undefined });
  if (!parsed.success) {
    await ipThrottle.recordFailure(ipKey, now.getTime());
    throw new SignInError("invalid_credentials");
  }
  const { email, password, totp } = parsed.data;

  const audit = (writer: Pick<Database, "auditEvent">, userId: string | null, result: "success" | "failure", details: Record<string, unknown>) =>
    recordAuditEvent(writer, { actorId: userId, actorType: "user", action: "auth.sign_in", targetType: "user", targetId: userId, result, details: { email, ...details }, ipAddress });

  // With its reseller: a suspended reseller's customers cannot sign in either.
  const user = await database.user.findUnique({ where: { email }, include: { reseller: { select: { suspendedAt: true } } } });
  if (!user) {
    await verifyPassword(password, await dummyPasswordHash());
    await ipThrottle.recordFailure(ipKey, now.getTime());
    await audit(database, null, "failure", { reason: "unknown_email" });
    throw new SignInError("invalid_credentials");
  }

  // An address that failed too often on this account waits, whatever it sends now: the password
  // is not even compared, so guesses teach nothing. Other addresses (the owner's) are not slowed.
  const address = signInThrottleAddress(ipAddress);
  const started = await claimSignInAttempt(database, user.id, address, now);
  if ("retryAfterSeconds" in started) {
    await ipThrottle.recordFailure(ipKey, now.getTime());
    throw new SignInError("rate_limited", started.retryAfterSeconds);
  }
  const { claim } = started;

  /** The attempt already counts as a failure (claimed above): counts it against the IP too, audits it and throws the refusal to show. */
  const refuse = async (reason: string, code: "invalid_credentials" | "totp_invalid"): Promise<never> => {
    await ipThrottle.recordFailure(ipKey, now.getTime());
    const waitMs = signInDelayMs(claim.failures);
    await audit(database, user.id, "failure", { reason, failures: claim.failures, ...(waitMs > 0 ? { nextAttemptAfterSeconds: waitMs / 1000 } : {}) });
    throw new SignInError(code);
  };

  if (!(await verifyPassword(password, user.passwordHash))) return refuse("wrong_password", "invalid_credentials");

  // The account's sign-in ranges: from elsewhere even the right password is refused exactly like a wrong one.
  if (!signInAddressAllowed(user, ipAddress)) return refuse("address_not_allowed", "invalid_credentials");

  // Only after the password matched, so suspension is not revealed to someone guessing.
  if (user.suspendedAt || user.reseller?.suspendedAt) {
    await refundSignInAttempt(database, claim);
    await audit(database, user.id, "failure", { reason: "suspended" });
    throw new SignInError("suspended");
  }

  const signedIn = { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
  if (!user.totpEnabledAt || !user.totpSecretEncrypted) {
    await database.$transaction(async (transaction) => {
      await forgetSignInFailures(transaction, user.id, address);
      await audit(transaction, user.id, "success", { secondFactor: null });
    });
    return signedIn;
  }

  // The password was right; the form now asks for the code (not a failure: the claim is refunded,
  // but the address's earlier failures stay until a full sign-in, so wrong codes keep counting).
  if (!totp) {
    await refundSignInAttempt(database, claim);
    throw new SignInError("totp_required");
  }
  const encryptionKey = typeof options.encryptionKey === "function" ? options.encryptionKey() : options.encryptionKey;
  const factor = await database.$transaction(async (transaction) => {
    const kind = await verifySecondFactor({ database: transaction, encryptionKey, user, code: totp, now });
    if (!kind) return null;
    await forgetSignInFailures(transaction, user.id, address);
    await audit(transaction, user.id, "success", { secondFactor: kind });
    return kind;
  });
  if (!factor) return refuse("totp_invalid", "totp_invalid");
  return signedIn;
}
