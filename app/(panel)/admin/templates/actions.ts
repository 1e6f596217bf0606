"use server";

import { revalidatePath } from "next/cache";
import { database } from "@/lib/database/client";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { createTemplate } from "@/lib/templates/create-template";
import { setTemplateActive } from "@/lib/templates/set-template-active";
import { updateTemplate } from "@/lib/templates/update-template";
import { formResult, textField, type FormState } from "@/app/_components/form-state";

export async function createTemplateAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "creating a template", async () => {
    const input = { slug: textField(formData, "slug"), name: textField(formData, "name"), agentTemplate: textField(formData, "agentTemplate") };
    const template = await createTemplate({ database: database(), actor, input });
    revalidatePath("/admin/templates");
    return `Template ${template.slug} created.`;
  });
}

export async function updateTemplateAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "updating a template", async () => {
    const input = { name: textField(formData, "name"), agentTemplate: textField(formData, "agentTemplate") };
    const template = await updateTemplate({ database: database(), actor, templateId: textField(formData, "templateId"), input });
    revalidatePath("/admin/templates");
    return `Template ${template.slug} saved.`;
  });
}

export async function setTemplateActiveAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "changing a template's state", async () => {
    await setTemplateActive({ database: database(), actor, templateId: textField(formData, "templateId"), active: textField(formData, "active") === "true" });
    revalidatePath("/admin/templates");
  });
}
