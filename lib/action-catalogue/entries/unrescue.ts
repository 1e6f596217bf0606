import { z } from "zod";
import { agentStep, defineServerAction, everyone } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

export const unrescue = defineServerAction({
  type: "unrescue",
  requesters: everyone,
  from: ["rescue"],
  input: z.object({}),
  payload: z.object({}),
  steps: [agentStep("Booting the server's own system", "unrescue")],
  outcome: ({ container }) => ({ status: statusFromContainer(container), desiredState: "running" }),
  labels: {
    name: "Leaving rescue",
    button: "Leave rescue",
    running: "Leaving the rescue system",
    done: "Server running its own system",
    description: "Stops the rescue system and boots the server's own system again, with every change made to /mnt/disk.",
  },
  panel: { placement: "power", hiddenWhenUnavailable: true },
});
