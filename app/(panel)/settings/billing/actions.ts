"use server";

import { revalidatePath } from "next/cache";
import { notFound } from "next/navigation";
import { resellerEndpointSecret } from "@/lib/billing/billing-endpoint";
import { database } from "@/lib/database/client";
import { requireUser } from "@/lib/auth/session";
import { loadSettings } from "@/lib/settings";

export interface RotateSecretState {
  rotatedAt: number | null;
  error: string | null;
}

/** Replaces the reseller's billing webhook secret; the old one stops working at once. */
export async function rotateBillingSecret(_previous: RotateSecretState, _formData: FormData): Promise<RotateSecretState> {
  const user = await requireUser();
  if (user.role !== "reseller") notFound();
  try {
    await resellerEndpointSecret(database(), user.id, loadSettings().encryptionKey, true);
    revalidatePath("/settings/billing");
    return { rotatedAt: Date.now(), error: null };
  } catch (error) {
    console.error(`[panel] rotating the billing secret failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { rotatedAt: null, error: "The secret could not be rotated. Please try again." };
  }
}
