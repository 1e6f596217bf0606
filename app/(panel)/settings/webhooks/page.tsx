import type { Metadata } from "next";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { formatDateTime } from "@/app/_components/format";
import { database } from "@/lib/database/client";
import { serverEventTypes, type ServerEventType } from "@/lib/notifications/server-events";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";
import { webhookLimit } from "@/lib/webhooks/webhook-fields";
import type { TWebhookDeliveryState } from "@/lib/webhooks/webhook-resources";
import { ActionForm } from "../../../_components/action-form";
import { Cell, DataTable } from "../../../_components/data-table";
import { Card, CardBody, EmptyNote, PageHeader, Pill } from "../../../_components/ui";
import { deleteWebhookAction, resendDeliveryAction } from "./actions";
import { CreateWebhookForm } from "./webhook-forms";

export const metadata: Metadata = { title: "Outgoing webhooks" };
export const dynamic = "force-dynamic";

const eventDescriptions: Record<ServerEventType, string> = {
  "server.ready": "A new server is set up and running.",
  "server.failed": "Setting up a server failed.",
  "server.suspended": "A server was suspended (with the reason).",
  "server.unsuspended": "A suspension was lifted.",
  "server.terminated": "A server was destroyed.",
  "usage.threshold": "A server used 80 %, then all, of its monthly transfer allowance.",
};

const stateTones: Record<TWebhookDeliveryState, "emerald" | "orange" | "rose"> = { delivered: "emerald", pending: "orange", failed: "rose" };

/** To the second, UTC: retries come seconds apart. */
function formatTime(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC", timeZoneName: "short" }).format(new Date(iso));
}

export default async function OutgoingWebhooksPage() {
  const { actor } = await requirePageRole("admin", "reseller");
  const [webhooks, deliveries] = await Promise.all([listWebhooks({ database: database(), actor }), listWebhookDeliveries({ database: database(), actor })]);
  const urls = new Map(webhooks.map((webhook) => [webhook.id, webhook.url]));
  const whose = actor.role === "admin" ? "every server" : "your customers' servers";

  return (
    <>
      <PageHeader
        title="Outgoing webhooks"
        description={`Berth POSTs signed events about ${whose} to your endpoints, retrying for about a day until one answers with a 2xx status.`}
      />
      {deliveries.some((delivery) => delivery.state === "pending") ? <AutoRefresh intervalMs={2000} /> : null}

      <Card title="Add an endpoint" description={`An http or https URL and the events it should hear of (at most ${webhookLimit} endpoints)`} className="mb-8">
        <CardBody>
          <CreateWebhookForm events={serverEventTypes.map((type) => ({ type, description: eventDescriptions[type] }))} />
        </CardBody>
      </Card>

      <Card title="Endpoints" description={actor.role === "admin" ? "Shared by every admin" : undefined} className="mb-8">
        {webhooks.length === 0 ? (
          <EmptyNote testId="webhook-empty">No endpoints yet.</EmptyNote>
        ) : (
          <DataTable testId="webhook-table" columns={["URL", "Events", "Added", { label: "Delete", srOnly: true }]}>
            {webhooks.map((webhook) => (
              <tr key={webhook.id} data-testid="webhook-row" data-webhook-id={webhook.id}>
                <Cell className="break-all font-mono text-xs text-slate-900">{webhook.url}</Cell>
                <Cell className="text-xs text-slate-600">
                  {webhook.events.map((type) => (
                    <code key={type} className="mr-1.5 inline-block rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-indigo-700">
                      {type}
                    </code>
                  ))}
                </Cell>
                <Cell className="whitespace-nowrap text-slate-500">{formatDateTime(new Date(webhook.createdAt))}</Cell>
                <Cell className="text-right">
                  <ActionForm action={deleteWebhookAction} hidden={{ webhookId: webhook.id }} submitLabel="Delete" pendingLabel="Deleting…" confirmLabel="Delete with its deliveries" variant="danger" compact testId="webhook-delete" />
                </Cell>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      <Card title="Recent deliveries" description="Newest first; each event's last answer, or why there was none" className="mb-8">
        {deliveries.length === 0 ? (
          <EmptyNote testId="delivery-empty">Nothing has been sent yet.</EmptyNote>
        ) : (
          <DataTable testId="delivery-table" columns={["Time", "Event", "Endpoint", "State", "Attempts", "Answer", "Next attempt", { label: "Send again", srOnly: true }]}>
            {deliveries.map((delivery) => (
              <tr key={delivery.id} data-testid="delivery-row" data-delivery-id={delivery.id} data-webhook-id={delivery.webhookId} data-event-id={delivery.eventId}>
                <Cell className="whitespace-nowrap text-slate-500">{formatTime(delivery.createdAt)}</Cell>
                <Cell>
                  <code className="font-mono text-xs text-slate-700">{delivery.type}</code>
                </Cell>
                <Cell className="max-w-56 break-all font-mono text-xs text-slate-600">{urls.get(delivery.webhookId)}</Cell>
                <Cell>
                  <Pill tone={stateTones[delivery.state]} testId="delivery-state">
                    {delivery.state}
                  </Pill>
                </Cell>
                <Cell className="tabular-nums text-slate-700" testId="delivery-attempts">
                  {delivery.attempts}
                </Cell>
                <Cell className="max-w-72 text-xs" testId="delivery-answer">
                  {delivery.responseStatus !== null ? (
                    <>
                      <span className="font-semibold text-slate-800" data-testid="delivery-status">
                        HTTP {delivery.responseStatus}
                      </span>
                      {delivery.responseBody ? (
                        <span className="mt-0.5 block truncate font-mono text-slate-500" title={delivery.responseBody}>
                          {delivery.responseBody.slice(0, 200)}
                        </span>
                      ) : null}
                    </>
                  ) : delivery.error ? (
                    <span className="text-rose-700">{delivery.error}</span>
                  ) : (
                    <span className="text-slate-400">not tried yet</span>
                  )}
                </Cell>
                <Cell className="whitespace-nowrap text-slate-500">{delivery.nextAttemptAt ? formatTime(delivery.nextAttemptAt) : "—"}</Cell>
                <Cell className="text-right">
                  <ActionForm action={resendDeliveryAction} hidden={{ deliveryId: delivery.id }} submitLabel="Send again" pendingLabel="Queuing…" variant="small" compact testId="delivery-resend" />
                </Cell>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      <Card title="Checking a delivery" description="What every request carries">
        <div className="space-y-3 px-5 py-5 text-sm text-slate-700">
          <pre className="overflow-x-auto rounded-lg bg-slate-900 px-4 py-3 font-mono text-xs leading-relaxed text-slate-100" data-testid="webhook-headers">
            {`POST <your URL>
Content-Type: application/json
Berth-Event: server.ready
Berth-Delivery: <delivery id>
Berth-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>

{"id": "evt_...", "type": "server.ready", "createdAt": "...", "data": {"server": {...}, "customer": {...}, "serviceId": ...}}`}
          </pre>
          <ul className="list-disc space-y-1.5 pl-5 text-slate-600">
            <li>Check the signature with the endpoint&apos;s secret over the raw body, and refuse a timestamp more than 5 minutes off.</li>
            <li>Answer with a 2xx status within 10 seconds; anything else (also a redirect) is tried again later.</li>
            <li>An event may arrive more than once: drop repeats by its <code className="font-mono text-xs">id</code>.</li>
          </ul>
        </div>
      </Card>
    </>
  );
}
