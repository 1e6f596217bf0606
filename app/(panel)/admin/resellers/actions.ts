"use server";

import { revalidatePath } from "next/cache";
import { database } from "@/lib/database/client";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { createReseller } from "@/lib/resellers/create-reseller";
import { setOfferedPlans } from "@/lib/resellers/set-offered-plans";
import { setResellerQuota } from "@/lib/resellers/set-reseller-quota";
import { formResult, numberField, textField, type FormState } from "@/app/_components/form-state";

function quotaInput(formData: FormData) {
  return {
    maxServers: numberField(formData, "maxServers"),
    maxVcpus: numberField(formData, "maxVcpus"),
    maxMemoryMb: numberField(formData, "maxMemoryMb"),
    maxDiskMb: numberField(formData, "maxDiskMb"),
    maxIpv4: numberField(formData, "maxIpv4"),
  };
}

function planSlugs(formData: FormData): string[] {
  return formData.getAll("plans").filter((value): value is string => typeof value === "string");
}

export async function createResellerAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "creating a reseller", async () => {
    const password = textField(formData, "password");
    const input = {
      email: textField(formData, "email"),
      name: textField(formData, "name"),
      password: password === "" ? undefined : formData.get("password"),
      quota: quotaInput(formData),
      plans: planSlugs(formData),
    };
    const { reseller, generatedPassword } = await createReseller({ database: database(), actor, input });
    revalidatePath("/admin/resellers");
    return generatedPassword
      ? `Reseller ${reseller.email} created. Its password, shown only now: ${generatedPassword}`
      : `Reseller ${reseller.email} created.`;
  });
}

export async function setResellerQuotaAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "setting a reseller's quota", async () => {
    await setResellerQuota({ database: database(), actor, resellerId: textField(formData, "resellerId"), input: quotaInput(formData) });
    revalidatePath("/admin/resellers");
    return "Quota saved.";
  });
}

export async function setOfferedPlansAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "setting a reseller's plans", async () => {
    const plans = await setOfferedPlans({ database: database(), actor, resellerId: textField(formData, "resellerId"), input: { plans: planSlugs(formData) } });
    revalidatePath("/admin/resellers");
    return plans.length ? `Offers ${plans.join(", ")}.` : "Offers no plans.";
  });
}
