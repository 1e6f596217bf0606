import { z } from "zod";
import { agentStep, defineServerAction, everyone } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

export const rescue = defineServerAction({
  type: "rescue",
  requesters: everyone,
  from: ["running", "stopped"],
  input: z.object({}),
  payload: z.object({}),
  steps: [agentStep("Booting the rescue system", "rescue")],
  outcome: ({ container }) => ({ status: statusFromContainer(container), desiredState: "running" }),
  labels: {
    name: "Rescue",
    button: "Boot rescue",
    running: "Booting the rescue system",
    done: "Rescue system running",
    description: "Stops the server and boots a small rescue system in its place, with the same addresses and the server's own disk at /mnt/disk, to repair a system that no longer boots.",
  },
  panel: {
    placement: "power",
    hiddenWhenUnavailable: true,
    confirm: {
      title: "Boot the rescue system?",
      detail: "The server stops and a rescue system starts with its addresses; its disk is mounted at /mnt/disk. Leave rescue to boot your own system again.",
      button: "Stop and boot rescue",
    },
  },
});
