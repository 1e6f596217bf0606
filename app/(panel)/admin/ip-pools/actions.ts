"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addAddressRange } from "@/lib/network/ip-pools/add-address-range";
import { updateIpPool } from "@/lib/network/ip-pools/update-ip-pool";
import { formFlag, formNumber, formOptionalText, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

export const addAddressRangeAction = panelAction(
  "addAddressRange",
  z.object({
    family: formNumber(),
    pool: formText(),
    // Host and mode shape only a pool the range creates; IPv4 forms send no prefix length (NaN, dropped).
    host: formOptionalText(),
    mode: formOptionalText(),
    prefixLength: formNumber(),
    network: formText(),
    gateway: formText(),
    first: formText(),
    last: formText(),
  }),
  async ({ actor, input, services }) => {
    const { pool, added, skipped } = await addAddressRange({ database: services.database, queue: services.queue, actor, input });
    revalidatePath("/admin/ip-pools");
    return `Added ${added} address(es) to ${pool.name}${skipped ? `; ${skipped} were already there` : ""}.`;
  },
);

export const updateIpPoolAction = panelAction(
  "updateIpPool",
  z.object({
    poolId: formText(),
    // "" is the choice that keeps a pool on a host that is no longer active.
    host: formOptionalText().transform((host) => host || undefined),
    mode: formOptionalText(),
    uplink: formOptionalText(),
    gateway: formOptionalText(),
    proxyNeighbour: formFlag(),
    publicAddress: formOptionalText(),
    resolvers: formOptionalText(),
  }),
  async ({ actor, input, services }) => {
    const pool = await updateIpPool({ database: services.database, queue: services.queue, actor, input });
    revalidatePath("/admin/ip-pools");
    return `Saved ${pool.name}: ${pool.mode}, ${pool.uplink ? `uplink ${pool.uplink}` : "no uplink"}${pool.resolvers ? `, resolvers ${pool.resolvers.split(",").join(", ")}` : ""}.`;
  },
);
