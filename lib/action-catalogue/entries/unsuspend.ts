import { z } from "zod";
import { defineServerAction, providers } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

export const unsuspend = defineServerAction({
  type: "unsuspend",
  requesters: providers,
  // Unsuspending a server that is not suspended changes nothing.
  from: ["suspended", "running", "stopped", "rescue"],
  input: z.object({}),
  payload: z.object({}),
  steps: [{ label: "Unsuspending the server", run: ({ agent, server }) => agent().containerAction(server.containerName, "unsuspend") }],
  outcome: ({ container }) => ({ status: statusFromContainer(container), suspended: false }),
  billingEvent: "service.unsuspend",
  labels: {
    name: "Unsuspension",
    button: "Unsuspend",
    running: "Lifting the suspension",
    done: "Server unsuspended",
    description: "Thaws the server and reconnects its network: it is back as it was when suspended.",
  },
  panel: { placement: "provider", offeredFrom: ["suspended"], inServerLists: true },
});
