import type { Actor } from "../../lib/access/actor";
import type { Database } from "../../lib/database/client";
import { createApiToken, listApiTokens, revokeApiToken } from "../../lib/tokens/api-tokens";
import { findUserByEmail } from "../find-user";
import { withDatabase } from "../open-database";
import { formatDate, printRows } from "../output";
import { parseFlags, requiredFlag } from "../parse-flags";

/** Token commands act as the token's owner, so the domain functions apply their usual ownership rules. */
async function actorFor(database: Database, email: string): Promise<Actor> {
  const user = await findUserByEmail(database, email);
  return { userId: user.id, role: user.role, via: "cli" };
}

async function createTokenCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("token create", args, { email: { type: "string" }, name: { type: "string" } });
  const email = requiredFlag(values.email, "email", "the email of the user the token acts as");
  const name = requiredFlag(values.name, "name", "a name to tell the token apart, e.g. billing-sync");
  const { token, apiToken } = await withDatabase(async (database) =>
    createApiToken({ database, actor: await actorFor(database, email), input: { name } }),
  );
  console.log(`Created API token ${apiToken.id} (${apiToken.name}) for ${email}`);
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
  }));
  printRows(rows, [
    { header: "ID", value: (row) => row.id },
    { header: "NAME", value: (row) => row.name },
    { header: "PREFIX", value: (row) => row.prefix },
    { header: "CREATED", value: (row) => row.createdAt },
    { header: "LAST USED", value: (row) => row.lastUsedAt },
    { header: "REVOKED", value: (row) => row.revokedAt },
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
