import { createHash, randomBytes } from "node:crypto";

/** A fresh single-use token (console tickets, account links): 32 random bytes, URL-safe. Only its hash is stored. */
export function newSingleUseToken(): string {
  return randomBytes(32).toString("base64url");
}

export function singleUseTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
