import type { Actor } from "../../lib/access/actor";
import type { Database } from "../../lib/database/client";
import { splitRanges } from "../../lib/network/address-ranges";
import { apiTokenScopes, createApiToken, listApiTokens, revokeApiToken } from "../../lib/tokens/api-tokens";
import { findUserByEmail } from "../find-user";
import { withDatabase } from "../open-database";
import { formatDate, printRows } from "../output";
import { choiceFlag, parseFlags, positiveIntegerFlag, requiredFlag } from "../parse-flags";

/** Token commands act as the token's owner, so the domain functions apply their usual ownership rules. */
async function actorFor(database: Database, email: string): Promise<Actor> {
  const user = await findUserByEmail(database, email);
  return { userId: user.id, role: user.role, via: "cli" };
}

async function createTokenCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("token create", args, {
    email: { type: "string" },
    name: { type: "string" },
    scope: { type: "string", default: "full" },
    servers: { type: "string" },
    "source-ranges": { type: "string" },
    "expires-at": { type: "string" },
    "expires-in-days": { type: "string" },
  });
  const email = requiredFlag(values.email, "email", "the email of the user the token acts as");
  const input = {
    name: requiredFlag(values.name, "name", "a name to tell the token apart, e.g. billing-sync"),
    scope: choiceFlag(values.scope, "scope", apiTokenScopes),
    serverIds: values.servers?.split(",").map((id) => id.trim()).filter(Boolean),
    sourceRanges: values["source-ranges"] === undefined ? undefined : splitRanges(values["source-ranges"]),
    expiresAt: values["expires-at"],
    expiresInDays: positiveIntegerFlag(values["expires-in-days"], "expires-in-days", 3650),
  };
  const { token, apiToken } = await withDatabase(async (database) =>
    createApiToken({ database, actor: await actorFor(database, email), input }),
  );
  console.log(`Created ${apiToken.scope === "read" ? "read-only" : "full"} API token ${apiToken.id} (${apiToken.name}) for ${email}${apiToken.expiresAt ? `, expiring ${formatDate(apiToken.expiresAt)}` : ""}`);
  console.log(token);
  console.log("(shown only now; only its hash is stored)");
  return 0;
}

async function listTokensCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("token list", args, { email: { type: "string" }, json: { type: "boolean", default: false } });
  const email = requiredFlag(values.email, "email", "the email of the user whose tokens to list");
  const tokens = await withDatabase(async (database) => listApiTokens(database, (await findUserByEmail(database, email)).id));
  const rows = tokens.map((token) => ({
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: formatDate(token.createdAt),
    lastUsedAt: formatDate(token.lastUsedAt),
    revokedAt: formatDate(token.revokedAt),
    scope: token.scope,
    expiresAt: formatDate(token.expiresAt),
    serverIds: token.serverIds,
    sourceRanges: token.sourceRanges,
  }));
  printRows(rows, [
    { header: "ID", value: (row) => row.id },
    { header: "NAME", value: (row) => row.name },
    { header: "PREFIX", value: (row) => row.prefix },
    { header: "CREATED", value: (row) => row.createdAt },
    { header: "LAST USED", value: (row) => row.lastUsedAt },
    { header: "REVOKED", value: (row) => row.revokedAt },
    { header: "SCOPE", value: (row) => row.scope },
    { header: "EXPIRES", value: (row) => row.expiresAt },
    { header: "SERVERS", value: (row) => row.serverIds?.join(",") ?? "all" },
    { header: "FROM", value: (row) => row.sourceRanges?.join(",") ?? "anywhere" },
  ], { json: values.json, emptyMessage: `No API tokens for ${email}.` });
  return 0;
}

async function revokeTokenCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("token revoke", args, { email: { type: "string" }, id: { type: "string" } });
  const email = requiredFlag(values.email, "email", "the email of the token's owner");
  const tokenId = requiredFlag(values.id, "id", `the token's id (see "berth token list --email ${email}")`);
  const revoked = await withDatabase(async (database) =>
    revokeApiToken({ database, actor: await actorFor(database, email), tokenId }),
  );
  console.log(`Revoked API token ${revoked.id} (${revoked.name}) at ${formatDate(revoked.revokedAt)}`);
  return 0;
}

export const tokenCommands = { create: createTokenCommand, list: listTokensCommand, revoke: revokeTokenCommand };
