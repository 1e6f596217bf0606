import { z } from "zod";
import { agentStep, defineServerAction, everyone } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

export const stop = defineServerAction({
  type: "stop",
  requesters: everyone,
  from: ["running", "stopped"],
  input: z.object({}),
  payload: z.object({}),
  steps: [agentStep("Stopping the server", "stop")],
  outcome: ({ container }) => ({ status: statusFromContainer(container), desiredState: "stopped" }),
  labels: { name: "Stop", button: "Stop", running: "Stop in progress", done: "Server stopped", description: "Shuts the server down cleanly (it is killed if it does not stop in time)." },
  panel: { placement: "power", offeredFrom: ["running"] },
});
