import type { Transaction } from "../database/client";
import { AppError } from "../errors";
import { serverActionOf, ZServerActionPayload } from "./catalogue";
import { claimServerForJob } from "./claim-server";

/**
 * An admin retries a failed action: its failure released the server's claim (and whatever the
 * entry reserved), so the job claims the server again (409 server_busy if another action has
 * started since) and the entry takes again what it takes on acceptance.
 */
export async function reclaimServerForRetry(transaction: Transaction, jobId: string, payload: unknown) {
  const { serverId, action } = ZServerActionPayload.parse(payload);
  const { type, ...actionPayload } = action;
  const server = await transaction.server.findUnique({ where: { id: serverId }, include: { owner: true, plan: true, template: true, host: true } });
  if (!server) throw new AppError("server_not_found", 409, "The server this job acted on no longer exists");
  if (server.status === "terminated") throw new AppError("server_terminated", 409, "This server has been terminated");
  await claimServerForJob(transaction, serverId, jobId);
  await transaction.server.update({ where: { id: serverId }, data: { statusMessage: null } });
  await serverActionOf(type).accepted?.(transaction, { server, payload: actionPayload });
  return server.owner;
}
