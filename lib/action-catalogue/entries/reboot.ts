import { z } from "zod";
import { agentStep, defineServerAction, everyone } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

export const reboot = defineServerAction({
  type: "reboot",
  requesters: everyone,
  from: ["running", "stopped"],
  input: z.object({}),
  payload: z.object({}),
  steps: [agentStep("Rebooting the server", "reboot")],
  outcome: ({ container }) => ({ status: statusFromContainer(container), desiredState: "running" }),
  labels: { name: "Reboot", button: "Reboot", running: "Reboot in progress", done: "Server rebooted", description: "Stops the server and starts it again with a fresh init." },
  panel: { placement: "power", offeredFrom: ["running"] },
});
