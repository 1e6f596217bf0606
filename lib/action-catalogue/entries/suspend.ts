import { z } from "zod";
import { defineServerAction, providers } from "../define-server-action";
import { providerLevelOf, providerLevels } from "../requester";

const reason = z.object({ reason: z.string().trim().max(500).optional() });
// Who suspended ("admin" or "reseller"): only that level or above lifts it (entries/unsuspend.ts).
const payload = reason.extend({ by: z.enum(providerLevels).optional() });

export const suspend = defineServerAction({
  type: "suspend",
  requesters: providers,
  // Suspending a suspended server again is harmless (a billing system repeating itself).
  from: ["running", "stopped", "rescue", "suspended"],
  // Billing must win: a provider's suspension does not wait behind (or for) the owner's actions.
  preempts: providers,
  input: reason,
  payload,
  async prepare({ requester, actor, input }) {
    return { reason: input.reason, by: providerLevelOf(requester, actor) ?? "admin" };
  },
  // A new suspension is not one that lifting the owner's reseller's suspension would undo.
  async accepted(transaction, { server }) {
    await transaction.server.update({ where: { id: server.id }, data: { suspendedWithReseller: false } });
  },
  steps: [{ label: "Suspending the server", run: ({ agent, server }) => agent().containerAction(server.containerName, "suspend") }],
  outcome: ({ server, payload }) => {
    const by = payload.by ?? "admin";
    // A reseller suspending again never lowers the admin's suspension: the admin's level and reason stay.
    if (server.suspended && server.suspendedBy === "admin" && by !== "admin") return { status: "suspended", suspended: true };
    return { status: "suspended", suspended: true, suspendedBy: by, suspendReason: payload.reason ?? null };
  },
  billingEvent: "service.suspend",
  // A billing system repeating a suspension tells nobody twice.
  announce: ({ server, payload }) => (server.suspended ? null : { event: "server.suspended", details: { reason: payload.reason ?? null } }),
  labels: {
    name: "Suspension",
    button: "Suspend",
    running: "Suspending the server",
    done: "Server suspended",
    description: "Freezes the server and cuts its network; its owner keeps its data but cannot use it until it is unsuspended.",
  },
  panel: { placement: "provider", offeredFrom: ["running", "stopped", "rescue"], fields: ["reason"], inServerLists: true },
});
