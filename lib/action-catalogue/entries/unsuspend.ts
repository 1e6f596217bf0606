import { z } from "zod";
import { AppError } from "../../errors";
import { defineServerAction, providers } from "../define-server-action";
import { mayLiftSuspension, providerLevelOf } from "../requester";
import { statusFromContainer } from "../status-from-container";

export const unsuspend = defineServerAction({
  type: "unsuspend",
  requesters: providers,
  // Unsuspending a server that is not suspended changes nothing.
  from: ["suspended", "running", "stopped", "rescue"],
  input: z.object({}),
  payload: z.object({}),
  // Only the level that suspended (or above) lifts it: a reseller or its webhook cannot undo the admin's abuse suspension.
  async prepare({ requester, actor, server }) {
    if (server.suspended && !mayLiftSuspension(providerLevelOf(requester, actor), server.suspendedBy)) {
      throw new AppError("suspended_by_provider", 403, "This server was suspended by the platform's operator; only they can lift the suspension", {
        action: "unsuspend",
        suspendedBy: server.suspendedBy,
      });
    }
    return {};
  },
  steps: [{ label: "Unsuspending the server", run: ({ agent, server }) => agent().containerAction(server.containerName, "unsuspend") }],
  outcome: ({ container }) => ({ status: statusFromContainer(container), suspended: false, suspendedBy: null, suspendReason: null, suspendedWithReseller: false }),
  billingEvent: "service.unsuspend",
  announce: ({ server }) => (server.suspended ? { event: "server.unsuspended" } : null),
  labels: {
    name: "Unsuspension",
    button: "Unsuspend",
    running: "Lifting the suspension",
    done: "Server unsuspended",
    description: "Thaws the server and reconnects its network: it is back as it was when suspended.",
  },
  panel: { placement: "provider", offeredFrom: ["suspended"], inServerLists: true },
});
