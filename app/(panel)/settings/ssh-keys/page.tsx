import type { Metadata } from "next";
import { listSshKeys } from "@/lib/account/list-ssh-keys";
import { requireUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/app/_components/format";
import { Cell, DataTable } from "../../../_components/data-table";
import { RemoveButton } from "../../../_components/remove-button";
import { Card, CardBody, EmptyNote, PageHeader } from "../../../_components/ui";
import { deleteSshKeyAction } from "./actions";
import { AddSshKeyForm } from "./ssh-key-forms";

export const metadata: Metadata = { title: "SSH keys" };
export const dynamic = "force-dynamic";

export default async function SshKeysPage() {
  const user = await requireUser();
  const keys = await listSshKeys({ database: database(), userId: user.id });

  return (
    <>
      <PageHeader title="SSH keys" description="Public keys you can sign in to your servers with." />

      <Card title="Add a key" description="Paste a public key; the private key never leaves your computer" className="mb-8">
        <CardBody>
          <AddSshKeyForm />
        </CardBody>
      </Card>

      <Card title="Your keys">
        {keys.length === 0 ? (
          <EmptyNote testId="ssh-key-empty">You have no SSH keys yet.</EmptyNote>
        ) : (
          <DataTable testId="ssh-key-table" columns={["Name", "Type and fingerprint", "Added", { label: "Delete", srOnly: true }]}>
            {keys.map((key) => (
              <tr key={key.id} data-testid="ssh-key-row">
                <Cell className="font-medium text-slate-900">{key.name}</Cell>
                <Cell>
                  <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">{key.publicKey.split(" ")[0]}</span>
                  <code className="font-mono text-xs text-slate-700" data-testid="ssh-key-fingerprint">
                    {key.fingerprint}
                  </code>
                </Cell>
                <Cell className="whitespace-nowrap text-slate-500">{formatDateTime(key.createdAt)}</Cell>
                <Cell className="text-right">
                  <RemoveButton action={deleteSshKeyAction} hidden={{ sshKeyId: key.id }} label="Delete" pendingLabel="Deleting…" ariaLabel={`Delete ${key.name}`} testId="ssh-key-delete" />
                </Cell>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
