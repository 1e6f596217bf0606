import QRCode from "qrcode";
import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { encryptSecret } from "../security/secret-box";
import { generateTotpSecret, totpUri } from "../security/totp";

export const totpIssuer = "Berth";

export interface StartTotpEnrolmentOptions {
  database: Database;
  encryptionKey: string;
  actor: Actor;
}

/**
 * Gives the actor a new TOTP secret, stored encrypted but not yet enabled: sign-in does not ask
 * for a code until confirmTotpEnrolment has seen one the app produced. Starting again replaces
 * an unconfirmed secret. Returns what the page shows: the secret, its otpauth:// URI and a QR code.
 */
export async function startTotpEnrolment({ database, encryptionKey, actor }: StartTotpEnrolmentOptions) {
  const user = await database.user.findUnique({ where: { id: actor.userId }, select: { email: true, totpEnabledAt: true } });
  if (!user) throw new AppError("not_found", 404, "Your account no longer exists");
  if (user.totpEnabledAt) throw new AppError("totp_already_enabled", 409, "Two-factor sign-in is already on; turn it off first to enrol a new app");

  const secret = generateTotpSecret();
  const otpauthUri = totpUri({ secret, accountName: user.email, issuer: totpIssuer });
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: "M", margin: 1, width: 224 });
  await database.$transaction(async (transaction) => {
    await transaction.user.update({ where: { id: actor.userId }, data: { totpSecretEncrypted: encryptSecret(secret, encryptionKey), totpEnabledAt: null, totpLastStep: null } });
    await recordAuditEvent(transaction, { ...auditActor(actor), action: "account.totp_enrolment_start", targetType: "user", targetId: actor.userId, result: "success" });
  });
  return { secret, otpauthUri, qrCodeDataUrl };
}
