import { clientAddress } from "../http/client-address";
import { errorResponse, jsonResponse } from "../http/error-response";
import { panelServices } from "../http/panel-services";
import type { BillingEndpoint } from "./billing-endpoint";
import { readBodyText, webhookBodyLimitBytes } from "../http/read-body-text";
import { handleBillingEvent, signatureError } from "./handle-billing-event";
import { mailContextOf } from "../mail/queue-mail";
import { checkBillingSignatureHeader } from "./signature";

/** The edge of both billing endpoints: raw body and signature in, one answer shape out. */
export async function billingWebhookResponse(request: Request, findEndpoint: () => Promise<BillingEndpoint>): Promise<Response> {
  try {
    const endpoint = await findEndpoint();
    const signature = request.headers.get("berth-signature");
    // An unsigned or stale call is refused before its body is read; a signed one reads at most 256 KiB.
    const headerProblem = checkBillingSignatureHeader(signature);
    if (headerProblem) throw signatureError(headerProblem);
    const rawBody = await readBodyText({ request, limitBytes: webhookBodyLimitBytes });
    const { database, queue, settings } = panelServices();
    const result = await handleBillingEvent({
      database,
      queue,
      mailContext: mailContextOf(settings),
      endpoint,
      rawBody,
      signature,
      ipAddress: clientAddress(request.headers),
    });
    return jsonResponse(result.body, result.status);
  } catch (error) {
    return errorResponse(error);
  }
}
