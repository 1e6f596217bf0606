import type { Database } from "../database/client";
import { agentForHost } from "../hosts/agent-for-host";
import type { BerthSettings } from "../settings";

/** How often the worker asks the agents whether pending first-boot scripts have finished. */
export const userDataCollectIntervalMs = 15_000;

/**
 * Records the end of first-boot scripts (user data) that have finished: exit code and output,
 * for the server page. Only running servers are asked; one whose agent does not answer is asked
 * again next time. Returns the servers it recorded.
 */
export async function collectUserDataResults(database: Database, settings: Pick<BerthSettings, "encryptionKey">): Promise<string[]> {
  const pending = await database.server.findMany({ where: { userDataState: "pending", status: "running", hostId: { not: null } }, include: { host: true } });
  const recorded: string[] = [];
  for (const server of pending) {
    if (!server.host) continue;
    const result = await agentForHost(server.host, settings.encryptionKey)
      .userDataResult(server.containerName)
      .catch(() => null);
    if (result?.state !== "done") continue;
    // Only if still pending: a reinstall meanwhile starts a new script, whose end is collected next.
    const updated = await database.server.updateMany({
      where: { id: server.id, userDataState: "pending" },
      data: { userDataState: "done", userDataExitCode: result.exitCode, userDataOutput: result.output },
    });
    if (updated.count === 1) recorded.push(server.id);
  }
  return recorded;
}
