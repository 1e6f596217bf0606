import { z } from "zod";
import { agentStep, defineServerAction, everyone } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

export const start = defineServerAction({
  type: "start",
  requesters: everyone,
  // Starting a running server changes nothing, so a repeated request is harmless.
  from: ["running", "stopped"],
  input: z.object({}),
  payload: z.object({}),
  steps: [agentStep("Starting the server", "start")],
  outcome: ({ container }) => ({ status: statusFromContainer(container), desiredState: "running" }),
  labels: { name: "Start", button: "Start", running: "Start in progress", done: "Server started", description: "Boots the stopped server with its current plan." },
  panel: { placement: "power", offeredFrom: ["stopped"] },
});
