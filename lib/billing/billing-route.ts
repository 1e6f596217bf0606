import { clientAddress } from "../http/client-address";
import { errorResponse, jsonResponse } from "../http/error-response";
import { panelServices } from "../http/panel-services";
import type { BillingEndpoint } from "./billing-endpoint";
import { handleBillingEvent } from "./handle-billing-event";

/** The edge of both billing endpoints: raw body and signature in, one answer shape out. */
export async function billingWebhookResponse(request: Request, findEndpoint: () => Promise<BillingEndpoint>): Promise<Response> {
  try {
    const { database, queue } = panelServices();
    const endpoint = await findEndpoint();
    const result = await handleBillingEvent({
      database,
      queue,
      endpoint,
      rawBody: await request.text(),
      signature: request.headers.get("berth-signature"),
      ipAddress: clientAddress(request.headers),
    });
    return jsonResponse(result.body, result.status);
  } catch (error) {
    return errorResponse(error);
  }
}
