import { z } from "zod";
import { certificateSha256 } from "../../agent/protocol/pinned-certificate";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { encryptSecret } from "../security/secret-box";
import { singleUseTokenHash } from "../security/single-use-token";

// The body of agent/join/join-protocol.ts's JoinRequest, checked at the panel's edge.
export const ZJoinHost = z.object({
  token: z.string().min(16, "must be the join token").max(200, "must be the join token"),
  agentUrl: z
    .string()
    .url("must be an https:// URL")
    .refine((url) => url.startsWith("https://") && new URL(url).port !== "", { message: "must be https://ADDRESS:PORT" }),
  certificatePem: z.string().max(16_384).refine(
    (pem) => {
      try {
        certificateSha256(pem);
        return true;
      } catch {
        return false;
      }
    },
    { message: "must be one PEM X.509 certificate" },
  ),
  secret: z.string().regex(/^[0-9a-f]{64,128}$/, "must be 32 to 64 bytes in hex"),
  capacity: z.object({
    vcpus: z.number().int().min(1),
    memoryMb: z.number().int().min(1),
    diskMb: z.number().int().min(1),
  }),
});
export type TJoinHost = z.input<typeof ZJoinHost>;

/**
 * A new host's agent joins with its one-time token (the token is the only credential): the panel
 * keeps its URL, pinned certificate, encrypted secret and capacity, makes it active and up, and
 * spends the token, so a second join with it is refused like a wrong one (401). Answers the
 * host's name, which the agent signs into its requests from then on.
 */
export async function joinHost({ database, encryptionKey, input, now = new Date() }: { database: Database; encryptionKey: string; input: unknown; now?: Date }) {
  const join = parseInput(ZJoinHost, input);
  const joinTokenHash = singleUseTokenHash(join.token);
  return database.$transaction(async (transaction) => {
    const host = await transaction.host.findUnique({ where: { joinTokenHash } });
    if (!host) throw new AppError("invalid_join_token", 401, "The join token is wrong or was already used; run berth hosts add again");
    if (!host.joinTokenExpiresAt || host.joinTokenExpiresAt <= now) {
      throw new AppError("join_token_expired", 401, "The join token has expired; run berth hosts add again for a new one");
    }
    // Conditional on the token still being there: of two joins racing with one token, one wins.
    const { count } = await transaction.host.updateMany({
      where: { id: host.id, joinTokenHash },
      data: {
        agentUrl: new URL(join.agentUrl).origin,
        agentSecretEncrypted: encryptSecret(join.secret, encryptionKey),
        agentCertificatePem: join.certificatePem,
        agentCertificateSha256: certificateSha256(join.certificatePem),
        vcpuCapacity: join.capacity.vcpus,
        memoryMbCapacity: join.capacity.memoryMb,
        diskMbCapacity: join.capacity.diskMb,
        active: true,
        health: "up",
        lastSeenAt: now,
        healthMessage: null,
        joinedAt: now,
        joinTokenHash: null,
        joinTokenExpiresAt: null,
      },
    });
    if (count !== 1) throw new AppError("invalid_join_token", 401, "The join token is wrong or was already used; run berth hosts add again");
    await recordAuditEvent(transaction, {
      actorType: "system",
      action: "host.join",
      targetType: "host",
      targetId: host.id,
      result: "success",
      details: { name: host.name, agentUrl: join.agentUrl, certificateSha256: certificateSha256(join.certificatePem), capacity: join.capacity },
    });
    return { host: { name: host.name } };
  });
}
