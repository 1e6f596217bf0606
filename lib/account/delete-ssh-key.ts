import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";

/** Deletes one of the actor's own SSH keys; anyone else's is a 404, as if it did not exist. */
export async function deleteSshKey({ database, actor, sshKeyId }: { database: Database; actor: Actor; sshKeyId: string }): Promise<void> {
  await database.$transaction(async (transaction) => {
    const { count } = await transaction.sshKey.deleteMany({ where: { id: sshKeyId, userId: actor.userId } });
    if (count === 0) throw new AppError("not_found", 404, `SSH key ${sshKeyId} not found`);
    await recordAuditEvent(transaction, { ...auditActor(actor), action: "ssh_key.delete", targetType: "ssh_key", targetId: sshKeyId, result: "success" });
  });
}
