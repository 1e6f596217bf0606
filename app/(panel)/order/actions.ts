"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createOrder } from "@/lib/orders/create-order";
import { formList, formSecret, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

/** Places the order and goes to its progress page; a refusal comes back to the form. */
export const submitOrder = panelAction(
  "submitOrder",
  z.object({ plan: formText(), template: formText(), hostname: formText(), antiAffinityGroup: formText(), sshKeys: formList(), rootPassword: formSecret(), userData: formSecret() }),
  async ({ actor, input: { rootPassword, userData, antiAffinityGroup, ...input }, services }) => {
    const { order } = await createOrder({
      database: services.database,
      queue: services.queue,
      customerId: actor.userId,
      actor,
      // An emptied field means "none": Berth then generates the password (and shows it nowhere, keys only).
      input: { ...input, ...(rootPassword ? { rootPassword } : {}), ...(userData.trim() ? { userData } : {}), ...(antiAffinityGroup ? { antiAffinityGroup } : {}) },
      ipAddress: actor.ipAddress,
    });
    redirect(`/orders/${order.id}`);
  },
);
