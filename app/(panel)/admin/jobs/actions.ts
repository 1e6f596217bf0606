"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { discardJob } from "@/lib/job-admin/discard-job";
import { endJob } from "@/lib/job-admin/end-job";
import { retryJob } from "@/lib/job-admin/retry-job";
import { formId } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

const ZJobForm = z.object({ jobId: formId("job") });

export const retryJobAction = panelAction("retryJob", ZJobForm, async ({ actor, input, services }) => {
  await retryJob({ database: services.database, queue: services.queue, actor, jobId: input.jobId });
  revalidatePath("/admin/jobs");
  return null;
});

export const discardJobAction = panelAction("discardJob", ZJobForm, async ({ actor, input, services }) => {
  await discardJob({ database: services.database, actor, jobId: input.jobId });
  revalidatePath("/admin/jobs");
  return null;
});

export const endJobAction = panelAction("endJob", ZJobForm, async ({ actor, input, services }) => {
  await endJob({ database: services.database, queue: services.queue, settings: services.settings, actor, jobId: input.jobId });
  revalidatePath("/admin/jobs");
  return null;
});
