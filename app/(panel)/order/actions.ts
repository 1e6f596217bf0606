"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createOrder } from "@/lib/orders/create-order";
import { formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

/** Places the order and goes to its progress page; a refusal comes back to the form. */
export const submitOrder = panelAction(
  "submitOrder",
  z.object({ plan: formText(), template: formText(), hostname: formText() }),
  async ({ actor, input, services }) => {
    const { order } = await createOrder({
      database: services.database,
      queue: services.queue,
      customerId: actor.userId,
      actor,
      input,
      ipAddress: actor.ipAddress,
    });
    redirect(`/orders/${order.id}`);
  },
);
