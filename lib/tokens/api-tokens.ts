import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../access/actor";
import { auditActor } from "../access/actor";
import { serverScope } from "../access/server-scope";
import { auditTenancyOf } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { listToStore, storedList, ZAddressRanges } from "../network/address-ranges";

const tokenPrefix = "berth_";

/** Active (unrevoked, unexpired) tokens one user may have at once. */
export const apiTokenLimit = 25;

/** "read": GET (and HEAD, OPTIONS) only; "full": everything its owner may do. */
export const apiTokenScopes = ["read", "full"] as const;
export type TApiTokenScope = (typeof apiTokenScopes)[number];

export const ZApiTokenInput = z
  .object({
    name: z.string().trim().min(1, "give the token a name").max(100),
    scope: z.enum(apiTokenScopes, { message: "choose read or full" }).default("full"),
    /** Only these of the owner's servers; empty or absent: all of them. */
    serverIds: z.array(z.string().trim().min(1)).max(100, "at most 100 servers").optional(),
    /** Usable only from these source ranges; empty or absent: from anywhere. */
    sourceRanges: ZAddressRanges.optional(),
    expiresAt: z.coerce.date({ message: "give a date and time, such as 2027-01-31T00:00:00Z" }).optional(),
    /** The same as expiresAt, counted from now (the panel's and CLI's choice). */
    expiresInDays: z.number().int("a whole number of days").min(1, "at least 1 day").max(3650, "at most 3650 days").optional(),
  })
  .refine((input) => !(input.expiresAt && input.expiresInDays), { message: "give expiresAt or expiresInDays, not both", path: ["expiresAt"] });
export type TApiTokenInput = z.input<typeof ZApiTokenInput>;

/** Tokens that still work (suspension of the owner aside) at `now`. */
export function activeApiTokenWhere(now: Date) {
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a token for its owner, with its scope, optional servers (ones its owner may see, else
 * 404), source ranges and expiry. The token itself is returned once; only its hash is stored. An
 * owner with apiTokenLimit active tokens is refused (409 token_limit).
 */
export async function createApiToken({ database, actor, input, now = new Date() }: { database: Database; actor: Actor; input: unknown; now?: Date }) {
  const { name, scope, serverIds: requestedServerIds, sourceRanges, expiresAt: requestedExpiry, expiresInDays } = parseInput(ZApiTokenInput, input);
  const expiresAt = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : (requestedExpiry ?? null);
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new AppError("invalid_request", 400, "expiresAt: must be in the future", { field: "expiresAt" });
  }
  const serverIds = [...new Set(requestedServerIds ?? [])];
  if (serverIds.length > 0) {
    const visible = await database.server.findMany({ where: { AND: [{ id: { in: serverIds } }, serverScope(actor)] }, select: { id: true } });
    const missing = serverIds.find((id) => !visible.some((server) => server.id === id));
    if (missing) throw new AppError("not_found", 404, `serverIds: server ${missing} not found`, { field: "serverIds" });
  }
  const token = `${tokenPrefix}${randomBytes(32).toString("base64url")}`;
  const apiToken = await database.$transaction(async (transaction) => {
    // Written first, then counted: a concurrent creation waits for this write, so both cannot slip under the limit.
    const created = await transaction.apiToken.create({
      data: {
        ownerId: actor.userId,
        name,
        tokenHash: hashApiToken(token),
        prefix: token.slice(0, tokenPrefix.length + 6),
        scope,
        serverIds: listToStore(serverIds),
        sourceRanges: listToStore(sourceRanges),
        expiresAt,
      },
    });
    const active = await transaction.apiToken.count({ where: { ownerId: actor.userId, ...activeApiTokenWhere(now) } });
    if (active > apiTokenLimit) {
      throw new AppError("token_limit", 409, `You already have ${apiTokenLimit} active API tokens; revoke one you no longer use first`, { limit: apiTokenLimit });
    }
    const details = { name, scope, serverIds: serverIds.length > 0 ? serverIds : null, sourceRanges: sourceRanges?.length ? sourceRanges : null, expiresAt: expiresAt?.toISOString() ?? null };
    await recordAuditEvent(transaction, { ...auditActor(actor), ...(await auditTenancyOf(transaction, actor.userId)), action: "api_token.create", targetType: "api_token", targetId: created.id, result: "success", details });
    return created;
  });
  return { token, apiToken };
}

/**
 * The owner of a valid, unrevoked, unexpired token, or null. Records when the token was last
 * used. A suspended owner's tokens stop working at once and work again when it is unsuspended.
 * Scope, servers and source ranges are checked by authorizeApiTokenRequest.
 */
export async function authenticateApiToken(database: Database, token: string, now: Date = new Date()) {
  if (!token.startsWith(tokenPrefix)) return null;
  const apiToken = await database.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    include: { owner: { include: { reseller: { select: { suspendedAt: true } } } } },
  });
  // A suspended reseller's customers are suspended with it.
  if (!apiToken || apiToken.revokedAt || apiToken.owner.suspendedAt || apiToken.owner.reseller?.suspendedAt) return null;
  if (apiToken.expiresAt && apiToken.expiresAt.getTime() <= now.getTime()) return null;
  // Once a minute is precise enough and spares a write on every request.
  if (!apiToken.lastUsedAt || Date.now() - apiToken.lastUsedAt.getTime() > 60_000) {
    await database.apiToken.update({ where: { id: apiToken.id }, data: { lastUsedAt: new Date() } });
  }
  return apiToken;
}

/** The owner's tokens, newest first, with their limits (null lists: no limit). */
export async function listApiTokens(database: Database, ownerId: string) {
  const tokens = await database.apiToken.findMany({
    where: { ownerId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, lastUsedAt: true, revokedAt: true, createdAt: true, scope: true, serverIds: true, sourceRanges: true, expiresAt: true },
  });
  return tokens.map((token) => ({ ...token, scope: token.scope as TApiTokenScope, serverIds: storedList(token.serverIds), sourceRanges: storedList(token.sourceRanges) }));
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
