"use server";

import { redirect } from "next/navigation";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { AppError } from "@/lib/errors";
import { createOrder } from "@/lib/orders/create-order";
import { panelServices } from "@/lib/http/panel-services";
import type { OrderField, OrderFormState } from "./state";

const fields: OrderField[] = ["plan", "template", "hostname"];

function asField(value: unknown): OrderField | null {
  return typeof value === "string" && (fields as string[]).includes(value) ? (value as OrderField) : null;
}

/** Maps an AppError from createOrder onto the form field it is about. */
function fieldErrorsOf(error: AppError): { fieldErrors: OrderFormState["fieldErrors"]; message: string | null } {
  const details = error.details as { field?: unknown; issues?: { field?: unknown; message?: unknown }[] } | undefined;
  const fieldErrors: OrderFormState["fieldErrors"] = {};
  for (const issue of details?.issues ?? []) {
    const field = asField(issue.field);
    if (field && !fieldErrors[field] && typeof issue.message === "string") fieldErrors[field] = issue.message;
  }
  const single = asField(details?.field);
  if (single && !fieldErrors[single]) fieldErrors[single] = error.message.replace(/^\w+:\s*/, "");
  if (Object.keys(fieldErrors).length === 0) {
    const prefixed = asField(error.message.split(":")[0]);
    if (prefixed) fieldErrors[prefixed] = error.message.slice(prefixed.length + 1).trim();
  }
  return { fieldErrors, message: Object.keys(fieldErrors).length === 0 ? error.message : null };
}

export async function submitOrder(previous: OrderFormState, formData: FormData): Promise<OrderFormState> {
  const { actor } = await requireSessionActor();
  const values = {
    plan: String(formData.get("plan") ?? ""),
    template: String(formData.get("template") ?? ""),
    hostname: String(formData.get("hostname") ?? ""),
  };
  let orderId: string;
  try {
    const { database, queue } = panelServices();
    const { order } = await createOrder({
      database,
      queue,
      customerId: actor.userId,
      actor,
      input: values,
      ipAddress: actor.ipAddress,
    });
    orderId = order.id;
  } catch (error) {
    if (error instanceof AppError) {
      return { attempt: previous.attempt + 1, values, ...fieldErrorsOf(error) };
    }
    console.error(`[panel] order failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return {
      attempt: previous.attempt + 1,
      values,
      fieldErrors: {},
      message: "Something went wrong while placing your order. Please try again.",
    };
  }
  redirect(`/orders/${orderId}`);
}
