import type { Metadata } from "next";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/app/_components/format";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { apiTokenLimit, listApiTokens } from "@/lib/tokens/api-tokens";
import { listTokenServerChoices } from "@/lib/tokens/list-token-server-choices";
import { Cell, DataTable } from "../../../_components/data-table";
import { RemoveButton } from "../../../_components/remove-button";
import { Card, CardBody, EmptyNote, PageHeader, Pill } from "../../../_components/ui";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./token-forms";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const { user, actor } = await requireSessionActor();
  const tokens = await listApiTokens(database(), user.id);
  const servers = await listTokenServerChoices({ database: database(), actor });
  const hostnames = new Map(servers.map((server) => [server.id, server.hostname]));
  const now = new Date();

  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens let scripts use the REST API at <code className="font-mono text-slate-700">/api/v1</code> with your permissions. Send one as{" "}
            <code className="font-mono text-slate-700">Authorization: Bearer &lt;token&gt;</code>.
          </>
        }
      />

      <Card title="Create a token" description={`Give it a name you will recognise later, such as the script or machine that uses it, and no more power than it needs (at most ${apiTokenLimit} active tokens)`} className="mb-8">
        <CardBody>
          <CreateTokenForm servers={servers} />
        </CardBody>
      </Card>

      <Card title="Your tokens" description="Revoke a token as soon as you no longer need it or it may have leaked">
        {tokens.length === 0 ? (
          <EmptyNote testId="token-empty">You have no API tokens yet.</EmptyNote>
        ) : (
          <DataTable testId="token-table" columns={["Name", "Token", "May", "Created", "Last used", "Status", { label: "Revoke", srOnly: true }]}>
            {tokens.map((token) => {
              const expired = !token.revokedAt && token.expiresAt !== null && token.expiresAt <= now;
              return (
                <tr key={token.id} data-testid="token-row" data-revoked={token.revokedAt ? "true" : "false"} className={token.revokedAt ? "text-slate-400" : ""}>
                  <Cell className={`font-medium ${token.revokedAt ? "text-slate-500" : "text-slate-900"}`}>{token.name}</Cell>
                  <Cell>
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{token.prefix}…</code>
                  </Cell>
                  <Cell className="text-xs text-slate-600" testId="token-limits">
                    <span className="block" data-testid="token-scope-label">{token.scope === "read" ? "read only" : "read and change"}</span>
                    <span className="block">{token.serverIds ? `servers: ${token.serverIds.map((id) => hostnames.get(id) ?? id).join(", ")}` : "all servers"}</span>
                    <span className="block">{token.sourceRanges ? `from ${token.sourceRanges.join(", ")}` : "from anywhere"}</span>
                    <span className="block">{token.expiresAt ? `expires ${formatDateTime(token.expiresAt)}` : "no expiry"}</span>
                  </Cell>
                  <Cell className="whitespace-nowrap text-slate-500">{formatDateTime(token.createdAt)}</Cell>
                  <Cell className="whitespace-nowrap text-slate-500">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "Never"}</Cell>
                  <Cell className="whitespace-nowrap">
                    {token.revokedAt ? (
                      <span className="inline-flex flex-col">
                        <Pill tone="slate" className="w-fit" testId="token-status">revoked</Pill>
                        <span className="mt-1 text-xs text-slate-400">{formatDateTime(token.revokedAt)}</span>
                      </span>
                    ) : expired ? (
                      <Pill tone="orange" testId="token-status">expired</Pill>
                    ) : (
                      <Pill tone="emerald" testId="token-status">active</Pill>
                    )}
                  </Cell>
                  <Cell className="text-right">
                    {token.revokedAt ? null : (
                      <RemoveButton action={revokeTokenAction} hidden={{ tokenId: token.id }} label="Revoke" pendingLabel="Revoking…" ariaLabel={`Revoke ${token.name}`} testId="token-revoke" />
                    )}
                  </Cell>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
    </>
  );
}
