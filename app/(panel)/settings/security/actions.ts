"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { confirmTotpEnrolment } from "@/lib/account/confirm-totp-enrolment";
import { disableTotp } from "@/lib/account/disable-totp";
import { regenerateRecoveryCodes } from "@/lib/account/regenerate-recovery-codes";
import { startTotpEnrolment } from "@/lib/account/start-totp-enrolment";
import { renewSessionCookie } from "@/lib/auth/renew-session-cookie";
import { formNumber, formSecret } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

// Server actions: Next.js refuses any whose Origin header names another host than this one
// (serverActions.allowedOrigins is not set, so only the panel's own origin), which with the
// SameSite=Lax session cookie is the CSRF protection for these forms.
// Turning 2FA on or off and replacing the recovery codes end the user's other sessions; this one
// carries on with its cookie renewed to the new session version.

const ZCodeForm = z.object({ code: formSecret() });

/** The new secret, its otpauth:// URI and QR code, shown once. */
export const startEnrolmentAction = panelAction("startEnrolment", z.object({}), async ({ actor, services }) =>
  startTotpEnrolment({ database: services.database, encryptionKey: services.settings.encryptionKey, actor }),
);

/**
 * The recovery codes, shown once; issuedAt (ms) lets the page show the newest set, and
 * startAttempt names the enrolment it finished, so its QR code is not shown again.
 */
export const confirmEnrolmentAction = panelAction(
  "confirmEnrolment",
  ZCodeForm.extend({ startAttempt: formNumber() }),
  async ({ actor, input, services }) => {
    const { recoveryCodes, sessionVersion } = await confirmTotpEnrolment({ database: services.database, encryptionKey: services.settings.encryptionKey, actor, code: input.code });
    await renewSessionCookie({ sessionVersion });
    revalidatePath("/settings/security");
    return { recoveryCodes, issuedAt: Date.now(), startAttempt: input.startAttempt };
  },
);

/** The new recovery codes, shown once, and when they were issued (ms). */
export const regenerateCodesAction = panelAction("regenerateCodes", ZCodeForm, async ({ actor, input, services }) => {
  const { recoveryCodes, sessionVersion } = await regenerateRecoveryCodes({ database: services.database, encryptionKey: services.settings.encryptionKey, actor, code: input.code });
  await renewSessionCookie({ sessionVersion });
  revalidatePath("/settings/security");
  return { recoveryCodes, issuedAt: Date.now() };
});

export const disableTotpAction = panelAction("disableTotp", ZCodeForm, async ({ actor, input, services }) => {
  const { sessionVersion } = await disableTotp({ database: services.database, encryptionKey: services.settings.encryptionKey, actor, code: input.code });
  await renewSessionCookie({ sessionVersion });
  revalidatePath("/settings/security");
  return null;
});
