"use server";

import { z } from "zod";
import { issueConsoleTicket } from "@/lib/console/issue-console-ticket";
import { formId } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

/** A single-use, 30-second ticket for the server's browser console (the page opens the socket with it at once). */
export const openConsoleAction = panelAction("openConsole", z.object({ serverId: formId("server") }), async ({ actor, input, services }) => {
  const ticket = await issueConsoleTicket({ database: services.database, actor, serverId: input.serverId });
  return { serverId: ticket.serverId, ticket: ticket.token };
});
