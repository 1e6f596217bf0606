import { database } from "@/lib/database/client";
import { panelServices } from "@/lib/http/panel-services";
import { listMail } from "@/lib/mail/list-mail";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { readPanelPage } from "@/lib/panel/read-panel-page";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { formatDateTime } from "@/app/_components/format";
import { Cell, DataTable } from "@/app/_components/data-table";
import { Pager } from "@/app/_components/pager";
import { Card, PageHeader, StatusBadge } from "@/app/_components/ui";

export const generateMetadata = consoleMetadata("Mail", "admin");
export const dynamic = "force-dynamic";

/** Every link in a message's text, so the admin can hand one on without reading the whole mail. */
const linksIn = (text: string) => [...new Set(text.match(/https?:\/\/\S+/g) ?? [])];

export default async function AdminMailPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { cursor } = await searchParams;
  const { settings } = panelServices();
  const { messages, nextCursor } = await readPanelPage(cursor, (page) => listMail({ database: database(), actor, encryptionKey: settings.encryptionKey, cursor: page }));
  const mailOff = !settings.smtpUrl;

  return (
    <>
      <PageHeader title="Mail" description="Everything Berth sends: welcome and password links, servers ready, suspended, unsuspended and terminated, transfer allowances." />
      {mailOff ? (
        <div role="status" data-testid="mail-off" className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-800 ring-1 ring-inset ring-amber-600/20">
          Mail is off: <code>BERTH_SMTP_URL</code> is not set, so nothing is sent. Each message is kept here instead: give its link to the customer yourself.
        </div>
      ) : (
        <p className="mb-6 text-sm text-slate-500" data-testid="mail-on">
          Sent through the SMTP server in <code>BERTH_SMTP_URL</code> as {settings.mailFrom}.
        </p>
      )}
      <Card title="Messages" description="Newest first">
        {messages.length === 0 ? (
          <p className="px-5 py-8 text-center text-sm text-slate-500">No mail yet.</p>
        ) : (
          <DataTable columns={["Message", "To", "State"]}>
            {messages.map((message) => (
              <tr key={message.id} data-testid="mail-row" data-kind={message.kind} data-state={message.state} className="align-top">
                <Cell>
                  <p className="font-medium text-slate-900">{message.subject}</p>
                  <p className="text-xs text-slate-400">
                    {message.kind} · {formatDateTime(message.createdAt)} · from {message.fromName}
                  </p>
                  {message.text ? (
                    <>
                      {linksIn(message.text).map((link) => (
                        <p key={link} className="mt-1 break-all font-mono text-xs text-indigo-700" data-testid="mail-link">
                          {link}
                        </p>
                      ))}
                      <details className="mt-1 text-xs text-slate-600">
                        <summary className="cursor-pointer">Whole message</summary>
                        <pre className="mt-1 whitespace-pre-wrap">{message.text}</pre>
                      </details>
                    </>
                  ) : null}
                </Cell>
                <Cell>{message.to}</Cell>
                <Cell>
                  <StatusBadge status={message.state} testId="mail-state" />
                  {message.error && message.state !== "off" ? <p className="mt-1 text-xs text-rose-700">{message.error}</p> : null}
                  {message.sentAt ? <p className="mt-1 text-xs text-slate-400">sent {formatDateTime(message.sentAt)}</p> : null}
                </Cell>
              </tr>
            ))}
          </DataTable>
        )}
        <Pager path="/admin/mail" nextCursor={nextCursor} paged={Boolean(cursor)} />
      </Card>
    </>
  );
}
