import { adminBillingEndpoint } from "@/lib/billing/billing-endpoint";
import { billingWebhookResponse } from "@/lib/billing/billing-route";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

/** The admin's billing endpoint, signed with BERTH_BILLING_SECRET. */
export function POST(request: Request) {
  return billingWebhookResponse(request, () => adminBillingEndpoint(panelServices().database, panelServices().settings.billingSecret ?? undefined));
}
