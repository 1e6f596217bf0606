import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { parseSshPublicKey } from "./ssh-public-key";
import { isUniqueViolation } from "../database/unique-violation";

export const ZSshKeyInput = z.object({
  name: z.string().trim().min(1, "give the key a name").max(100, "must be at most 100 characters"),
  publicKey: z.string().max(16_384, "is too long for a public key"),
});
export type TSshKeyInput = z.input<typeof ZSshKeyInput>;

/** Adds an SSH public key to the actor's account; the same key twice is a 409. */
export async function addSshKey({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  const { name, publicKey } = parseInput(ZSshKeyInput, input);
  const key = parseSshPublicKey(publicKey);
  const duplicate = () => new AppError("ssh_key_exists", 409, `publicKey: you already added this key (${key.fingerprint})`, { field: "publicKey" });
  if (await database.sshKey.findUnique({ where: { userId_fingerprint: { userId: actor.userId, fingerprint: key.fingerprint } }, select: { id: true } })) throw duplicate();
  try {
    return await database.$transaction(async (transaction) => {
      const created = await transaction.sshKey.create({ data: { userId: actor.userId, name, publicKey: key.normalized, fingerprint: key.fingerprint } });
      await recordAuditEvent(transaction, { ...auditActor(actor), action: "ssh_key.create", targetType: "ssh_key", targetId: created.id, result: "success", details: { name, type: key.type, fingerprint: key.fingerprint } });
      return created;
    });
  } catch (error) {
    // The same key added twice at once: the unique index decides.
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}
