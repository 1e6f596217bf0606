import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { recordResellerEvent } from "../resellers/record-reseller-event";
import { resellerEndpointSecret } from "./billing-endpoint";

/** Replaces the calling reseller's billing webhook secret; the old one stops working at once. */
export async function rotateBillingSecret({ database, actor, encryptionKey }: { database: Database; actor: Actor; encryptionKey: string }) {
  requireRole(actor, "reseller");
  const rotated = await resellerEndpointSecret(database, actor.userId, encryptionKey, true);
  await recordResellerEvent(database, actor, actor.userId, {
    action: "billing_secret.rotate",
    targetType: "webhook_endpoint",
    targetId: rotated.endpointId,
    result: "success",
  });
  return rotated;
}
