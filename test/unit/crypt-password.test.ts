import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { generateRootPassword, hashRootPassword, sha512Crypt } from "../../lib/security/crypt-password";

// openssl implements the same specification independently: its answer is the reference.
function opensslHash(password: string, salt: string): string {
  return execFileSync("openssl", ["passwd", "-6", "-salt", salt, "-stdin"], { input: password }).toString().trim();
}

test("SHA-512 crypt matches openssl for short, long and non-ASCII passwords and salts", () => {
  const cases: Array<[string, string]> = [
    ["correct horse battery staple", "abcdefgh12345678"],
    ["x", "ab"],
    ["pässwörd ünd a line longer than sixty-four bytes, so the key sequence wraps around the digest", "saltsalt"],
    ["twelve-chars", "./0123456789ABCD"],
  ];
  for (const [password, salt] of cases) assert.equal(sha512Crypt(password, salt), opensslHash(password, salt));
});

test("a salt longer than 16 characters is cut to 16, as crypt(3) does", () => {
  assert.equal(sha512Crypt("password12345", "0123456789abcdefXYZ"), opensslHash("password12345", "0123456789abcdef"));
});

test("hashRootPassword salts every hash afresh; generated passwords are 20 readable characters", () => {
  const first = hashRootPassword("same password!");
  const second = hashRootPassword("same password!");
  assert.match(first, /^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
  assert.notEqual(first, second);
  assert.equal(sha512Crypt("same password!", first.split("$")[2] ?? ""), first);
  const generated = new Set(Array.from({ length: 50 }, generateRootPassword));
  assert.equal(generated.size, 50);
  for (const password of generated) assert.match(password, /^[a-km-zA-HJ-NP-Z2-9]{20}$/);
});
