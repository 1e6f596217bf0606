"use server";

import { revalidatePath } from "next/cache";
import { createCustomer } from "@/lib/customers/create-customer";
import { deleteCustomer } from "@/lib/customers/delete-customer";
import { suspendCustomer } from "@/lib/customers/suspend-customer";
import { unsuspendCustomer } from "@/lib/customers/unsuspend-customer";
import { updateCustomer } from "@/lib/customers/update-customer";
import { database } from "@/lib/database/client";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { formResult, textField, type FormState } from "@/app/_components/form-state";

/** A password field as typed (never trimmed), or undefined when left empty. */
function passwordField(formData: FormData): string | undefined {
  const value = formData.get("password");
  return typeof value === "string" && value !== "" ? value : undefined;
}

export async function createCustomerAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "creating a customer", async () => {
    const input = { name: textField(formData, "name"), email: textField(formData, "email"), password: passwordField(formData) };
    const { customer, generatedPassword } = await createCustomer({ database: database(), actor, input });
    revalidatePath("/reseller/customers");
    return generatedPassword
      ? `${customer.email} can now sign in with this password, shown only now: ${generatedPassword}`
      : `${customer.email} can now sign in with the password you set.`;
  });
}

export async function updateCustomerAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "updating a customer", async () => {
    const input = { name: textField(formData, "name"), email: textField(formData, "email"), password: passwordField(formData) };
    const customer = await updateCustomer({ database: database(), actor, customerId: textField(formData, "customerId"), input });
    revalidatePath("/reseller/customers");
    return `${customer.email} saved${input.password ? " with its new password" : ""}.`;
  });
}

export async function suspendCustomerAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "suspending a customer", async () => {
    await suspendCustomer({ database: database(), actor, customerId: textField(formData, "customerId") });
    revalidatePath("/reseller/customers");
  });
}

export async function unsuspendCustomerAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "unsuspending a customer", async () => {
    await unsuspendCustomer({ database: database(), actor, customerId: textField(formData, "customerId") });
    revalidatePath("/reseller/customers");
  });
}

export async function deleteCustomerAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "deleting a customer", async () => {
    await deleteCustomer({ database: database(), actor, customerId: textField(formData, "customerId") });
    revalidatePath("/reseller/customers");
  });
}
