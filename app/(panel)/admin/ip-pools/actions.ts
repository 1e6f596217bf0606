"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addAddressRange } from "@/lib/network/ip-pools/add-address-range";
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
