import { resellerBillingEndpoint } from "@/lib/billing/billing-endpoint";
import { billingWebhookResponse } from "@/lib/billing/billing-route";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

/** A reseller's billing endpoint, signed with the secret shown on its billing page. */
export async function POST(request: Request, { params }: { params: Promise<{ endpointId: string }> }) {
  const { endpointId } = await params;
  const { database, settings } = panelServices();
  return billingWebhookResponse(request, () => resellerBillingEndpoint(database, endpointId, settings.encryptionKey));
}
