"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createCustomer } from "@/lib/customers/create-customer";
import { deleteCustomer } from "@/lib/customers/delete-customer";
import { mailContextOf } from "@/lib/mail/queue-mail";
import { suspendCustomer } from "@/lib/customers/suspend-customer";
import { unsuspendCustomer } from "@/lib/customers/unsuspend-customer";
import { updateCustomer } from "@/lib/customers/update-customer";
import { formId, formSecret, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { setCustomerLimits } from "@/lib/tenancy/set-customer-limits";

// The password as typed (never trimmed); left empty it is not set (create: generated, update: unchanged).
const ZCustomerForm = z.object({ name: formText(), email: formText(), password: formSecret().transform((value) => value || undefined) });
const ZCustomerId = z.object({ customerId: formId("customer") });

export const createCustomerAction = panelAction("createCustomer", ZCustomerForm, async ({ actor, input, services }) => {
  const { customer, generatedPassword } = await createCustomer({ database: services.database, actor, input, mailContext: mailContextOf(services.settings) });
  revalidatePath("/reseller/customers");
  const welcome = "A welcome mail with a link to choose their own password is on its way.";
  return generatedPassword
    ? `${customer.email} can now sign in with this password, shown only now: ${generatedPassword}. ${welcome}`
    : `${customer.email} can now sign in with the password you set. ${welcome}`;
});

export const updateCustomerAction = panelAction("updateCustomer", ZCustomerForm.extend(ZCustomerId.shape), async ({ actor, input: { customerId, ...input }, services }) => {
  const customer = await updateCustomer({ database: services.database, actor, customerId, input });
  revalidatePath("/reseller/customers");
  return `${customer.email} saved${input.password ? " with its new password" : ""}.`;
});

export const suspendCustomerAction = panelAction("suspendCustomer", ZCustomerId, async ({ actor, input, services }) => {
  await suspendCustomer({ database: services.database, actor, customerId: input.customerId });
  revalidatePath("/reseller/customers");
  return null;
});

export const unsuspendCustomerAction = panelAction("unsuspendCustomer", ZCustomerId, async ({ actor, input, services }) => {
  await unsuspendCustomer({ database: services.database, actor, customerId: input.customerId });
  revalidatePath("/reseller/customers");
  return null;
});

export const deleteCustomerAction = panelAction("deleteCustomer", ZCustomerId, async ({ actor, input, services }) => {
  await deleteCustomer({ database: services.database, actor, customerId: input.customerId });
  revalidatePath("/reseller/customers");
  return null;
});

// An empty limit goes back to the admin's default; the switches are sent only by the admin's form.
const formLimit = () => z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : null), z.number().or(z.nan()).nullable());
const formSwitch = () => z.preprocess((value) => (value === "on" || value === "true" ? true : value === "off" || value === "false" ? false : undefined), z.boolean().optional());

export const setCustomerLimitsAction = panelAction(
  "setCustomerLimits",
  ZCustomerId.extend({
    maxServers: formLimit(),
    maxVcpus: formLimit(),
    maxMemoryMb: formLimit(),
    maxDiskMb: formLimit(),
    maxIpv4: formLimit(),
    selfServiceOrders: formSwitch(),
    selfServicePlanChanges: formSwitch(),
  }),
  async ({ actor, input: { customerId, ...input }, services }) => {
    await setCustomerLimits({ database: services.database, actor, customerId, input });
    revalidatePath("/reseller/customers");
    revalidatePath("/admin/customers");
    return "Limits saved.";
  },
);
