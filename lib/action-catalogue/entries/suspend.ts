import { z } from "zod";
import { defineServerAction, providers } from "../define-server-action";

const reason = z.object({ reason: z.string().trim().max(500).optional() });

export const suspend = defineServerAction({
  type: "suspend",
  requesters: providers,
  // Suspending a suspended server again is harmless (a billing system repeating itself).
  from: ["running", "stopped", "rescue", "suspended"],
  input: reason,
  payload: reason,
  steps: [{ label: "Suspending the server", run: ({ agent, server }) => agent().containerAction(server.containerName, "suspend") }],
  outcome: () => ({ status: "suspended", suspended: true }),
  billingEvent: "service.suspend",
  labels: {
    name: "Suspension",
    button: "Suspend",
    running: "Suspending the server",
    done: "Server suspended",
    description: "Freezes the server and cuts its network; its owner keeps its data but cannot use it until it is unsuspended.",
  },
  panel: { placement: "provider", offeredFrom: ["running", "stopped", "rescue"], fields: ["reason"], inServerLists: true },
});
