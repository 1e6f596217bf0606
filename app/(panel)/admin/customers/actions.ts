"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formFlag, formId, formNumber } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { setCustomerPolicy } from "@/lib/tenancy/set-customer-policy";
import { setResellerSelfService } from "@/lib/tenancy/set-reseller-self-service";

export const saveCustomerPolicyAction = panelAction(
  "saveCustomerPolicy",
  z.object({
    maxServers: formNumber(),
    maxVcpus: formNumber(),
    maxMemoryMb: formNumber(),
    maxDiskMb: formNumber(),
    maxIpv4: formNumber(),
    selfServiceOrders: formFlag(),
    selfServicePlanChanges: formFlag(),
    billingServersSelfResize: formFlag(),
  }),
  async ({ actor, input, services }) => {
    await setCustomerPolicy({ database: services.database, actor, input });
    revalidatePath("/admin/customers");
    return "Customer defaults saved.";
  },
);

export const setResellerSelfServiceAction = panelAction(
  "setResellerSelfService",
  z.object({ resellerId: formId("reseller"), selfServiceOrders: formFlag(), selfServicePlanChanges: formFlag() }),
  async ({ actor, input: { resellerId, ...input }, services }) => {
    await setResellerSelfService({ database: services.database, actor, resellerId, input });
    revalidatePath("/admin/customers");
    return "Saved.";
  },
);
