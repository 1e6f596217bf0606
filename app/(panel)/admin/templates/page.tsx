import Link from "next/link";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/lib/panel/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { listTemplates } from "@/lib/templates/list-templates";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { ActionForm } from "@/app/_components/action-form";
import { Field, secondaryLink } from "@/app/_components/fields";
import { Card, PageHeader } from "@/app/_components/ui";
import { createTemplateAction, setTemplateActiveAction, updateTemplateAction } from "./actions";

export const generateMetadata = consoleMetadata("Templates", "admin");
export const dynamic = "force-dynamic";

export default async function AdminTemplatesPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { edit: editing } = await searchParams;
  const templates = await listTemplates({ database: database(), actor });

  return (
    <>
      <PageHeader
        title="Templates"
        description="The operating system images customers install. The agent template names the subvolume every host agent must have."
      />

      <Card title="Templates" className="mb-8">
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-100 bg-slate-50/60 text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-5 py-3">Template</th>
                <th className="px-5 py-3">Agent template</th>
                <th className="px-5 py-3">Servers</th>
                <th className="px-5 py-3">Added</th>
                <th className="px-5 py-3">Status</th>
                <th className="px-5 py-3"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {templates.map((template) => [
                <tr key={template.id} data-testid="template-row" data-slug={template.slug} data-active={template.active}>
                  <td className="px-5 py-3.5">
                    <p className={`font-medium ${template.active ? "text-slate-900" : "text-slate-500"}`}>{template.name}</p>
                    <code className="text-xs text-slate-500">{template.slug}</code>
                  </td>
                  <td className="px-5 py-3.5">
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" data-testid="template-agent-template">
                      {template.agentTemplate}
                    </code>
                  </td>
                  <td className="px-5 py-3.5 text-slate-600">{template.servers}</td>
                  <td className="whitespace-nowrap px-5 py-3.5 text-slate-500">{formatDateTime(template.createdAt)}</td>
                  <td className="px-5 py-3.5">
                    {template.active ? (
                      <span className="rounded-full bg-emerald-50 px-2.5 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-inset ring-emerald-600/20">active</span>
                    ) : (
                      <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-400/20">inactive</span>
                    )}
                  </td>
                  <td className="px-5 py-3.5">
                    <div className="flex items-start justify-end gap-2">
                      <Link
                        href={editing === template.id ? "/admin/templates" : `/admin/templates?edit=${template.id}`}
                        data-testid="template-edit"
                        className={secondaryLink}
                      >
                        {editing === template.id ? "Close" : "Edit"}
                      </Link>
                      <ActionForm
                        action={setTemplateActiveAction}
                        hidden={{ templateId: template.id, active: String(!template.active) }}
                        submitLabel={template.active ? "Deactivate" : "Activate"}
                        testId={template.active ? "template-deactivate" : "template-activate"}
                        variant={template.active ? "danger" : "small"}
                        compact
                      />
                    </div>
                  </td>
                </tr>,
                editing === template.id ? (
                  <tr key={`${template.id}-edit`}>
                    <td colSpan={6} className="bg-slate-50/70 px-5 py-5">
                      <ActionForm action={updateTemplateAction} hidden={{ templateId: template.id }} submitLabel="Save template" pendingLabel="Saving…" testId="template-save">
                        <div className="grid gap-4 sm:grid-cols-2">
                          <Field label="Name" name="name" id={`template-${template.id}-name`} required defaultValue={template.name} />
                          <Field
                            label="Agent template"
                            name="agentTemplate"
                            id={`template-${template.id}-agent`}
                            testId="template-agent-input"
                            required
                            defaultValue={template.agentTemplate}
                            hint="The subvolume name on the hosts, e.g. busybox"
                          />
                        </div>
                      </ActionForm>
                    </td>
                  </tr>
                ) : null,
              ])}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title="New template" description="Add the template subvolume to every host's agent first; orders fail on hosts that lack it">
        <div className="px-5 py-5">
          <ActionForm action={createTemplateAction} submitLabel="Create template" pendingLabel="Creating…" testId="template-create" resetOnSuccess>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label="Slug" name="slug" id="new-template-slug" testId="template-slug" required placeholder="e.g. debian-12" hint="a-z, 0-9 and -" />
              <Field label="Name" name="name" id="new-template-name" testId="template-name" required placeholder="e.g. Debian 12" />
              <Field label="Agent template" name="agentTemplate" id="new-template-agent" testId="template-agent" required placeholder="e.g. debian-12" />
            </div>
          </ActionForm>
        </div>
      </Card>
    </>
  );
}
