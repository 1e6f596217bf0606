"use server";

import { revalidatePath } from "next/cache";
import { confirmTotpEnrolment } from "@/lib/account/confirm-totp-enrolment";
import { disableTotp } from "@/lib/account/disable-totp";
import { formErrorOf } from "@/lib/account/form-error";
import { regenerateRecoveryCodes } from "@/lib/account/regenerate-recovery-codes";
import { startTotpEnrolment } from "@/lib/account/start-totp-enrolment";
import { panelServices } from "@/lib/http/panel-services";
import { requireSessionActor } from "@/lib/panel/session-actor";
import type { DisableTotpState, RecoveryCodesState, StartEnrolmentState } from "./state";

// Server actions: Next.js refuses any whose Origin header names another host than this one
// (serverActions.allowedOrigins is not set, so only the panel's own origin), which with the
// SameSite=Lax session cookie is the CSRF protection for these forms.

const codeFields = ["code"] as const;

export async function startEnrolmentAction(previous: StartEnrolmentState): Promise<StartEnrolmentState> {
  const { actor } = await requireSessionActor();
  const attempt = previous.attempt + 1;
  try {
    const { database, settings } = panelServices();
    const enrolment = await startTotpEnrolment({ database, encryptionKey: settings.encryptionKey, actor });
    return { attempt, ...enrolment, error: null };
  } catch (error) {
    return { attempt, secret: null, otpauthUri: null, qrCodeDataUrl: null, error: formErrorOf(error, "starting TOTP enrolment", []).message };
  }
}

export async function confirmEnrolmentAction(_previous: RecoveryCodesState, formData: FormData): Promise<RecoveryCodesState> {
  const { actor } = await requireSessionActor();
  try {
    const { database, settings } = panelServices();
    const { recoveryCodes } = await confirmTotpEnrolment({ database, encryptionKey: settings.encryptionKey, actor, code: String(formData.get("code") ?? "") });
    revalidatePath("/settings/security");
    return { issuedAt: Date.now(), recoveryCodes, error: null, startAttempt: Number(formData.get("startAttempt")) };
  } catch (error) {
    return { issuedAt: 0, recoveryCodes: null, error: formErrorOf(error, "confirming TOTP enrolment", codeFields).message };
  }
}

export async function regenerateCodesAction(_previous: RecoveryCodesState, formData: FormData): Promise<RecoveryCodesState> {
  const { actor } = await requireSessionActor();
  try {
    const { database, settings } = panelServices();
    const { recoveryCodes } = await regenerateRecoveryCodes({ database, encryptionKey: settings.encryptionKey, actor, code: String(formData.get("code") ?? "") });
    revalidatePath("/settings/security");
    return { issuedAt: Date.now(), recoveryCodes, error: null };
  } catch (error) {
    return { issuedAt: 0, recoveryCodes: null, error: formErrorOf(error, "regenerating recovery codes", codeFields).message };
  }
}

export async function disableTotpAction(_previous: DisableTotpState, formData: FormData): Promise<DisableTotpState> {
  const { actor } = await requireSessionActor();
  try {
    const { database, settings } = panelServices();
    await disableTotp({ database, encryptionKey: settings.encryptionKey, actor, code: String(formData.get("code") ?? "") });
    revalidatePath("/settings/security");
    return { error: null };
  } catch (error) {
    return { error: formErrorOf(error, "disabling TOTP", codeFields).message };
  }
}
