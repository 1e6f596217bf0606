"use server";

import { revalidatePath } from "next/cache";
import { database } from "@/lib/database/client";
import { addAddressRange } from "@/lib/network/ip-pools/add-address-range";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { formResult, textField, type FormState } from "@/app/_components/form-state";

export async function addAddressRangeAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "adding an address range", async () => {
    const input = {
      family: Number(textField(formData, "family")),
      pool: textField(formData, "pool"),
      network: textField(formData, "network"),
      gateway: textField(formData, "gateway"),
      first: textField(formData, "first"),
      last: textField(formData, "last"),
    };
    const { pool, added, skipped } = await addAddressRange({ database: database(), actor, input });
    revalidatePath("/admin/ip-pools");
    return `Added ${added} address(es) to ${pool.name}${skipped ? `; ${skipped} were already there` : ""}.`;
  });
}
