import { createHash, randomBytes, randomInt } from "node:crypto";

/*
 * SHA-512 crypt ($6$, Ulrich Drepper's specification), the hash every Linux /etc/shadow
 * accepts. Berth hashes a VPS's root password here, as soon as it receives it, so only the hash
 * ever travels to the worker, the agent and the VPS.
 */

const alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const rounds = 5000;

// The specification's order of digest bytes, three at a time, for the final base-64 text.
const byteOrder = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
  [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
] as const;

function sha512(...parts: Buffer[]): Buffer {
  const hash = createHash("sha512");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** `length` bytes of `digest` repeated. */
function stretch(digest: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0; offset < length; offset += digest.length) digest.copy(out, offset, 0, Math.min(digest.length, length - offset));
  return out;
}

function encode(value: number, characters: number): string {
  let text = "";
  for (let index = 0; index < characters; index += 1) {
    text += alphabet[value & 0x3f];
    value >>>= 6;
  }
  return text;
}

/** The $6$ hash of `password` with `salt` (at most 16 characters of ./0-9A-Za-z). */
export function sha512Crypt(password: string, salt: string): string {
  const key = Buffer.from(password, "utf8");
  const saltBytes = Buffer.from(salt.slice(0, 16), "utf8");
  const alternate = sha512(key, saltBytes, key);
  const first = createHash("sha512").update(key).update(saltBytes).update(stretch(alternate, key.length));
  for (let length = key.length; length > 0; length >>= 1) first.update(length & 1 ? alternate : key);
  let digest = first.digest();
  const keySequence = stretch(sha512(...Array<Buffer>(key.length).fill(key)), key.length);
  const saltSequence = stretch(sha512(...Array<Buffer>(16 + (digest[0] ?? 0)).fill(saltBytes)), saltBytes.length);
  for (let round = 0; round < rounds; round += 1) {
    const odd = round % 2 === 1;
    const hash = createHash("sha512").update(odd ? keySequence : digest);
    if (round % 3 !== 0) hash.update(saltSequence);
    if (round % 7 !== 0) hash.update(keySequence);
    digest = hash.update(odd ? digest : keySequence).digest();
  }
  const bytes = digest;
  const encoded = byteOrder.map(([a, b, c]) => encode(((bytes[a] ?? 0) << 16) | ((bytes[b] ?? 0) << 8) | (bytes[c] ?? 0), 4)).join("") + encode(bytes[63] ?? 0, 2);
  return `$6$${saltBytes.toString("utf8")}$${encoded}`;
}

/** A fresh $6$ hash of `password` with a random 16-character salt. */
export function hashRootPassword(password: string): string {
  const salt = Array.from(randomBytes(16), (byte) => alphabet[byte & 0x3f]).join("");
  return sha512Crypt(password, salt);
}

// No look-alike characters (0/O, 1/l/I): a customer may have to type it on a console.
const readable = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A random root password for a customer who chose none: 20 readable characters (~115 bits). */
export function generateRootPassword(): string {
  return Array.from({ length: 20 }, () => readable[randomInt(readable.length)]).join("");
}
