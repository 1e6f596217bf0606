import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../access/actor";
import { auditActor } from "../access/actor";
import { auditTenancyOf } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";

const tokenPrefix = "berth_";

export const ZApiTokenInput = z.object({ name: z.string().trim().min(1, "give the token a name").max(100) });

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a token for its owner. The token itself is returned once; only its hash is stored. */
export async function createApiToken({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  const { name } = parseInput(ZApiTokenInput, input);
  const token = `${tokenPrefix}${randomBytes(32).toString("base64url")}`;
  const apiToken = await database.$transaction(async (transaction) => {
    const created = await transaction.apiToken.create({
      data: { ownerId: actor.userId, name, tokenHash: hashApiToken(token), prefix: token.slice(0, tokenPrefix.length + 6) },
    });
    await recordAuditEvent(transaction, { ...auditActor(actor), ...(await auditTenancyOf(transaction, actor.userId)), action: "api_token.create", targetType: "api_token", targetId: created.id, result: "success", details: { name } });
    return created;
  });
  return { token, apiToken };
}

/**
 * The owner of a valid, unrevoked token, or null. Records when the token was last used. A
 * suspended owner's tokens stop working at once and work again when it is unsuspended.
 */
export async function authenticateApiToken(database: Database, token: string) {
  if (!token.startsWith(tokenPrefix)) return null;
  const apiToken = await database.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) }, include: { owner: true } });
  if (!apiToken || apiToken.revokedAt || apiToken.owner.suspendedAt) return null;
  // Once a minute is precise enough and spares a write on every request.
  if (!apiToken.lastUsedAt || Date.now() - apiToken.lastUsedAt.getTime() > 60_000) {
    await database.apiToken.update({ where: { id: apiToken.id }, data: { lastUsedAt: new Date() } });
  }
  return apiToken;
}

export async function listApiTokens(database: Database, ownerId: string) {
  return database.apiToken.findMany({
    where: { ownerId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, lastUsedAt: true, revokedAt: true, createdAt: true },
  });
}

/** Revokes one of the actor's own tokens; revoking twice is fine; others' tokens are 404. */
export async function revokeApiToken({ database, actor, tokenId }: { database: Database; actor: Actor; tokenId: string }) {
  const apiToken = await database.apiToken.findFirst({ where: { id: tokenId, ownerId: actor.userId } });
  if (!apiToken) throw new AppError("not_found", 404, `API token ${tokenId} not found`);
  if (apiToken.revokedAt) return apiToken;
  return database.$transaction(async (transaction) => {
    const revoked = await transaction.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAuditEvent(transaction, { ...auditActor(actor), ...(await auditTenancyOf(transaction, actor.userId)), action: "api_token.revoke", targetType: "api_token", targetId: tokenId, result: "success" });
    return revoked;
  });
}
