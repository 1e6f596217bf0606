"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setServerFirewall } from "@/lib/firewall/set-server-firewall";
import { formId, formList, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

const ZFirewallForm = z
  .object({
    serverId: formId("server"),
    defaultInbound: formText(),
    // The editor's rows: one of each field per rule, in the rules' order.
    direction: formList(),
    protocol: formList(),
    port: formList(),
    address: formList(),
    action: formList(),
    description: formList(),
  })
  .transform(({ serverId, defaultInbound, direction, protocol, port, address, action, description }) => ({
    serverId,
    defaultInbound,
    rules: direction.map((value, index) => ({ direction: value, protocol: protocol[index], port: port[index], address: address[index], action: action[index], description: description[index] })),
  }));

/** Replaces the server's whole rule set from the firewall page's editor; a job hands it to the host. */
export const saveFirewallAction = panelAction("setServerFirewall", ZFirewallForm, async ({ actor, input: { serverId, ...input }, services }) => {
  const { firewall } = await setServerFirewall({ database: services.database, queue: services.queue, actor, serverId, input });
  revalidatePath(`/servers/${serverId}/firewall`);
  revalidatePath(`/servers/${serverId}`);
  return `Saved version ${firewall.version}; the host applies it in a moment.`;
});
