"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { setPlanPrice } from "@/lib/resellers/set-plan-price";

/** The price in dollars as typed; empty removes the reseller's price. */
const formPriceCents = () =>
  z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? Math.round(Number(value) * 100) : null), z.number().or(z.nan()).nullable());

export const setPlanPriceAction = panelAction("setPlanPrice", z.object({ plan: formText(), monthlyPrice: formPriceCents() }), async ({ actor, input, services }) => {
  await setPlanPrice({ database: services.database, actor, input: { plan: input.plan, monthlyPriceCents: input.monthlyPrice } });
  revalidatePath("/reseller");
  return "Price saved.";
});
