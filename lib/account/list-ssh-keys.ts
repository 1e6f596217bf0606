import type { Database } from "../database/client";

/** The user's SSH keys, newest first. */
export async function listSshKeys({ database, userId }: { database: Database; userId: string }) {
  return database.sshKey.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, publicKey: true, fingerprint: true, createdAt: true },
  });
}
