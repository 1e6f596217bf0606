import { z } from "zod";
import { hashRootPassword } from "../../security/crypt-password";
import { ZFirstBootFields } from "../../servers/first-boot-input";
import { defineServerAction, everyone } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

export const resetPassword = defineServerAction({
  type: "reset_password",
  requesters: everyone,
  // The agent sets it inside the running system, so the server must be running.
  from: ["running"],
  input: z.object({ rootPassword: ZFirstBootFields.rootPassword.unwrap() }),
  // Only the crypt hash travels on: the password itself is never stored or sent to the host.
  payload: z.object({ rootPasswordHash: z.string().min(1) }),
  prepare: async ({ input }) => ({ rootPasswordHash: hashRootPassword(input.rootPassword) }),
  steps: [
    {
      label: "Setting the root password",
      run: ({ agent, server, payload }) => agent().containerAction(server.containerName, "password", { rootPasswordHash: payload.rootPasswordHash }),
    },
  ],
  outcome: ({ container }) => ({ status: statusFromContainer(container) }),
  labels: {
    name: "Password reset",
    button: "Reset root password",
    running: "Setting the root password",
    done: "Root password changed",
    description: "Sets a new password for root in the running server; log in with it on the console or over SSH where the system allows passwords.",
  },
  panel: { placement: "manage", fields: ["rootPassword"] },
});
