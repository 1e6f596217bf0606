"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formId, formList, formNumber, formSecret, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { createReseller } from "@/lib/resellers/create-reseller";
import { setOfferedPlans } from "@/lib/resellers/set-offered-plans";
import { setResellerQuota } from "@/lib/resellers/set-reseller-quota";
import { suspendReseller } from "@/lib/resellers/suspend-reseller";
import { unsuspendReseller } from "@/lib/resellers/unsuspend-reseller";

const ZQuotaForm = z.object({
  maxServers: formNumber(),
  maxVcpus: formNumber(),
  maxMemoryMb: formNumber(),
  maxDiskMb: formNumber(),
  maxIpv4: formNumber(),
});

export const createResellerAction = panelAction(
  "createReseller",
  ZQuotaForm.extend({ email: formText(), name: formText(), password: formSecret(), plans: formList() }),
  async ({ actor, input: { email, name, password, plans, ...quota }, services }) => {
    // A blank password asks Berth to generate one.
    const input = { email, name, password: password.trim() === "" ? undefined : password, quota, plans };
    const { reseller, generatedPassword } = await createReseller({ database: services.database, actor, input });
    revalidatePath("/admin/resellers");
    return generatedPassword
      ? `Reseller ${reseller.email} created. Its password, shown only now: ${generatedPassword}`
      : `Reseller ${reseller.email} created.`;
  },
);

export const setResellerQuotaAction = panelAction(
  "setResellerQuota",
  ZQuotaForm.extend({ resellerId: formId("reseller") }),
  async ({ actor, input: { resellerId, ...quota }, services }) => {
    await setResellerQuota({ database: services.database, actor, resellerId, input: quota });
    revalidatePath("/admin/resellers");
    return "Quota saved.";
  },
);

export const setOfferedPlansAction = panelAction(
  "setOfferedPlans",
  z.object({ resellerId: formId("reseller"), plans: formList() }),
  async ({ actor, input: { resellerId, plans }, services }) => {
    const offered = await setOfferedPlans({ database: services.database, actor, resellerId, input: { plans } });
    revalidatePath("/admin/resellers");
    return offered.length ? `Offers ${offered.join(", ")}.` : "Offers no plans.";
  },
);

export const suspendResellerAction = panelAction(
  "suspendReseller",
  z.object({ resellerId: formId("reseller"), reason: formText() }),
  async ({ actor, input: { resellerId, reason }, services }) => {
    const { suspendedServers, refusedServers } = await suspendReseller({ ...services, actor, resellerId, input: { reason: reason || undefined } });
    revalidatePath("/admin/resellers");
    const refused = refusedServers.length ? ` ${refusedServers.length} server(s) could not be suspended now (see the audit trail).` : "";
    return `Reseller suspended; ${suspendedServers.length} of its customers' server(s) are being suspended.${refused}`;
  },
);

export const unsuspendResellerAction = panelAction(
  "unsuspendReseller",
  z.object({ resellerId: formId("reseller") }),
  async ({ actor, input: { resellerId }, services }) => {
    const { unsuspendedServers, refusedServers } = await unsuspendReseller({ ...services, actor, resellerId });
    revalidatePath("/admin/resellers");
    const refused = refusedServers.length ? ` ${refusedServers.length} server(s) could not be unsuspended now (see the audit trail).` : "";
    return `Suspension lifted; ${unsuspendedServers.length} server(s) it suspended are being unsuspended.${refused}`;
  },
);
