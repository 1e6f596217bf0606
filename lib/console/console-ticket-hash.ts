import { createHash, randomBytes } from "node:crypto";

/** A fresh console ticket: 32 random bytes, URL-safe. Only its hash is stored. */
export function newConsoleTicketToken(): string {
  return randomBytes(32).toString("base64url");
}

export function consoleTicketHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
