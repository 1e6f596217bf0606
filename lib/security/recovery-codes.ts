import { createHash, randomInt } from "node:crypto";

// Recovery codes stand in for a lost authenticator. They are random (10 characters from a
// 31-character alphabet: about 49 bits), so a plain SHA-256 is enough to store them; bcrypt would only
// slow sign-in down. Letters that are easy to confuse (0/O, 1/I/L) are left out.
const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
export const recoveryCodeCount = 10;

/** Lowercase, without spaces or dashes: how codes are compared and hashed. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

/** Looks like a recovery code (not a 6-digit TOTP code). */
export function isRecoveryCodeShape(code: string): boolean {
  return /^[a-z0-9]{10}$/.test(normalizeRecoveryCode(code));
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}

/** Fresh codes as shown to the user, "xxxxx-xxxxx". */
export function generateRecoveryCodes(count = recoveryCodeCount): string[] {
  return Array.from({ length: count }, () => {
    const characters = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join("");
    return `${characters.slice(0, 5)}-${characters.slice(5)}`;
  });
}
