import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * TOTP (RFC 6238) over HOTP (RFC 4226): HMAC-SHA1, 30-second steps, 6 digits, which is what
 * every authenticator app expects from a plain otpauth:// URI.
 *
 * A code is accepted for the current step and one step either side, for clock drift. verifyTotp
 * returns the matching step; callers make codes single-use by accepting only a step newer than
 * the user's last accepted one (User.totpLastStep, lib/account/verify-second-factor.ts).
 */

export const totpStepSeconds = 30;
export const totpDigits = 6;
const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding (authenticator apps accept it either way). */
export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += base32Alphabet[(value << (5 - bits)) & 31];
  return output;
}

/** Decodes base32, ignoring case, spaces, dashes and padding; throws on any other character. */
export function decodeBase32(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, "");
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const character of clean) {
    const index = base32Alphabet.indexOf(character);
    if (index === -1) throw new Error(`not a base32 character: ${JSON.stringify(character)}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new random secret: 20 bytes (160 bits, the HMAC-SHA1 block RFC 4226 recommends), base32. */
export function generateTotpSecret(): string {
  return encodeBase32(randomBytes(20));
}

/** HOTP value for one counter, zero-padded to `digits`. */
export function hotp(key: Uint8Array, counter: number, digits = totpDigits): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hmac = createHmac("sha1", key).update(message).digest();
  const offset = hmac[hmac.length - 1]! & 0x0f;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

export function totpStep(timeMs: number): number {
  return Math.floor(timeMs / 1000 / totpStepSeconds);
}

/** The code for a base32 secret at a time (ms since the epoch). */
export function generateTotp(secret: string, timeMs = Date.now(), digits = totpDigits): string {
  return hotp(decodeBase32(secret), totpStep(timeMs), digits);
}

/**
 * Checks a code against the steps around `timeMs` (±window). Returns the matching step, or null.
 * Every candidate is compared in constant time and all are tried, so timing says nothing.
 */
export function verifyTotp({ secret, code, timeMs = Date.now(), window = 1 }: { secret: string; code: string; timeMs?: number; window?: number }): number | null {
  const given = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(given)) return null;
  const key = decodeBase32(secret);
  const current = totpStep(timeMs);
  let matched: number | null = null;
  for (let step = current - window; step <= current + window; step++) {
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(given)) && matched === null) matched = step;
  }
  return matched;
}

/** The otpauth:// URI authenticator apps scan (Key Uri Format). */
export function totpUri({ secret, accountName, issuer }: { secret: string; accountName: string; issuer: string }): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const query = new URLSearchParams({ secret, issuer, algorithm: "SHA1", digits: String(totpDigits), period: String(totpStepSeconds) });
  return `otpauth://totp/${label}?${query}`;
}
