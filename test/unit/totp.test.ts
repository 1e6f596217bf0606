import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { decodeBase32, encodeBase32, generateTotp, generateTotpSecret, hotp, totpUri, verifyTotp } from "../../lib/security/totp";

// RFC 6238 appendix B: the SHA1 seed is the ASCII string "12345678901234567890", 8 digits.
const rfcSecret = encodeBase32(Buffer.from("12345678901234567890", "ascii"));
const rfcVectors: [seconds: number, code: string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

test("TOTP matches the RFC 6238 SHA1 test vectors", () => {
  for (const [seconds, code] of rfcVectors) {
    assert.equal(generateTotp(rfcSecret, seconds * 1000, 8), code, `T=${seconds}`);
    // Six digits are the last six of the same truncated value.
    assert.equal(generateTotp(rfcSecret, seconds * 1000), code.slice(2), `T=${seconds}, 6 digits`);
  }
});

test("HOTP matches the RFC 4226 test vectors", () => {
  const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
  expected.forEach((code, counter) => assert.equal(hotp(Buffer.from("12345678901234567890"), counter), code));
});

test("a code is accepted one step either side of now, and not two", () => {
  const secret = generateTotpSecret();
  const now = 1_700_000_015_000;
  const step = Math.floor(now / 30_000);
  assert.equal(verifyTotp({ secret, code: generateTotp(secret, now), timeMs: now }), step);
  assert.equal(verifyTotp({ secret, code: generateTotp(secret, now - 30_000), timeMs: now }), step - 1);
  assert.equal(verifyTotp({ secret, code: generateTotp(secret, now + 30_000), timeMs: now }), step + 1);
  assert.equal(verifyTotp({ secret, code: generateTotp(secret, now - 60_000), timeMs: now }), null);
  assert.equal(verifyTotp({ secret, code: generateTotp(secret, now + 60_000), timeMs: now }), null);
});

test("malformed codes are refused without throwing", () => {
  const secret = generateTotpSecret();
  for (const code of ["", "12345", "1234567", "abcdef", "12 34 5x"]) assert.equal(verifyTotp({ secret, code }), null, code);
  // Spaces, as some apps show codes ("123 456"), are ignored.
  const now = Date.now();
  const code = generateTotp(secret, now);
  assert.notEqual(verifyTotp({ secret, code: `${code.slice(0, 3)} ${code.slice(3)}`, timeMs: now }), null);
});

test("base32 round-trips any bytes and reads lowercase, spaced, padded input", () => {
  for (let length = 0; length <= 40; length++) {
    const bytes = randomBytes(length);
    assert.deepEqual(decodeBase32(encodeBase32(bytes)), bytes, `length ${length}`);
  }
  assert.equal(encodeBase32(Buffer.from("foobar")), "MZXW6YTBOI"); // RFC 4648 section 10
  assert.deepEqual(decodeBase32("mzxw 6ytb oi======"), Buffer.from("foobar"));
  assert.throws(() => decodeBase32("MZXW1"), /base32/);
});

test("secrets are 160 bits and the otpauth URI names issuer, account and secret", () => {
  const secret = generateTotpSecret();
  assert.equal(decodeBase32(secret).length, 20);
  assert.notEqual(generateTotpSecret(), secret);
  const uri = new URL(totpUri({ secret, accountName: "ada@example.com", issuer: "Berth" }));
  assert.equal(uri.protocol, "otpauth:");
  assert.equal(uri.host, "totp");
  assert.equal(decodeURIComponent(uri.pathname), "/Berth:ada@example.com");
  assert.equal(uri.searchParams.get("secret"), secret);
  assert.equal(uri.searchParams.get("issuer"), "Berth");
  assert.equal(uri.searchParams.get("digits"), "6");
  assert.equal(uri.searchParams.get("period"), "30");
});
