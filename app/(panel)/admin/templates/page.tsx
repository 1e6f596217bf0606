import { database } from "@/lib/database/client";
import { formatDateTime } from "@/app/_components/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { listTemplates } from "@/lib/templates/list-templates";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { ActionForm } from "@/app/_components/action-form";
import { Cell, DataTable, EditRow } from "@/app/_components/data-table";
import { Field } from "@/app/_components/fields";
import { Card, CardBody, PageHeader } from "@/app/_components/ui";
import { ActivePill, CatalogRowActions } from "../_catalog/catalog-controls";
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
        <DataTable columns={["Template", "Agent template", "Servers", "Added", "Status", { label: "Actions", srOnly: true }]}>
          {templates.map((template) => [
            <tr key={template.id} data-testid="template-row" data-slug={template.slug} data-active={template.active}>
              <Cell>
                <p className={`font-medium ${template.active ? "text-slate-900" : "text-slate-500"}`}>{template.name}</p>
                <code className="text-xs text-slate-500">{template.slug}</code>
              </Cell>
              <Cell>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" data-testid="template-agent-template">
                  {template.agentTemplate}
                </code>
              </Cell>
              <Cell className="text-slate-600">{template.servers}</Cell>
              <Cell className="whitespace-nowrap text-slate-500">{formatDateTime(template.createdAt)}</Cell>
              <Cell>
                <ActivePill active={template.active} />
              </Cell>
              <CatalogRowActions kind="template" id={template.id} active={template.active} editing={editing} setActiveAction={setTemplateActiveAction} />
            </tr>,
            editing === template.id ? (
              <EditRow key={`${template.id}-edit`} colSpan={6}>
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
              </EditRow>
            ) : null,
          ])}
        </DataTable>
      </Card>

      <Card title="New template" description="Add the template subvolume to every host's agent first; orders fail on hosts that lack it">
        <CardBody>
          <ActionForm action={createTemplateAction} submitLabel="Create template" pendingLabel="Creating…" testId="template-create" resetOnSuccess>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label="Slug" name="slug" id="new-template-slug" testId="template-slug" required placeholder="e.g. debian-12" hint="a-z, 0-9 and -" />
              <Field label="Name" name="name" id="new-template-name" testId="template-name" required placeholder="e.g. Debian 12" />
              <Field label="Agent template" name="agentTemplate" id="new-template-agent" testId="template-agent" required placeholder="e.g. debian-12" />
            </div>
          </ActionForm>
        </CardBody>
      </Card>
    </>
  );
}
