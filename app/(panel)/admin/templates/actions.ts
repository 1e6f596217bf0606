"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requestImageBuild } from "@/lib/images/request-image-build";
import { requestImageImport } from "@/lib/images/request-image-import";
import { formFlag, formId, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { jobView } from "@/lib/servers/server-activity";
import { createTemplate } from "@/lib/templates/create-template";
import { setTemplateActive } from "@/lib/templates/set-template-active";
import { updateTemplate } from "@/lib/templates/update-template";

export const createTemplateAction = panelAction(
  "createTemplate",
  z.object({ slug: formText(), name: formText(), agentTemplate: formText() }),
  async ({ actor, input, services }) => {
    const template = await createTemplate({ database: services.database, actor, input });
    revalidatePath("/admin/templates");
    return `Template ${template.slug} created.`;
  },
);

export const updateTemplateAction = panelAction(
  "updateTemplate",
  z.object({ templateId: formId("template"), name: formText(), agentTemplate: formText() }),
  async ({ actor, input: { templateId, ...input }, services }) => {
    const template = await updateTemplate({ database: services.database, actor, templateId, input });
    revalidatePath("/admin/templates");
    return `Template ${template.slug} saved.`;
  },
);

export const setTemplateActiveAction = panelAction(
  "setTemplateActive",
  z.object({ templateId: formId("template"), active: formFlag() }),
  async ({ actor, input, services }) => {
    await setTemplateActive({ database: services.database, actor, templateId: input.templateId, active: input.active });
    revalidatePath("/admin/templates");
    return null;
  },
);

/** "" (no host picked: there is only one) is no host. */
const formHost = () => formText().transform((host) => host || undefined);

export const buildImageAction = panelAction("buildImage", z.object({ image: formText(), host: formHost() }), async ({ actor, input, services }) =>
  jobView(await requestImageBuild({ database: services.database, queue: services.queue, actor, input }), actor),
);

export const importImageAction = panelAction("importImage", z.object({ image: formText(), path: formText(), host: formHost() }), async ({ actor, input, services }) =>
  jobView(await requestImageImport({ database: services.database, queue: services.queue, actor, input }), actor),
);
