import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { resellerEndpointSecret } from "@/lib/billing/billing-endpoint";
import { billingEventTypes } from "@/lib/billing/billing-events";
import { database } from "@/lib/database/client";
import { panelServices } from "@/lib/http/panel-services";
import { CopyButton } from "../../../_components/copy-button";
import { Card, PageHeader } from "../../../_components/ui";
import { RotateSecretButton, SecretField } from "./secret-controls";

export const metadata: Metadata = { title: "Billing webhook" };
export const dynamic = "force-dynamic";

const eventDescriptions: Record<(typeof billingEventTypes)[number], string> = {
  "service.create": "Orders a server for a customer (made on first use), with plan, template and hostname.",
  "service.suspend": "Suspends the service's server, e.g. for an unpaid invoice.",
  "service.unsuspend": "Lifts the suspension.",
  "service.terminate": "Destroys the server for good.",
  "service.change_plan": "Moves the server to another plan.",
};

/** The panel's public origin: NEXTAUTH_URL when set, else what the request came in on. */
async function panelOrigin(): Promise<string> {
  const configured = panelServices().settings.panelUrl;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // fall through to the request's own origin
    }
  }
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "localhost";
  const protocol = requestHeaders.get("x-forwarded-proto") ?? "http";
  return `${protocol}://${host}`;
}

export default async function BillingWebhookPage() {
  const user = await requireUser();
  if (user.role !== "reseller") notFound();
  const [{ endpointId, secret }, origin] = await Promise.all([
    resellerEndpointSecret(database(), user.id, panelServices().settings.encryptionKey),
    panelOrigin(),
  ]);
  const url = `${origin}/api/webhooks/billing/${endpointId}`;

  return (
    <>
      <PageHeader
        title="Billing webhook"
        description="Connect your billing system: it sends signed events to this endpoint to create, suspend, unsuspend, resize and terminate your customers' servers."
      />

      <div className="grid items-start gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          <Card title="Endpoint" description="Where your billing system sends its events (HTTP POST, JSON body)">
            <div className="space-y-6 px-5 py-5">
              <div>
                <p className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">URL</p>
                <div className="flex items-center gap-2">
                  <code
                    id="billing-url"
                    data-testid="billing-url"
                    className="block min-w-0 flex-1 break-all rounded-lg bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-200"
                  >
                    {url}
                  </code>
                  <CopyButton value={url} targetId="billing-url" testId="billing-url-copy" />
                </div>
              </div>
              <div>
                <p className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">Signing secret</p>
                <SecretField secret={secret} />
                <p className="mt-2 text-xs text-slate-500">Keep it secret: anyone holding it can act on your customers&apos; servers.</p>
              </div>
              <div className="border-t border-slate-100 pt-5">
                <RotateSecretButton />
              </div>
            </div>
          </Card>

          <Card title="Signing requests" description="Every request must carry a fresh signature of its exact body">
            <div className="space-y-4 px-5 py-5 text-sm text-slate-700">
              <p>Send this header with every event:</p>
              <pre className="overflow-x-auto rounded-lg bg-slate-900 px-4 py-3 font-mono text-xs leading-relaxed text-slate-100" data-testid="billing-signature-format">
                {"Berth-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>"}
              </pre>
              <ul className="list-disc space-y-1.5 pl-5 text-slate-600">
                <li>
                  <code className="font-mono text-xs">t</code> is the current time in Unix seconds; requests more than 5 minutes old or ahead are refused.
                </li>
                <li>
                  <code className="font-mono text-xs">v1</code> is the lowercase hex HMAC-SHA256, keyed with the secret, of the timestamp, a dot, and the raw request body
                  exactly as sent.
                </li>
                <li>
                  Every event has a unique <code className="font-mono text-xs">id</code>; a repeated id is answered with the first response, so retries are safe.
                </li>
              </ul>
              <p className="pt-1">For example, in Node.js:</p>
              <pre className="overflow-x-auto rounded-lg bg-slate-900 px-4 py-3 font-mono text-xs leading-relaxed text-slate-100">
                {`const url = "${url}";
const body = JSON.stringify({
  id: "evt_1001",
  type: "service.suspend",
  data: { serviceId: "svc_42", reason: "unpaid invoice" },
});
const t = Math.floor(Date.now() / 1000);
const v1 = crypto.createHmac("sha256", secret).update(\`\${t}.\${body}\`).digest("hex");
await fetch(url, {
  method: "POST",
  headers: { "Content-Type": "application/json", "Berth-Signature": \`t=\${t},v1=\${v1}\` },
  body,
});`}
              </pre>
            </div>
          </Card>
        </div>

        <Card title="Event types" description="The type field of each event" className="lg:col-span-2">
          <ul className="divide-y divide-slate-100" data-testid="billing-event-types">
            {billingEventTypes.map((type) => (
              <li key={type} className="px-5 py-3.5">
                <code className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-indigo-700">{type}</code>
                <p className="mt-1.5 text-sm text-slate-600">{eventDescriptions[type]}</p>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
