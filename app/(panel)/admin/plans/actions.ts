"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formFlag, formId, formNumber, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { createPlan } from "@/lib/plans/create-plan";
import { setPlanActive } from "@/lib/plans/set-plan-active";
import { updatePlan } from "@/lib/plans/update-plan";

const ZPlanForm = z.object({
  slug: formText(),
  name: formText(),
  vcpus: formNumber(),
  memoryMb: formNumber(),
  swapMb: formNumber(),
  diskMb: formNumber(),
  processes: formNumber(),
  ioReadMbps: formNumber(),
  ioWriteMbps: formNumber(),
  networkMbps: formNumber(),
  // The form asks for dollars; plans store cents.
  monthlyPrice: formNumber(),
  addressMode: formText(),
  monthlyTransferGb: formNumber(),
  transferOverageAction: formText(),
  transferThrottleMbps: formNumber(),
  // "" is the form's "any host".
  hostGroupId: formText(),
});

function planInput({ monthlyPrice, hostGroupId, ...plan }: z.infer<typeof ZPlanForm>) {
  return { ...plan, hostGroupId: hostGroupId === "" ? null : hostGroupId, monthlyPriceCents: Number.isNaN(monthlyPrice) ? monthlyPrice : Math.round(monthlyPrice * 100) };
}

export const createPlanAction = panelAction("createPlan", ZPlanForm, async ({ actor, input, services }) => {
  const plan = await createPlan({ database: services.database, actor, input: planInput(input) });
  revalidatePath("/admin/plans");
  return `Plan ${plan.slug} created.`;
});

export const updatePlanAction = panelAction("updatePlan", ZPlanForm.extend({ planId: formId("plan") }), async ({ actor, input: { planId, ...input }, services }) => {
  const plan = await updatePlan({ database: services.database, actor, planId, input: planInput(input) });
  revalidatePath("/admin/plans");
  return `Plan ${plan.slug} saved.`;
});

export const setPlanActiveAction = panelAction("setPlanActive", z.object({ planId: formId("plan"), active: formFlag() }), async ({ actor, input, services }) => {
  await setPlanActive({ database: services.database, actor, planId: input.planId, active: input.active });
  revalidatePath("/admin/plans");
  return null;
});
