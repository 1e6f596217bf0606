"use server";

import { revalidatePath } from "next/cache";
import { rotateBillingSecret } from "@/lib/billing/rotate-billing-secret";
import { AppError } from "@/lib/errors";
import { panelServices } from "@/lib/http/panel-services";
import { requireSessionActor } from "@/lib/panel/session-actor";

export interface RotateSecretState {
  rotatedAt: number | null;
  error: string | null;
}

/** Replaces the reseller's billing webhook secret; the old one stops working at once. */
export async function rotateBillingSecretAction(_previous: RotateSecretState, _formData: FormData): Promise<RotateSecretState> {
  const { actor } = await requireSessionActor();
  try {
    const { database, settings } = panelServices();
    await rotateBillingSecret({ database, actor, encryptionKey: settings.encryptionKey });
    revalidatePath("/settings/billing");
    return { rotatedAt: Date.now(), error: null };
  } catch (error) {
    if (error instanceof AppError) return { rotatedAt: null, error: error.message };
    console.error(`[panel] rotating the billing secret failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { rotatedAt: null, error: "The secret could not be rotated. Please try again." };
  }
}
