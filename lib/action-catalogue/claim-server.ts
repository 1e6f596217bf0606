import type { Transaction } from "../database/client";
import { AppError } from "../errors";

/** Makes the job the server's one active action, atomically; another unfinished action means 409. */
export async function claimServerForJob(transaction: Transaction, serverId: string, jobId: string): Promise<void> {
  const claimed = await transaction.server.updateMany({ where: { id: serverId, activeJobId: null }, data: { activeJobId: jobId } });
  if (claimed.count !== 1) {
    const server = await transaction.server.findUnique({ where: { id: serverId }, select: { activeJobId: true } });
    throw new AppError("server_busy", 409, "Another action is still running on this server; try again when it has finished", {
      activeJobId: server?.activeJobId ?? null,
    });
  }
}
