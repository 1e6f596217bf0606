import type { Metadata } from "next";
import { listSshKeys } from "@/lib/account/list-ssh-keys";
import { requireUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/lib/panel/format";
import { Card, PageHeader } from "../../../_components/ui";
import { AddSshKeyForm, DeleteSshKeyButton } from "./ssh-key-forms";

export const metadata: Metadata = { title: "SSH keys" };
export const dynamic = "force-dynamic";

export default async function SshKeysPage() {
  const user = await requireUser();
  const keys = await listSshKeys({ database: database(), userId: user.id });

  return (
    <>
      <PageHeader title="SSH keys" description="Public keys you can sign in to your servers with." />

      <Card title="Add a key" description="Paste a public key; the private key never leaves your computer" className="mb-8">
        <div className="px-5 py-5">
          <AddSshKeyForm />
        </div>
      </Card>

      <Card title="Your keys">
        {keys.length === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-500" data-testid="ssh-key-empty">
            You have no SSH keys yet.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" data-testid="ssh-key-table">
              <thead className="border-b border-slate-100 bg-slate-50/60 text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-5 py-3">Name</th>
                  <th className="px-5 py-3">Type and fingerprint</th>
                  <th className="px-5 py-3">Added</th>
                  <th className="px-5 py-3">
                    <span className="sr-only">Delete</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {keys.map((key) => (
                  <tr key={key.id} data-testid="ssh-key-row">
                    <td className="px-5 py-3.5 font-medium text-slate-900">{key.name}</td>
                    <td className="px-5 py-3.5">
                      <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">{key.publicKey.split(" ")[0]}</span>
                      <code className="font-mono text-xs text-slate-700" data-testid="ssh-key-fingerprint">
                        {key.fingerprint}
                      </code>
                    </td>
                    <td className="whitespace-nowrap px-5 py-3.5 text-slate-500">{formatDateTime(key.createdAt)}</td>
                    <td className="px-5 py-3.5 text-right">
                      <DeleteSshKeyButton sshKeyId={key.id} name={key.name} />
                    </td>
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
