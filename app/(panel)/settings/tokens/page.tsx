import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/app/_components/format";
import { listApiTokens } from "@/lib/tokens/api-tokens";
import { Cell, DataTable } from "../../../_components/data-table";
import { RemoveButton } from "../../../_components/remove-button";
import { Card, CardBody, EmptyNote, PageHeader, Pill } from "../../../_components/ui";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./token-forms";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const user = await requireUser();
  const tokens = await listApiTokens(database(), user.id);

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

      <Card title="Create a token" description="Give it a name you will recognise later, such as the script or machine that uses it" className="mb-8">
        <CardBody>
          <CreateTokenForm />
        </CardBody>
      </Card>

      <Card title="Your tokens" description="Revoke a token as soon as you no longer need it or it may have leaked">
        {tokens.length === 0 ? (
          <EmptyNote testId="token-empty">You have no API tokens yet.</EmptyNote>
        ) : (
          <DataTable testId="token-table" columns={["Name", "Token", "Created", "Last used", "Status", { label: "Revoke", srOnly: true }]}>
            {tokens.map((token) => (
              <tr key={token.id} data-testid="token-row" data-revoked={token.revokedAt ? "true" : "false"} className={token.revokedAt ? "text-slate-400" : ""}>
                <Cell className={`font-medium ${token.revokedAt ? "text-slate-500" : "text-slate-900"}`}>{token.name}</Cell>
                <Cell>
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{token.prefix}…</code>
                </Cell>
                <Cell className="whitespace-nowrap text-slate-500">{formatDateTime(token.createdAt)}</Cell>
                <Cell className="whitespace-nowrap text-slate-500">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "Never"}</Cell>
                <Cell className="whitespace-nowrap">
                  {token.revokedAt ? (
                    <span className="inline-flex flex-col">
                      <Pill tone="slate" className="w-fit" testId="token-status">revoked</Pill>
                      <span className="mt-1 text-xs text-slate-400">{formatDateTime(token.revokedAt)}</span>
                    </span>
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
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
