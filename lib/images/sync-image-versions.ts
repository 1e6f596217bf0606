import type { AgentClient } from "../../agent/client";
import type { Database } from "../database/client";

/**
 * Makes the host's ImageVersion rows what its agent holds now: every version it lists is
 * upserted and marked seen, and rows it no longer lists (pruned versions) are deleted. Answers
 * the agent's list.
 */
export async function syncImageVersions(database: Database, hostId: string, agent: Pick<AgentClient, "listImages">) {
  const images = await agent.listImages();
  const seenAt = new Date();
  await database.$transaction(async (transaction) => {
    for (const image of images) {
      const fields = {
        osName: image.os.prettyName,
        source: image.source,
        sizeBytes: BigInt(image.sizeBytes),
        containers: image.containers,
        createdAt: new Date(image.createdAt),
        seenAt,
      };
      await transaction.imageVersion.upsert({
        where: { hostId_name_version: { hostId, name: image.name, version: image.version } },
        create: { hostId, name: image.name, version: image.version, ...fields },
        update: fields,
      });
    }
    await transaction.imageVersion.deleteMany({ where: { hostId, seenAt: { lt: seenAt } } });
  });
  return images;
}
