import { database } from "@/lib/database/client";
import { formatDateTime } from "@/app/_components/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { listTemplates } from "@/lib/templates/list-templates";
import { buildableImages } from "@/lib/images/image-fields";
import { listImageJobs } from "@/lib/images/list-image-jobs";
import { listImageVersions } from "@/lib/images/list-image-versions";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { ActionForm } from "@/app/_components/action-form";
import { Cell, DataTable, EditRow } from "@/app/_components/data-table";
import { Field } from "@/app/_components/fields";
import { Card, CardBody, PageHeader } from "@/app/_components/ui";
import { ActivePill, CatalogRowActions } from "../_catalog/catalog-controls";
import { createTemplateAction, setTemplateActiveAction, updateTemplateAction } from "./actions";
import { BuildImageForm, ImageJobProgress, ImportImageForm } from "./image-forms";
import { ImageVersions } from "./image-versions";

export const generateMetadata = consoleMetadata("Templates", "admin");
export const dynamic = "force-dynamic";

export default async function AdminTemplatesPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { edit: editing } = await searchParams;
  const db = database();
  const [templates, versions, imageJobs, hosts] = await Promise.all([
    listTemplates({ database: db, actor }),
    listImageVersions({ database: db, actor }),
    listImageJobs({ database: db, actor }),
    db.host.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { name: true } }),
  ]);
  const hostNames = hosts.map((host) => host.name);

  return (
    <>
      <PageHeader
        title="Templates"
        description="The operating system images customers install. The agent template names the image on the hosts; new servers get its newest version."
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
            <ImageVersions key={`${template.id}-versions`} colSpan={6} versions={versions.filter((version) => version.name === template.agentTemplate)} />,
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

      <Card
        title="OS images"
        description="Images are built or imported on a host by a job; when it ends, the host's versions are listed under their template, and an image no template orders yet gets a new active template named after its OS."
        className="mb-8"
      >
        <CardBody>
          {imageJobs.length > 0 ? (
            <div className="mb-6 space-y-3" data-testid="image-jobs">
              {imageJobs.map(({ job, kind, image }) => (
                <ImageJobProgress key={job.id} job={job} kind={kind} image={image} />
              ))}
            </div>
          ) : null}
          <h3 className="mb-3 text-sm font-semibold text-slate-900">Build image</h3>
          <p className="mb-4 text-sm text-slate-600">The host&apos;s agent builds a minimal Debian with debootstrap; this takes a few minutes.</p>
          <BuildImageForm images={buildableImages} hosts={hostNames} />
          <h3 className="mb-3 mt-8 text-sm font-semibold text-slate-900">Import image</h3>
          <p className="mb-4 text-sm text-slate-600">
            A root file system tarball (with <code className="font-mono">etc/os-release</code>) that is on the host, or uploaded here. An upload is stored on the
            panel&apos;s machine, so it works only when the host&apos;s agent runs on that machine, as in the default one-host setup.
          </p>
          <ImportImageForm hosts={hostNames} />
        </CardBody>
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
