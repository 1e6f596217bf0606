import { signBillingPayload } from "../../lib/billing/signature";
import { billingClientSettings } from "../../lib/settings";
import { buildBillingEvent } from "../billing/build-billing-event";
import { parseFlags } from "../parse-flags";
import { UsageError } from "../usage-error";

function webhookUrl(given: string | undefined): string {
  const url = given ?? `http://127.0.0.1:${billingClientSettings().panelPort}/api/webhooks/billing`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url must be an absolute http(s) URL (got "${url}")`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new UsageError(`--url must use http or https (got "${url}")`);
  return parsed.href;
}

function printAnswer(status: number, statusText: string, text: string): void {
  console.log(`HTTP ${status} ${statusText}`.trimEnd());
  try {
    console.log(JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    if (text) console.log(text);
  }
}

/** Sends a signed billing event to the panel, as WHMCS or another billing system would. */
async function sendBillingEventCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("billing send", args, {
    id: { type: "string" },
    service: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
    plan: { type: "string" },
    hostname: { type: "string" },
    template: { type: "string" },
    reason: { type: "string" },
    url: { type: "string" },
    secret: { type: "string" },
  }, 1);
  const [type] = positionals;
  if (!type) throw new UsageError("berth billing send needs the event type first, e.g. berth billing send service.create --service S1 ...");
  const { url: givenUrl, secret: givenSecret, ...eventFlags } = values;
  const event = buildBillingEvent(type, eventFlags);
  const url = webhookUrl(givenUrl);
  const secret = givenSecret ?? billingClientSettings().billingSecret;
  if (!secret) throw new UsageError("no signing secret: pass --secret or set BERTH_BILLING_SECRET (the panel's billing webhook secret)");

  // The signature covers these exact bytes, so serialise once and send that string.
  const rawBody = JSON.stringify(event);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "Berth-Signature": signBillingPayload(secret, rawBody) },
      body: rawBody,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(`could not reach ${url}: ${cause} (is the panel running? set --url or BERTH_PANEL_PORT)`);
  }
  console.log(`Sent ${event.type} ${event.id} to ${url}`);
  printAnswer(response.status, response.statusText, await response.text());
  return response.ok ? 0 : 1;
}

export const billingCommands = { send: sendBillingEventCommand };
