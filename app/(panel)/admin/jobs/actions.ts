"use server";

import { revalidatePath } from "next/cache";
import { panelServices } from "@/lib/http/panel-services";
import { discardJob } from "@/lib/jobs/discard-job";
import { retryJob } from "@/lib/jobs/retry-job";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { formResult, textField, type FormState } from "@/app/_components/form-state";

export async function retryJobAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "retrying a job", async () => {
    const { database, queue } = panelServices();
    await retryJob({ database, queue, actor, jobId: textField(formData, "jobId") });
    revalidatePath("/admin/jobs");
  });
}

export async function discardJobAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "discarding a job", async () => {
    const { database } = panelServices();
    await discardJob({ database, actor, jobId: textField(formData, "jobId") });
    revalidatePath("/admin/jobs");
  });
}
