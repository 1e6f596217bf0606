import type { Transaction } from "../database/client";
import type { AntiAffinity } from "./choose-host";
import { placedServerStatuses } from "./host-room";

/** The hosts a labelled server must stay off: those holding another live server of its owner with the same label. */
export async function antiAffinityOf(transaction: Pick<Transaction, "server">, server: { id: string; ownerId: string; antiAffinityGroup: string | null }): Promise<AntiAffinity | null> {
  if (!server.antiAffinityGroup) return null;
  const siblings = await transaction.server.findMany({
    where: { ownerId: server.ownerId, antiAffinityGroup: server.antiAffinityGroup, id: { not: server.id }, hostId: { not: null }, status: { in: placedServerStatuses } },
    select: { hostId: true },
  });
  return { group: server.antiAffinityGroup, hostIds: new Set(siblings.map((sibling) => sibling.hostId!)) };
}
