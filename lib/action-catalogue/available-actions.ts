import type { Actor } from "../access/actor";
import { serverActionCatalogue } from "./catalogue";
import type { ServerActionDefinition, ServerActionLabels, ServerActionPanel } from "./define-server-action";
import { displayStatus } from "../servers/display-status";
import { requesterOf, statusesAllowed } from "./requester";

/** One action as the panel shows it to one caller (serializable: it goes to client components). */
export interface ServerActionControl {
  type: string;
  labels: ServerActionLabels;
  panel: ServerActionPanel;
  /** The caller may run it now. */
  offered: boolean;
  /** Why not, when it is not offered. */
  reason: string | null;
}

interface ServerForControls {
  status: string;
  suspended: boolean;
  activeJobId: string | null;
  /** A provider's suspend or terminate already waiting for the server. */
  nextJobId?: string | null;
  owner: { id: string; resellerId: string | null };
}

/**
 * The actions the caller may ever ask for on this server, each with whether the panel offers it
 * now. This only mirrors requestServerAction's rules for display; that function still decides.
 */
export function serverActionControls(actor: Actor, server: ServerForControls): ServerActionControl[] {
  const requester = requesterOf(actor, server.owner);
  const status = displayStatus(server);
  return (serverActionCatalogue as readonly ServerActionDefinition[])
    .filter((entry) => entry.requesters.includes(requester))
    .map((entry) => {
      const allowed = statusesAllowed(entry, requester);
      const offeredFrom = (entry.panel.offeredFrom ?? allowed).filter((candidate) => allowed.includes(candidate));
      // A provider's suspend or terminate does not wait for the running action (one may wait its turn).
      const waitsItsTurn = (entry.preempts?.includes(requester) ?? false) && !server.nextJobId;
      const reason = server.activeJobId && !waitsItsTurn
        ? "Another action is running on this server"
        : offeredFrom.includes(status)
          ? null
          : `Not possible while the server is ${status}`;
      return { type: entry.type, labels: entry.labels, panel: entry.panel, offered: reason === null, reason };
    });
}
