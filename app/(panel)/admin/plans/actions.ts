"use server";

import { revalidatePath } from "next/cache";
import { database } from "@/lib/database/client";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { createPlan } from "@/lib/plans/create-plan";
import { setPlanActive } from "@/lib/plans/set-plan-active";
import { updatePlan } from "@/lib/plans/update-plan";
import { formResult, numberField, textField, type FormState } from "@/app/_components/form-state";

function planInput(formData: FormData) {
  const price = numberField(formData, "monthlyPrice");
  return {
    slug: textField(formData, "slug"),
    name: textField(formData, "name"),
    vcpus: numberField(formData, "vcpus"),
    memoryMb: numberField(formData, "memoryMb"),
    swapMb: numberField(formData, "swapMb"),
    diskMb: numberField(formData, "diskMb"),
    processes: numberField(formData, "processes"),
    ioReadMbps: numberField(formData, "ioReadMbps"),
    ioWriteMbps: numberField(formData, "ioWriteMbps"),
    networkMbps: numberField(formData, "networkMbps"),
    // The form asks for dollars; plans store cents.
    monthlyPriceCents: Number.isNaN(price) ? price : Math.round(price * 100),
  };
}

export async function createPlanAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "creating a plan", async () => {
    const plan = await createPlan({ database: database(), actor, input: planInput(formData) });
    revalidatePath("/admin/plans");
    return `Plan ${plan.slug} created.`;
  });
}

export async function updatePlanAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "updating a plan", async () => {
    const plan = await updatePlan({ database: database(), actor, planId: textField(formData, "planId"), input: planInput(formData) });
    revalidatePath("/admin/plans");
    return `Plan ${plan.slug} saved.`;
  });
}

export async function setPlanActiveAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "changing a plan's state", async () => {
    await setPlanActive({ database: database(), actor, planId: textField(formData, "planId"), active: textField(formData, "active") === "true" });
    revalidatePath("/admin/plans");
  });
}
