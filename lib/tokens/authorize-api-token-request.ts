import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import type { UserRole } from "../domain/statuses";
import { AppError } from "../errors";
import { isSafeMethod } from "../http/same-origin";
import { addressInRanges, storedList } from "../network/address-ranges";
import { authenticateApiToken } from "./api-tokens";

export interface AuthorizeApiTokenRequestOptions {
  database: Database;
  /** The bearer token as sent. */
  token: string;
  /** The request's HTTP method: a read-only token may only GET (HEAD, OPTIONS). */
  method: string;
  /** The caller's address (clientAddress), checked against the token's source ranges. */
  ipAddress: string | null;
  now?: Date;
}

/**
 * The Actor a bearer token acts as for one request: 401 for an unknown, revoked or expired token
 * (or a suspended owner), 403 token_source_refused from outside its source ranges, 403
 * token_read_only for a read-only token on anything but a read. A token limited to servers
 * carries them on the Actor, and serverScope shows only those.
 */
export async function authorizeApiTokenRequest({ database, token, method, ipAddress, now = new Date() }: AuthorizeApiTokenRequestOptions): Promise<Actor> {
  const apiToken = await authenticateApiToken(database, token, now);
  if (!apiToken) throw new AppError("unauthenticated", 401, "The API token is not valid, has expired or has been revoked");
  const sourceRanges = storedList(apiToken.sourceRanges);
  if (sourceRanges && !addressInRanges(ipAddress, sourceRanges)) {
    throw new AppError("token_source_refused", 403, `This API token may not be used from ${ipAddress ?? "an unknown address"}`);
  }
  if (apiToken.scope !== "full" && !isSafeMethod(method)) {
    throw new AppError("token_read_only", 403, "This API token is read-only: it may only read (GET)");
  }
  return {
    userId: apiToken.ownerId,
    role: apiToken.owner.role as UserRole,
    via: "token",
    credentialId: apiToken.id,
    ipAddress,
    serverIds: storedList(apiToken.serverIds),
  };
}
