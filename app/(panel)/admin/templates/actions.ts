"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formFlag, formId, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
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
