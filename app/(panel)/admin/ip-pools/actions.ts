"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addAddressRange } from "@/lib/network/ip-pools/add-address-range";
import { setPoolResolvers } from "@/lib/network/ip-pools/set-pool-resolvers";
import { formNumber, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

export const addAddressRangeAction = panelAction(
  "addAddressRange",
  z.object({ family: formNumber(), pool: formText(), network: formText(), gateway: formText(), first: formText(), last: formText() }),
  async ({ actor, input, services }) => {
    const { pool, added, skipped } = await addAddressRange({ database: services.database, actor, input });
    revalidatePath("/admin/ip-pools");
    return `Added ${added} address(es) to ${pool.name}${skipped ? `; ${skipped} were already there` : ""}.`;
  },
);

export const setPoolResolversAction = panelAction("setPoolResolvers", z.object({ poolId: formText(), resolvers: formText() }), async ({ actor, input, services }) => {
  const pool = await setPoolResolvers({ database: services.database, actor, input });
  revalidatePath("/admin/ip-pools");
  return pool.resolvers ? `${pool.name} now hands out ${pool.resolvers.split(",").join(", ")}.` : `${pool.name} leaves resolvers to the image.`;
});
