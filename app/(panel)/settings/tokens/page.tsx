import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/lib/panel/format";
import { listApiTokens } from "@/lib/tokens/api-tokens";
import { Card, PageHeader } from "../../../_components/ui";
import { CreateTokenForm, RevokeTokenButton } from "./token-forms";

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
        <div className="px-5 py-5">
          <CreateTokenForm />
        </div>
      </Card>

      <Card title="Your tokens" description="Revoke a token as soon as you no longer need it or it may have leaked">
        {tokens.length === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-500" data-testid="token-empty">
            You have no API tokens yet.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" data-testid="token-table">
              <thead className="border-b border-slate-100 bg-slate-50/60 text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-5 py-3">Name</th>
                  <th className="px-5 py-3">Token</th>
                  <th className="px-5 py-3">Created</th>
                  <th className="px-5 py-3">Last used</th>
                  <th className="px-5 py-3">Status</th>
                  <th className="px-5 py-3">
                    <span className="sr-only">Revoke</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.map((token) => (
                  <tr key={token.id} data-testid="token-row" data-revoked={token.revokedAt ? "true" : "false"} className={token.revokedAt ? "text-slate-400" : ""}>
                    <td className={`px-5 py-3.5 font-medium ${token.revokedAt ? "text-slate-500" : "text-slate-900"}`}>{token.name}</td>
                    <td className="px-5 py-3.5">
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{token.prefix}…</code>
                    </td>
                    <td className="whitespace-nowrap px-5 py-3.5 text-slate-500">{formatDateTime(token.createdAt)}</td>
                    <td className="whitespace-nowrap px-5 py-3.5 text-slate-500">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "Never"}</td>
                    <td className="whitespace-nowrap px-5 py-3.5">
                      {token.revokedAt ? (
                        <span className="inline-flex flex-col">
                          <span className="w-fit rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-400/20" data-testid="token-status">
                            revoked
                          </span>
                          <span className="mt-1 text-xs text-slate-400">{formatDateTime(token.revokedAt)}</span>
                        </span>
                      ) : (
                        <span className="rounded-full bg-emerald-50 px-2.5 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-inset ring-emerald-600/20" data-testid="token-status">
                          active
                        </span>
                      )}
                    </td>
                    <td className="px-5 py-3.5 text-right">{token.revokedAt ? null : <RevokeTokenButton tokenId={token.id} name={token.name} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
